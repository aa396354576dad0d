/**
 * The public API of @lb/dsl: what the CLI, the language server, the VS Code extension and Deno users import.
 * Pure: no node:* and no process, so it runs unchanged in Node, Deno and a browser worker.
 */
export { check, compile, blocksOutput, hasErrors, normalizeDiagnostics } from './api/compile.ts';
export type { CheckResult, CompileResult } from './api/compile.ts';
export { memoryFileSystem } from './api/host.ts';
export type { CompileOptions, FileSystem } from './api/host.ts';

export { parse, parseIncremental } from './syntax/index.ts';
export type { IncrementalStats, ParsedText, ParseResult } from './syntax/index.ts';
export type { SourceFile } from './syntax/ast.ts';
export type * as Ast from './syntax/ast.ts';
export { evaluate } from './semantics/index.ts';
export { runChecks } from './checks/index.ts';
export { emitAll } from './emit/index.ts';
export type { EmitResult } from './emit/index.ts';
export type { OutputFile, Target } from './emit/common/output.ts';
export { mapToolMessages } from './emit/common/tool-messages.ts';
export type { ToolMessage } from './emit/common/tool-messages.ts';

export { SourceText, makeDiagnostic, sortDiagnostics } from './diagnostics/diagnostic.ts';
export type { Diagnostic, Position, RelatedInfo, Severity, Span } from './diagnostics/diagnostic.ts';
export { RULES, ruleInfo, ruleHelpUri } from './diagnostics/codes.ts';
export type { RuleInfo } from './diagnostics/codes.ts';

// Suppressions (`# lb-ignore`) and the project configuration (lb.json); see docs/suppressions.md.
export { findProjectConfig, lockReason, parseProjectConfig, PROJECT_CONFIG_NAME, readSuppressions } from './config/index.ts';
export type { ParsedProjectConfig, ProjectConfig, RuleSetting, Suppression } from './config/index.ts';
export { projectConfigSchema } from './config/schema.ts';
export { applyProjectConfig } from './config/apply-config.ts';
export type { ConfigOutcome } from './config/apply-config.ts';

// `lb fmt`: the formatter (whitespace between tokens only).
export { format } from './format/index.ts';
export type { FormatResult } from './format/index.ts';

// Diagnostic rendering (report/), as `lb check` prints it (pure; colour is an option).
export { SourceSet } from './report/sources.ts';
export { codeFrame, formatDiagnosticText, formatDiagnosticsText, formatSummary } from './report/format-text.ts';
export type { TextStyle } from './report/format-text.ts';
export { diagnosticsToJson, formatJson } from './report/format-json.ts';
export type { JsonDiagnostic, JsonRange } from './report/format-json.ts';

export type * from './model/model.ts';
export { Secret, isSecret } from './model/values.ts';
export type { Address, Cidr, Duration, Ip, SecretOr, Size } from './model/values.ts';

// For editors (the language server, issue 4): the declarative schema, comments, import paths, the settings a proxy
// really runs with, and the text of an evaluated value (undefined for a secret, which an editor shows as <secret>).
export { SCHEMA, BLOCK_KINDS, blocksAllowing, wordsOf } from './semantics/schema.ts';
export type { BlockKind, BlockSpec, DirectiveSpec } from './semantics/schema.ts';
export { lexComments } from './syntax/index.ts';
export type { CommentToken } from './syntax/index.ts';
export { resolveRelative } from './util/path.ts';
export { effectiveSettings, effectiveServerOptions } from './checks/settings.ts';
export type { EffectiveSettings } from './checks/settings.ts';
export { formatAddress } from './checks/addresses.ts';
export { textOf } from './semantics/values.ts';
export type { EvalValue } from './semantics/values.ts';
export { cidrText, formatDuration } from './model/values.ts';

export { graphMermaid, graphDot } from './graph/index.ts';
export { BUILTINS } from './semantics/builtins.ts';
