/**
 * Command-line parsing, by hand (no dependency): `lb compile FILE... -o DIR`,
 * `lb check FILE|DIR... [--format F] [--max-warnings N]`, `lb graph FILE [--format F]`, `lb help [COMMAND]`,
 * `lb fmt ...` (whose options fmt-command.ts reads),
 * `--help`, `--version`. Pure: returns what to do or a usage error, never exits.
 */
import { didYouMean } from '../util/suggest.ts';

export const COMMANDS = ['compile', 'check', 'fmt', 'graph', 'run', 'help'] as const;
export type CommandName = (typeof COMMANDS)[number];

export const CHECK_FORMATS = ['text', 'json', 'sarif', 'github'] as const;
export type OutputFormat = (typeof CHECK_FORMATS)[number];
export const GRAPH_FORMATS = ['mermaid', 'dot', 'svg'] as const;
export type GraphFormat = (typeof GRAPH_FORMATS)[number];

export type Invocation =
  | { kind: 'compile'; files: string[]; outDir: string }
  /** `maxWarnings` only when --max-warnings was given: without it warnings never fail. */
  | { kind: 'check'; files: string[]; format: OutputFormat; maxWarnings?: number }
  | { kind: 'graph'; file: string; format: GraphFormat }
  /** `lb fmt` parses its own arguments (fmt-command.ts). */
  | { kind: 'fmt'; argv: string[] }
  /** `lb run` parses its own arguments (run-command.ts) and is asynchronous (runCliAsync). */
  | { kind: 'run'; argv: string[] }
  | { kind: 'help'; topic?: CommandName }
  | { kind: 'version' };

export type ParseOutcome =
  | { ok: true; invocation: Invocation }
  /** `topic`: the command whose usage should accompany the message. */
  | { ok: false; message: string; topic?: CommandName };

type Command = 'compile' | 'check' | 'graph';

const FLAGS: Record<Command, string[]> = {
  compile: ['-o', '--out', '-h', '--help'],
  check: ['--format', '--max-warnings', '-h', '--help'],
  graph: ['--format', '-h', '--help'],
};

export function parseArgs(argv: readonly string[]): ParseOutcome {
  const [first, ...rest] = argv;
  if (first === undefined) return { ok: false, message: 'missing command' };
  if (first === '-h' || first === '--help') return { ok: true, invocation: { kind: 'help' } };
  if (first === '-V' || first === '-v' || first === '--version') return { ok: true, invocation: { kind: 'version' } };
  if (first === 'help') return parseHelp(rest);
  if (first === 'fmt') return { ok: true, invocation: { kind: 'fmt', argv: rest } };
  if (first === 'run') return { ok: true, invocation: { kind: 'run', argv: rest } };
  if (first === 'compile' || first === 'check' || first === 'graph') return parseCommand(first, rest);
  if (first.startsWith('-')) return { ok: false, message: `unknown option '${first}'` };
  return { ok: false, message: unknownCommand(first) };
}

function unknownCommand(word: string): string {
  return `unknown command '${word}'.${didYouMean(word, COMMANDS)}`.replace(/\.$/, '');
}

function parseHelp(rest: readonly string[]): ParseOutcome {
  if (rest.length === 0) return { ok: true, invocation: { kind: 'help' } };
  const topic = rest[0];
  if (topic === '-h' || topic === '--help') return { ok: true, invocation: { kind: 'help', topic: 'help' } };
  if (rest.length > 1) return { ok: false, message: `'help' takes at most one command, got ${rest.length}` };
  if (!isCommand(topic)) return { ok: false, message: unknownCommand(topic) };
  return { ok: true, invocation: { kind: 'help', topic } };
}

function isCommand(word: string): word is CommandName {
  return (COMMANDS as readonly string[]).includes(word);
}

function quoteList(words: readonly string[]): string {
  const quoted = words.map((w) => `'${w}'`);
  return quoted.length <= 2 ? quoted.join(' or ') : `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
}

function parseCommand(command: Command, rest: readonly string[]): ParseOutcome {
  const files: string[] = [];
  let outDir: string | undefined;
  let format: string | undefined;
  let maxWarnings: number | undefined;
  let onlyFiles = false;
  const usage = (message: string): ParseOutcome => ({ ok: false, message, topic: command });

  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (onlyFiles || arg === '-' || !arg.startsWith('-')) {
      files.push(arg);
      continue;
    }
    if (arg === '--') {
      onlyFiles = true;
      continue;
    }
    if (arg === '-h' || arg === '--help') return { ok: true, invocation: { kind: 'help', topic: command } };

    // `--flag=value` or `--flag value` (and `-o value`, `-oDIR`).
    const eq = arg.indexOf('=');
    let flag = eq > 0 && arg.startsWith('--') ? arg.slice(0, eq) : arg;
    let inline = eq > 0 && arg.startsWith('--') ? arg.slice(eq + 1) : undefined;
    if (!arg.startsWith('--') && arg.length > 2) {
      flag = arg.slice(0, 2);
      inline = arg.slice(2);
    }
    if (!FLAGS[command].includes(flag)) {
      const known = FLAGS[command].filter((f) => f.startsWith('--'));
      return usage(`unknown option '${flag}' for '${command}'.${didYouMean(flag, known)}`.replace(/\.$/, ''));
    }
    let value = inline;
    if (value === undefined) {
      value = rest[i + 1];
      if (value === undefined || (value.startsWith('-') && value !== '-')) return usage(`option '${flag}' needs a value`);
      i++;
    }
    if (value === '') return usage(`option '${flag}' needs a value`);

    if (flag === '-o' || flag === '--out') {
      if (outDir !== undefined) return usage(`option '${flag}' given twice`);
      outDir = value;
    } else if (flag === '--format') {
      const allowed: readonly string[] = command === 'graph' ? GRAPH_FORMATS : CHECK_FORMATS;
      if (!allowed.includes(value)) return usage(`--format must be ${quoteList(allowed)}, not '${value}'`);
      format = value;
    } else if (flag === '--max-warnings') {
      if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
        return usage(`--max-warnings needs a whole number of warnings (0 or more), not '${value}'`);
      }
      maxWarnings = Number(value);
    }
  }

  if (command === 'graph') {
    if (files.length !== 1) return usage(`'graph' needs exactly one .lb file, got ${files.length}`);
    return { ok: true, invocation: { kind: 'graph', file: files[0], format: (format ?? 'mermaid') as GraphFormat } };
  }
  if (command === 'compile') {
    if (files.length === 0) return usage(`'compile' needs at least one .lb file`);
    if (outDir === undefined) return usage(`'compile' needs an output directory: -o DIR`);
    return { ok: true, invocation: { kind: 'compile', files, outDir } };
  }
  if (files.length === 0) return usage(`'check' needs at least one .lb file or directory`);
  const check: Invocation = { kind: 'check', files, format: (format ?? 'text') as OutputFormat };
  if (maxWarnings !== undefined) check.maxWarnings = maxWarnings;
  return { ok: true, invocation: check };
}
