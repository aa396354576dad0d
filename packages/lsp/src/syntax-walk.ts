/** Generic walks over lb's syntax tree: nested item lists, sub-expressions and the blocks around an offset. */
import type { Ast } from '@lb/dsl';

type Item = Ast.Item;
type Expr = Ast.Expr;

/** Item lists nested in an item (block body, loop body, branches, function body). */
export function nestedItems(item: Item): Item[][] {
  switch (item.kind) {
    case 'Block':
      return [item.body];
    case 'For':
      return [item.body];
    case 'Fn':
      return item.body.kind === 'Items' ? [item.body.items] : [];
    case 'If': {
      const lists = [item.then];
      if (Array.isArray(item.else)) lists.push(item.else);
      else if (item.else) lists.push([item.else]);
      return lists;
    }
    default:
      return [];
  }
}

/** Every item of a file, depth first, in source order. */
export function* allItems(items: readonly Item[]): Generator<Item> {
  for (const item of items) {
    yield item;
    for (const list of nestedItems(item)) yield* allItems(list);
  }
}

/** Direct sub-expressions of an expression. */
export function subExpressions(expr: Expr): Expr[] {
  switch (expr.kind) {
    case 'String':
      return expr.parts.filter((p): p is Expr => typeof p !== 'string');
    case 'List':
      return expr.items;
    case 'Range':
      return [expr.from, expr.to];
    case 'Binary':
      return [expr.left, expr.right];
    case 'Unary':
      return [expr.operand];
    case 'Call':
      return expr.args;
    case 'Member':
      return [expr.object];
    case 'Index':
      return [expr.object, expr.index];
    case 'AddressOf':
      return [expr.host, expr.port];
    default:
      return [];
  }
}

/** Expressions written directly in an item (not in nested items). */
export function itemExpressions(item: Item): Expr[] {
  switch (item.kind) {
    case 'Block':
    case 'Directive':
      return item.groups.flat();
    case 'Let':
      return [item.value];
    case 'Fn':
      return item.body.kind === 'Expr' ? [item.body.expr] : [];
    case 'For':
      return [item.iterable];
    case 'If':
      return [item.condition];
    case 'Import':
      return [item.path];
    case 'CallStmt':
      return [item.call];
  }
}

/**
 * The items whose body holds `offset`, outermost first. A block left open while typing (its body does not end
 * with `}`) is taken to run on until the next item after it, so completion inside it still knows where it is.
 */
export function enclosingItems(items: readonly Item[], offset: number, text: string, end = text.length): Item[] {
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    const lists = nestedItems(item);
    if (lists.length === 0) continue;
    const bodyStart = item.kind === 'Block' ? item.bodySpan.start : item.span.start;
    const closed = text[item.span.end - 1] === '}';
    const until = closed ? item.span.end - 1 : i + 1 < items.length ? items[i + 1].span.start : end;
    if (offset <= bodyStart || offset > until) continue;
    for (const list of lists) {
      const inner = enclosingItems(list, offset, text, until);
      if (inner.length > 0) return [item, ...inner];
    }
    return [item];
  }
  return [];
}

/** The innermost item of any kind whose span holds `offset`. */
export function itemAt(items: readonly Item[], offset: number): Item | undefined {
  for (const item of items) {
    if (offset < item.span.start || offset > item.span.end) continue;
    for (const list of nestedItems(item)) {
      const inner = itemAt(list, offset);
      if (inner) return inner;
    }
    return item;
  }
  return undefined;
}

/** The plain text of a string literal without interpolation, else undefined. */
export function plainString(expr: Expr): string | undefined {
  return expr.kind === 'String' && expr.parts.every((p) => typeof p === 'string') ? (expr.parts as string[]).join('') : undefined;
}
