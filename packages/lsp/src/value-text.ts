/** How an evaluated value is shown in hovers and inlay hints. A secret is always `<secret>`. */
import { textOf, type EvalValue } from '@lb/dsl';

export const SECRET_TEXT = '<secret>';

export function valueText(v: EvalValue, limit = 200): string {
  const text = render(v);
  return text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
}

function render(v: EvalValue): string {
  switch (v.kind) {
    case 'secret':
      return SECRET_TEXT;
    case 'function':
      return `fn ${v.name}(${v.decl.params.map((p) => p.name).join(', ')})`;
    case 'none':
      return '(not computed)';
    case 'string':
      return JSON.stringify(v.value);
    case 'list':
      return `[${v.items.map(render).join(', ')}]`;
    default:
      return textOf(v) ?? `(${v.kind})`;
  }
}

/** Distinct renderings of the values a name took (a loop variable takes several). */
export function distinctValues(values: readonly EvalValue[], max = 8): string {
  const texts = [...new Set(values.map((v) => valueText(v, 80)))];
  return texts.length > max ? `${texts.slice(0, max).join(', ')}, … (${texts.length} values)` : texts.join(', ');
}
