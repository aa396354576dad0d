/**
 * What the parser decided about tokens whose spacing depends on it: which `-`/`!`/`*` are binary operators and
 * which are prefixes, and which statements are directives (for alignment). Read from the CST so the formatter
 * never guesses: `a -1` (two arguments) and `a - 1` (a subtraction) must stay what they are.
 */
import type { CstNode, IToken } from 'chevrotain';

export interface TokenRoles {
  /** Start offsets of binary operator tokens. */
  binary: Set<number>;
  /** Start offsets of prefix operator tokens (`-x`, `!x`). */
  prefix: Set<number>;
  /** Start offsets of the keyword of every directive (a declaration without a body). */
  directives: Set<number>;
}

function isNode(child: CstNode | IToken): child is CstNode {
  return (child as CstNode).children !== undefined;
}

function tokensOf(node: CstNode, name: string): IToken[] {
  return ((node.children[name] ?? []) as (CstNode | IToken)[]).filter((c): c is IToken => !isNode(c));
}

export function collectRoles(root: CstNode): TokenRoles {
  const roles: TokenRoles = { binary: new Set(), prefix: new Set(), directives: new Set() };
  // An explicit stack: a deeply nested file must not exhaust the call stack here.
  const stack: CstNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.name === 'expression') for (const t of tokensOf(node, 'operator')) roles.binary.add(t.startOffset);
    if (node.name === 'operand') for (const t of tokensOf(node, 'prefix')) roles.prefix.add(t.startOffset);
    if (node.name === 'declaration' && (node.children.body ?? []).length === 0) {
      for (const t of tokensOf(node, 'keyword')) roles.directives.add(t.startOffset);
    }
    for (const list of Object.values(node.children)) {
      for (const child of list as (CstNode | IToken)[]) if (isNode(child)) stack.push(child);
    }
  }
  return roles;
}
