/**
 * The node-only API of @lb/dsl (`@lb/dsl/node`): what needs `node:*` and so cannot be in the pure entry.
 * The language server imports it to write a compile's outputs the same way `lb compile` does.
 */
export { writeOutputs } from '../cli/output.ts';
export type { FileToWrite, WriteOutcome } from '../cli/output.ts';
