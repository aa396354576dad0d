/**
 * What the server knows about: the open documents (their text wins) and the files on disk, seen by lb's core as one
 * FileSystem; and one cached analysis per open document and edit generation, shared by every feature.
 */
import { readFileSync } from 'node:fs';
import { check, parse, type CheckResult, type EvalValue, type FileSystem, type SourceFile, type Span } from '@lb/dsl';
import type { TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { Sources, spanKey } from './convert.ts';
import { buildNameIndex, type NameIndex } from './names.ts';
import { uriToPath } from './paths.ts';
import { applyEditorRules, readEditorRules, type EditorRules } from './rule-settings.ts';

export interface Analysis {
  uri: string;
  path: string;
  version: number;
  text: string;
  /** The environment `env(...)` reads. */
  env: Record<string, string | undefined>;
  result: CheckResult;
  sources: Sources;
  /** Values bound to each name (let, loop variable, parameter), by the span of the name. */
  bindings: Map<string, EvalValue[]>;
  /** Syntax trees of every file the analysis read, parsed on first use. */
  ast(path: string): SourceFile | undefined;
  /** Declarations and references of names, built on first use. */
  names(): NameIndex;
}

export class Workspace {
  /** Bumped on every change anywhere: an analysis also depends on the files its document imports. */
  private generation = 0;
  private readonly cache = new Map<string, { generation: number; analysis: Analysis }>();
  readonly fs: FileSystem;
  /** The editor's rule severities (initializationOptions.rules), applied to every analysis on top of lb.json. */
  rules: EditorRules = readEditorRules(undefined);

  constructor(
    readonly documents: TextDocuments<TextDocument>,
    readonly env: Record<string, string | undefined> = process.env,
  ) {
    this.fs = {
      readFile: (path) => {
        const open = this.documentByPath(path);
        if (open) return open.getText();
        try {
          return readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
        } catch {
          return undefined;
        }
      },
    };
  }

  changed(): void {
    this.generation++;
  }

  forget(uri: string): void {
    this.cache.delete(uri);
  }

  documentByPath(path: string): TextDocument | undefined {
    return this.documents.all().find((d) => uriToPath(d.uri) === path);
  }

  /** The analysis of an open document at its current version, computed at most once per edit generation. */
  analyze(uri: string): Analysis | undefined {
    const doc = this.documents.get(uri);
    if (!doc) return undefined;
    const cached = this.cache.get(uri);
    if (cached && cached.generation === this.generation && cached.analysis.version === doc.version) return cached.analysis;
    const analysis = this.compute(doc);
    this.cache.set(uri, { generation: this.generation, analysis });
    return analysis;
  }

  /** The most recent analysis of a document, whatever its version (undefined before the first). */
  lastAnalysis(uri: string): Analysis | undefined {
    return this.cache.get(uri)?.analysis;
  }

  /** Analyses of every open document (each at its latest version). */
  analyzeAll(): Analysis[] {
    return this.documents.all().flatMap((d) => this.analyze(d.uri) ?? []);
  }

  /** Open documents whose analysis reads `path` (themselves included), for diagnostics and cross-file rename. */
  readers(path: string): Analysis[] {
    return this.analyzeAll().filter((a) => a.result.files.has(path));
  }

  private compute(doc: TextDocument): Analysis {
    const path = uriToPath(doc.uri);
    const text = doc.getText();
    const bindings = new Map<string, EvalValue[]>();
    const onBind = (span: Span, value: EvalValue) => {
      const key = spanKey(span);
      const list = bindings.get(key);
      if (list) {
        if (list.length < 50) list.push(value);
      } else bindings.set(key, [value]);
    };
    const fs: FileSystem = { readFile: (p) => (p === path ? text : this.fs.readFile(p)) };
    const asts = new Map<string, SourceFile>();
    const onParse = (p: string, ast: SourceFile) => asts.set(p, ast);
    const result = applyEditorRules(check(path, { fs, env: this.env, onBind, onParse }), this.rules);
    let names: NameIndex | undefined;
    const analysis: Analysis = {
      uri: doc.uri,
      path,
      version: doc.version,
      text,
      env: this.env,
      result,
      sources: new Sources(result.files),
      bindings,
      ast(p) {
        let ast = asts.get(p);
        if (!ast) {
          const source = result.files.get(p);
          if (source === undefined) return undefined;
          ast = parse(source, p).ast;
          asts.set(p, ast);
        }
        return ast;
      },
      names() {
        names ??= buildNameIndex(analysis);
        return names;
      },
    };
    return analysis;
  }
}
