/** Usage texts for `lb --help`, `lb help COMMAND` and usage errors. */
import type { CommandName } from './args.ts';
import { FMT_HELP } from './fmt-command.ts';
import { RUN_HELP } from './run-command.ts';

const OVERVIEW = `lb: a typed language for load balancers. Compiles .lb files to haproxy.cfg, keepalived.conf
and KubeKey Cluster YAML, and checks them for mistakes first.

Usage:
  lb compile FILE... -o DIR                 write the generated files into DIR
  lb check FILE|DIR... [--format FORMAT]    report problems without writing anything
  lb fmt [--check | --write] FILE|DIR...    format .lb files in the canonical layout
  lb graph FILE [--format mermaid|dot|svg]  draw the topology (frontends, backends, VIPs, clusters)
  lb run FILE [--kill SERVER --after D]     run it locally: app servers, haproxy, a live view, reload on save
  lb help [COMMAND]                         show help (also: lb COMMAND --help)
  lb --version                              print the version

Exit status: 0 success; 1 findings at the failing level (errors; for check also more warnings
than --max-warnings allows; for fmt --check files that are not formatted); 2 bad usage, a FILE
that cannot be read, a write failure or an internal error. Everything is described in docs/cli.md.
`;

const COMPILE = `Usage: lb compile FILE... -o DIR

Checks each FILE and, when none has an error, writes its outputs into DIR (created if needed):
  DIR/<host>/haproxy.cfg        for each load-balancer host (role lb, or a vrrp member)
  DIR/<host>/keepalived.conf    for each host in a vrrp
  DIR/haproxy.cfg               when the file declares no host
  DIR/<cluster>.yaml            KubeKey Cluster for each cluster
With several FILEs, each one's outputs go to DIR/<file name without .lb>/.

All or nothing: if any FILE has an error, or uses env("NAME") without a default while NAME is unset,
nothing in DIR changes. Files are written to temporary files first and renamed into place. Files that
contain a secret are written with mode 0600, the others 0644.

Options:
  -o, --out DIR   output directory (required)
  -h, --help      show this help
`;

const CHECK = `Usage: lb check FILE|DIR... [--format text|json|sarif|github] [--max-warnings N]

Reports every problem in each FILE and the files it imports, sorted by file and position. A DIR
stands for every *.lb file below it (sorted; node_modules and directories starting with '.' are
skipped). A file imported by another one is also checked on its own.

Options:
  --format text     file:line:col: severity CODE: message, with the source line underlined, then
                    a summary line (default). Colour on a terminal unless NO_COLOR is set.
  --format json     a JSON array of {file, code, severity, message, range, related}; positions
                    are 1-based and range.end is the position just after the range
  --format sarif    SARIF 2.1.0 for code scanning (github/codeql-action/upload-sarif)
  --format github   GitHub Actions annotations (::error file=...,line=...::message); when
                    GITHUB_STEP_SUMMARY is set, also appends a markdown summary with the topology
  --max-warnings N  also fail (exit 1) when there are more than N warnings
  -h, --help        show this help

Exit status: 0 no error (and at most N warnings with --max-warnings N; infos never fail);
1 an error, or too many warnings; 2 bad usage, or a FILE or DIR that cannot be read.
`;

const GRAPH = `Usage: lb graph FILE [--format mermaid|dot|svg]

Prints the topology of FILE: frontends -> backends -> servers with their health checks, VRRP VIPs
-> the hosts that hold them with their priorities, cluster endpoint -> control-plane nodes.

Options:
  --format mermaid  a Mermaid flowchart; GitHub renders it in a \`\`\`mermaid block (default)
  --format dot      Graphviz DOT
  --format svg      SVG drawn by Graphviz's dot, which must be installed (apt-get install graphviz)
  -h, --help        show this help

Exit status: 0 drawn; 1 drawn, but FILE has errors (listed on stderr); 2 bad usage, an unreadable
FILE, or --format svg without Graphviz.
`;

const HELP = `Usage: lb help [COMMAND]

Shows the overview, or the help of one command (compile, check, fmt, graph).
`;

export function helpText(topic?: CommandName): string {
  if (topic === 'compile') return COMPILE;
  if (topic === 'check') return CHECK;
  if (topic === 'graph') return GRAPH;
  if (topic === 'fmt') return FMT_HELP;
  if (topic === 'run') return RUN_HELP;
  if (topic === 'help') return HELP;
  return OVERVIEW;
}

/** The short form printed after a usage error. */
export function usageText(topic?: CommandName): string {
  const text = helpText(topic);
  const usage = text.split('\n').filter((line) => line.startsWith('Usage:') || line.startsWith('  lb '));
  return `${usage.join('\n')}\nRun 'lb ${topic && topic !== 'help' ? `${topic} ` : ''}--help' for more.\n`;
}
