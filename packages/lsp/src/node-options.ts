/**
 * Node options the language server should run with, shared by the VS Code client and the benchmark. A 64 MB young
 * generation halves how often a check of a large file triggers a scavenge, whose pauses set the p95 of diagnostics
 * and completion latency (bench/README.md: p95 53-71 -> 39-47 ms on 10,000 lines).
 */
export const SERVER_NODE_OPTIONS: readonly string[] = ['--max-semi-space-size=64'];
