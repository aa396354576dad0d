/** Usage texts for `lb --help`, `lb help COMMAND` and usage errors. */
import type { CommandName } from './args.ts';

const OVERVIEW = `lb: a typed language for load balancers. Compiles .lb files to haproxy.cfg, keepalived.conf
and KubeKey Cluster YAML, and checks them for mistakes first.

Usage:
  lb compile FILE... -o DIR              write the generated files into DIR
  lb check FILE... [--format text|json]  report problems without writing anything
  lb help [COMMAND]                      show help (also: lb COMMAND --help)
  lb --version                           print the version

Exit status: 0 success; 1 the .lb files have errors (nothing is written);
2 bad usage, a FILE that cannot be read, a write failure or an internal error.
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

const CHECK = `Usage: lb check FILE... [--format text|json]

Reports every problem in each FILE and the files it imports, sorted by file and position.
Exit status 1 when there is an error, 0 otherwise (warnings do not fail).

Options:
  --format text   file:line:col: severity CODE: message, with the source line underlined (default)
  --format json   a JSON array of {file, code, severity, message, range, related}; positions are 1-based
                  and range.end is the position just after the range
  -h, --help      show this help

Colour is used on a terminal unless NO_COLOR is set.
`;

const HELP = `Usage: lb help [COMMAND]

Shows the overview, or the help of one command (compile, check).
`;

export function helpText(topic?: CommandName): string {
  if (topic === 'compile') return COMPILE;
  if (topic === 'check') return CHECK;
  if (topic === 'help') return HELP;
  return OVERVIEW;
}

/** The short form printed after a usage error. */
export function usageText(topic?: CommandName): string {
  const text = helpText(topic);
  const usage = text.split('\n').filter((line) => line.startsWith('Usage:') || line.startsWith('  lb '));
  return `${usage.join('\n')}\nRun 'lb ${topic && topic !== 'help' ? `${topic} ` : ''}--help' for more.\n`;
}
