/**
 * `lb check --format sarif`: SARIF 2.1.0 (https://docs.oasis-open.org/sarif/sarif/v2.1.0/) for code-scanning
 * tools such as github/codeql-action/upload-sarif. One run; the driver lists every rule of the catalogue with its
 * documentation link, so a result's `ruleIndex` points into a fixed table whatever was found. Regions are 1-based
 * with an exclusive `endColumn` (SARIF §3.30.8), columns counted in UTF-16 code units like the JSON format.
 */
import type { Diagnostic, Severity, Span } from '../diagnostics/diagnostic.ts';
import { RULES } from '../diagnostics/codes.ts';
import { INFORMATION_URI, ruleHelpUri, ruleName } from './rule-links.ts';
import type { SourceSet } from './sources.ts';

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
/** Relative artifact URIs are resolved against this base, which the consumer maps to the checkout's root. */
export const SRCROOT = 'SRCROOT';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

const RULE_LIST = [...RULES.values()];
const RULE_INDEX = new Map(RULE_LIST.map((rule, i) => [rule.code, i]));

/** A '/'-separated path as a URI reference: each segment percent-encoded (so `a:b.lb` cannot read as a scheme). */
export function pathToUri(path: string): { uri: string; uriBaseId?: string } {
  const normal = path.replace(/\\/g, '/');
  const encoded = normal.split('/').map(encodeURIComponent).join('/');
  if (normal.startsWith('/')) return { uri: `file://${encoded}` };
  return { uri: encoded.replace(/^(\.\/)+/, ''), uriBaseId: SRCROOT };
}

function physicalLocation(span: Span, sources: SourceSet) {
  const { start, end } = sources.range(span);
  return {
    artifactLocation: pathToUri(span.file),
    region: { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column },
  };
}

function result(d: Diagnostic, sources: SourceSet) {
  const ruleIndex = RULE_INDEX.get(d.code);
  const related = (d.related ?? []).map((r, i) => ({ id: i + 1, physicalLocation: physicalLocation(r.span, sources), message: { text: r.message } }));
  return {
    ruleId: d.code,
    ...(ruleIndex === undefined ? {} : { ruleIndex }),
    level: LEVEL[d.severity],
    message: { text: d.message },
    locations: [{ physicalLocation: physicalLocation(d.span, sources) }],
    ...(related.length > 0 ? { relatedLocations: related } : {}),
  };
}

export function diagnosticsToSarif(diagnostics: readonly Diagnostic[], sources: SourceSet, version: string) {
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'lb',
            version,
            informationUri: INFORMATION_URI,
            rules: RULE_LIST.map((rule) => ({
              id: rule.code,
              name: ruleName(rule),
              shortDescription: { text: rule.title },
              helpUri: ruleHelpUri(rule.code),
              defaultConfiguration: { level: LEVEL[rule.severity] },
            })),
          },
        },
        columnKind: 'utf16CodeUnits',
        results: diagnostics.map((d) => result(d, sources)),
      },
    ],
  };
}

export function formatSarif(diagnostics: readonly Diagnostic[], sources: SourceSet, version: string): string {
  return `${JSON.stringify(diagnosticsToSarif(diagnostics, sources, version), null, 2)}\n`;
}
