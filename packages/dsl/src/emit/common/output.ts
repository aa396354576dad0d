import type { Span } from '../../diagnostics/diagnostic.ts';

export type Target = 'haproxy' | 'keepalived' | 'kubekey';

/** One generated file. `lines[i]` is line i+1 of `text`; `map[i]` is the `.lb` span it came from (null for
 *  headers and blank lines). `text` always ends with a newline. */
export interface OutputFile {
  /** Relative path inside the output directory, '/'-separated: `lb1/haproxy.cfg`, `haproxy.cfg`, `prod.yaml`. */
  path: string;
  target: Target;
  /** The host this file is for, when outputs are per host. */
  host?: string;
  text: string;
  map: (Span | null)[];
  /** True when the file contains a revealed secret: written with mode 0600. */
  secret: boolean;
}
