/** Runs the real validator for a generated file: haproxy -c -dW, keepalived -t in a netns, the KubeKey schema. */
import type { OutputFile } from '../../packages/dsl/src/emit/common/output.ts';
import { checkHaproxy } from './haproxy.ts';
import { checkKeepalived } from './keepalived.ts';
import { validateKubekey } from './kubekey.ts';

/** Interface names a keepalived.conf refers to, so the check's namespace can have them. */
export function keepalivedInterfaces(text: string): string[] {
  const names = new Set<string>();
  for (const m of text.matchAll(/^\s*interface\s+(\S+)/gm)) names.add(m[1]);
  for (const m of text.matchAll(/\sdev\s+(\S+)/g)) names.add(m[1]);
  return [...names];
}

/**
 * Strict by default: haproxy -c -dW and keepalived -t with zero warnings. `strict: false` is for inputs that carry
 * lb warnings on purpose (a missing timeout, a 12-character VRRP password): the real tools then warn too, so
 * haproxy must still pass -c without -dW, and keepalived (whose exit code does not tell warnings from errors) is
 * skipped.
 */
export function validateOutput(file: OutputFile, options: { strict?: boolean } = {}): { ok: boolean; output: string } {
  const strict = options.strict !== false;
  switch (file.target) {
    case 'haproxy':
      return checkHaproxy(file.text, { zeroWarning: strict });
    case 'keepalived':
      return strict ? checkKeepalived(file.text, keepalivedInterfaces(file.text)) : { ok: true, output: 'skipped: input has lb warnings' };
    case 'kubekey': {
      const r = validateKubekey(file.text);
      return { ok: r.ok, output: r.errors.join('\n') };
    }
  }
}
