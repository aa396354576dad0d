/**
 * Command-line parsing, by hand (no dependency): `lb compile FILE... -o DIR`, `lb check FILE... [--format F]`,
 * `lb help [COMMAND]`, `--help`, `--version`. Pure: returns what to do or a usage error, never exits.
 */
import { didYouMean } from '../util/suggest.ts';

export const COMMANDS = ['compile', 'check', 'help'] as const;
export type CommandName = (typeof COMMANDS)[number];
export type OutputFormat = 'text' | 'json';

export type Invocation =
  | { kind: 'compile'; files: string[]; outDir: string }
  | { kind: 'check'; files: string[]; format: OutputFormat }
  | { kind: 'help'; topic?: CommandName }
  | { kind: 'version' };

export type ParseOutcome =
  | { ok: true; invocation: Invocation }
  /** `topic`: the command whose usage should accompany the message. */
  | { ok: false; message: string; topic?: CommandName };

const FLAGS: Record<'compile' | 'check', string[]> = {
  compile: ['-o', '--out', '-h', '--help'],
  check: ['--format', '-h', '--help'],
};

export function parseArgs(argv: readonly string[]): ParseOutcome {
  const [first, ...rest] = argv;
  if (first === undefined) return { ok: false, message: 'missing command' };
  if (first === '-h' || first === '--help') return { ok: true, invocation: { kind: 'help' } };
  if (first === '-V' || first === '-v' || first === '--version') return { ok: true, invocation: { kind: 'version' } };
  if (first === 'help') return parseHelp(rest);
  if (first === 'compile' || first === 'check') return parseCommand(first, rest);
  if (first.startsWith('-')) return { ok: false, message: `unknown option '${first}'` };
  return { ok: false, message: `unknown command '${first}'.${didYouMean(first, COMMANDS)}`.replace(/\.$/, '') };
}

function parseHelp(rest: readonly string[]): ParseOutcome {
  if (rest.length === 0) return { ok: true, invocation: { kind: 'help' } };
  const topic = rest[0];
  if (topic === '-h' || topic === '--help') return { ok: true, invocation: { kind: 'help', topic: 'help' } };
  if (rest.length > 1) return { ok: false, message: `'help' takes at most one command, got ${rest.length}` };
  if (!isCommand(topic)) return { ok: false, message: `unknown command '${topic}'.${didYouMean(topic, COMMANDS)}`.replace(/\.$/, '') };
  return { ok: true, invocation: { kind: 'help', topic } };
}

function isCommand(word: string): word is CommandName {
  return (COMMANDS as readonly string[]).includes(word);
}

function parseCommand(command: 'compile' | 'check', rest: readonly string[]): ParseOutcome {
  const files: string[] = [];
  let outDir: string | undefined;
  let format: OutputFormat | undefined;
  let onlyFiles = false;

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
      return { ok: false, message: `unknown option '${flag}' for '${command}'.${didYouMean(flag, known)}`.replace(/\.$/, ''), topic: command };
    }
    let value = inline;
    if (value === undefined) {
      value = rest[i + 1];
      if (value === undefined || (value.startsWith('-') && value !== '-')) {
        return { ok: false, message: `option '${flag}' needs a value`, topic: command };
      }
      i++;
    }
    if (value === '') return { ok: false, message: `option '${flag}' needs a value`, topic: command };

    if (flag === '-o' || flag === '--out') {
      if (outDir !== undefined) return { ok: false, message: `option '${flag}' given twice`, topic: command };
      outDir = value;
    } else if (flag === '--format') {
      if (value !== 'text' && value !== 'json') {
        return { ok: false, message: `--format must be 'text' or 'json', not '${value}'`, topic: command };
      }
      format = value;
    }
  }

  if (files.length === 0) return { ok: false, message: `'${command}' needs at least one .lb file`, topic: command };
  if (command === 'compile') {
    if (outDir === undefined) return { ok: false, message: `'compile' needs an output directory: -o DIR`, topic: command };
    return { ok: true, invocation: { kind: 'compile', files, outDir } };
  }
  return { ok: true, invocation: { kind: 'check', files, format: format ?? 'text' } };
}
