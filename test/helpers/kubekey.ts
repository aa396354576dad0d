/**
 * Validates KubeKey Cluster YAML against test/schemas/kubekey-cluster-v1alpha2.schema.json (strict: no unknown or
 * mis-cased keys, enums from the kk 3.x Go types). The YAML must parse cleanly as YAML 1.2 and as YAML 1.1
 * (kk's go-yaml) to the same data, so a value that only one of them reads as a string is caught too.
 */
import { readFileSync } from 'node:fs';
import AjvModule from 'ajv';
import { parseAllDocuments } from 'yaml';

const schema = JSON.parse(readFileSync(new URL('../schemas/kubekey-cluster-v1alpha2.schema.json', import.meta.url), 'utf8'));
// ajv is CommonJS; depending on the loader the class is the module itself or its `default`.
const Ajv = ((AjvModule as unknown as { default?: unknown }).default ?? AjvModule) as typeof AjvModule;
const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
const validate = ajv.compile(schema);

export interface KubekeyValidation {
  ok: boolean;
  errors: string[];
  /** The Cluster document as plain data, when it could be parsed. */
  data?: unknown;
}

/** Schema check of already-parsed data. */
export function validateKubekeyData(data: unknown): KubekeyValidation {
  const ok = validate(data) as boolean;
  const errors = ok
    ? []
    : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}${Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : ''}`);
  return { ok, errors, data };
}

/** Parses YAML (every document; the one with kind Cluster is checked) and validates it. */
export function validateKubekey(text: string): KubekeyValidation {
  const parse = (version: '1.1' | '1.2') => {
    const errors: string[] = [];
    const docs: unknown[] = [];
    for (const doc of parseAllDocuments(text, { version, uniqueKeys: true })) {
      errors.push(...doc.errors.map((e) => `YAML ${version}: ${e.message.split('\n')[0]}`));
      if (doc.errors.length > 0) continue;
      try {
        docs.push(doc.toJS({ maxAliasCount: 0 }));
      } catch (e) {
        errors.push(`YAML ${version}: ${(e as Error).message}`);
      }
    }
    return { errors, docs };
  };
  const v12 = parse('1.2');
  const v11 = parse('1.1');
  const errors = [...v12.errors, ...v11.errors];
  if (errors.length > 0) return { ok: false, errors };
  if (JSON.stringify(v12.docs) !== JSON.stringify(v11.docs)) {
    return { ok: false, errors: ['YAML 1.1 and YAML 1.2 read this file differently: quote the ambiguous scalars'] };
  }
  const cluster = v12.docs.find((d) => (d as { kind?: unknown } | null)?.kind === 'Cluster') ?? v12.docs[0];
  if (cluster === undefined) return { ok: false, errors: ['no YAML document'] };
  return validateKubekeyData(cluster);
}
