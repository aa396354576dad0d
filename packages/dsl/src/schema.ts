/**
 * `@lb/dsl/schema`: the declarative schema of blocks and directives and the builtin function names, without the
 * parser. It loads no chevrotain (whose package can only be imported as ESM), so code that runs as CommonJS, such as
 * packages/vscode's TextMate grammar generator under tsx, can use it. Pure; the same names are in `@lb/dsl`.
 */
export { SCHEMA, BLOCK_KINDS, blocksAllowing, wordsOf } from './semantics/schema.ts';
export type { BlockKind, BlockSpec, DirectiveSpec } from './semantics/schema.ts';
export { BUILTINS } from './semantics/builtins.ts';
