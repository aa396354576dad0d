/**
 * Keeps the rule catalogue (codes.ts), its documentation (docs/rules/) and the checker in step:
 * - every code has a page `docs/rules/<CODE>.md` with its title and severity, and the index lists it;
 * - each page's failing example reports the page's code, and its fixed example reports nothing at all;
 * - each page's "How to suppress" matches what the project policy allows, and the suppression it shows works;
 * - each page's code has a fixture folder test/fixtures/diagnostics/<CODE>-*\/ that reports it.
 * Examples go through `compile` (the checks, then the emitters, which report LB5xxx).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { compile, memoryFileSystem, RULES, type Diagnostic } from '../packages/dsl/src/index.ts';
import { lockReason } from '../packages/dsl/src/config/policy.ts';

const rulesDir = new URL('../docs/rules/', import.meta.url).pathname;
const srcDir = new URL('../packages/dsl/src/', import.meta.url).pathname;
const fixturesDir = new URL('./fixtures/diagnostics/', import.meta.url).pathname;

/** What the examples may read with env(); the pages say so. */
const DOCS_ENV = { STATS_PASSWORD: 'docs-stats-pw', VRRP_PASS: 'vrrppass' };
const FIXTURE_ENV = { LB_TEST_PRESENT: 'present' };
const ENTRY = 'main.lb';

/**
 * Codes in the catalogue that nothing in packages/dsl/src emits, so no input can trigger them and a page would be
 * fiction. Reported to the lead; a test below fails as soon as one of them is emitted, so it then gets its page.
 */
/** Codes in the catalogue that nothing emits yet (none now; a code reserved here needs no page). */
const NOT_EMITTED = new Set<string>();

/** Findings about suppression comments: only lb.json can change them (docs/suppressions.md). */
const ABOUT_SUPPRESSIONS = new Set(['LB1023', 'LB1024', 'LB1025']);

interface Example {
  /** File name -> text; the entry is `main.lb`. */
  files: Record<string, string>;
}

interface Page {
  code: string;
  title: string;
  severity: string;
  text: string;
  sections: Map<string, string>;
}

function readPage(file: string): Page {
  const text = readFileSync(join(rulesDir, file), 'utf8');
  const heading = /^# (LB\d{4}): (.+)$/m.exec(text.split('\n')[0]);
  assert.ok(heading, `${file}: the first line must be "# LBxxxx: Title"`);
  const severity = /^Severity: \*\*(\w+)\*\*/m.exec(text)?.[1] ?? '';
  const sections = new Map<string, string>();
  for (const part of text.split(/^## /m).slice(1)) {
    const nl = part.indexOf('\n');
    sections.set(part.slice(0, nl).trim(), part.slice(nl + 1));
  }
  return { code: heading![1], title: heading![2], severity, text, sections };
}

/** The code blocks of a section: an unlabelled first ```lb block is the entry; "`NAME`:" before a block names it. */
function parseExample(page: Page, section: string): Example {
  const body = page.sections.get(section);
  assert.ok(body !== undefined, `${page.code}: no "## ${section}" section`);
  const files: Record<string, string> = {};
  for (const m of body!.matchAll(/(?:^`([^`\n]+)`:\n\n)?^```(\w+)\n([\s\S]*?)^```$/gm)) {
    const name = m[1] ?? (Object.keys(files).length === 0 ? ENTRY : undefined);
    assert.ok(name, `${page.code} ${section}: a second code block needs a "\`file\`:" label`);
    assert.not.ok(name! in files, `${page.code} ${section}: two blocks for ${name}`);
    files[name!] = m[3];
  }
  assert.ok(ENTRY in files, `${page.code} ${section}: no \`\`\`lb block`);
  return { files };
}

function run(files: Record<string, string>, env: Record<string, string> = DOCS_ENV): Diagnostic[] {
  return compile(ENTRY, { fs: memoryFileSystem(files), env }).diagnostics;
}

const show = (ds: Diagnostic[]) => ds.map((d) => `${d.code} ${d.message}`).join('\n  ') || 'nothing';

const pageFiles = readdirSync(rulesDir).filter((f) => /^LB\d{4}\.md$/.test(f)).sort();
const pages = pageFiles.map(readPage);
const documented = new Set(pages.map((p) => p.code));

// ------------------------------------------------------------------ catalogue <-> pages
const catalogue = suite('docs/rules: catalogue');

catalogue('every emitted code in codes.ts has a page with its title and severity', () => {
  for (const rule of RULES.values()) {
    if (NOT_EMITTED.has(rule.code)) continue;
    const page = pages.find((p) => p.code === rule.code);
    assert.ok(page, `docs/rules/${rule.code}.md is missing`);
    assert.is(page!.title, rule.title, `${rule.code}: title`);
    assert.is(page!.severity, rule.severity, `${rule.code}: severity`);
  }
});

catalogue('every page is named after its code, and the code is in codes.ts', () => {
  pageFiles.forEach((file, i) => {
    assert.is(file, `${pages[i].code}.md`);
    assert.ok(RULES.has(pages[i].code), `${file} documents a code that codes.ts lacks`);
    assert.not.ok(NOT_EMITTED.has(pages[i].code), `${file}: remove ${pages[i].code} from NOT_EMITTED`);
  });
});

catalogue('codes without a page are really emitted nowhere', () => {
  const sources = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
    });
  const code = sources(srcDir).filter((p) => !p.endsWith('diagnostics/codes.ts')).map((p) => readFileSync(p, 'utf8')).join('\n');
  for (const dead of NOT_EMITTED) {
    assert.ok(RULES.has(dead), `${dead} is no longer in codes.ts: drop it from NOT_EMITTED`);
    assert.not.ok(code.includes(`'${dead}'`), `${dead} is emitted now: write docs/rules/${dead}.md and drop it from NOT_EMITTED`);
  }
});

catalogue('every page has the five sections', () => {
  for (const p of pages) {
    for (const s of ['What it catches', 'Why it matters', 'Failing example', 'Fixed example', 'How to suppress']) {
      assert.ok(p.sections.has(s), `${p.code}: missing "## ${s}"`);
      assert.ok(p.sections.get(s)!.trim().length > 20, `${p.code}: "## ${s}" is empty`);
    }
  }
});

catalogue('the index lists every page with its severity and title, and nothing else', () => {
  const index = readFileSync(join(rulesDir, 'README.md'), 'utf8');
  const rows = [...index.matchAll(/^\| \[(LB\d{4})\]\((LB\d{4})\.md\) \| (\w+) \| (.+) \|$/gm)];
  assert.equal(rows.map((r) => r[1]).sort(), [...documented].sort(), 'index rows vs pages');
  for (const [, code, target, severity, title] of rows) {
    assert.is(target, code, `${code}: index links to ${target}.md`);
    assert.is(severity, RULES.get(code)!.severity, `${code}: severity in the index`);
    assert.is(title, RULES.get(code)!.title, `${code}: title in the index`);
  }
});

catalogue('relative links between the pages resolve', () => {
  for (const file of [...pageFiles, 'README.md']) {
    const text = readFileSync(join(rulesDir, file), 'utf8');
    for (const m of text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
      if (/^[a-z]+:/.test(m[1])) continue;
      assert.ok(statSync(join(rulesDir, m[1]), { throwIfNoEntry: false }), `${file} links to ${m[1]}, which does not exist`);
    }
  }
});
catalogue.run();

// ------------------------------------------------------------------ examples
const examples = suite('docs/rules: examples');
for (const page of pages) {
  examples(`${page.code}: the failing example reports it, the fixed one is clean`, () => {
    const failing = run(parseExample(page, 'Failing example').files);
    assert.ok(failing.some((d) => d.code === page.code), `${page.code} failing example reports ${show(failing)}`);
    // Stricter than "no error": a fixed example is a model to copy, so it is clean.
    const fixed = run(parseExample(page, 'Fixed example').files);
    assert.equal(fixed.map((d) => `${d.code} ${d.message}`), [], `${page.code} fixed example`);
  });
}
examples.run();

// ------------------------------------------------------------------ suppression
const suppression = suite('docs/rules: how to suppress');
for (const page of pages) {
  suppression(`${page.code}: the page tells what the policy allows, and it works`, () => {
    const text = page.sections.get('How to suppress') ?? '';
    const locked = lockReason(page.code) !== undefined;
    assert.is(text.includes(`${page.code} cannot be suppressed`), locked, `${page.code}: locked=${locked} but the page says otherwise`);
    if (locked) return;
    const meta = ABOUT_SUPPRESSIONS.has(page.code);
    assert.is(text.includes('cannot be suppressed inline'), meta, `${page.code}: whether it can be suppressed inline`);
    assert.ok(text.includes(`{"rules": {"${page.code}": "off"}}`), `${page.code}: shows the lb.json form`);
    assert.is(text.includes(`# lb-ignore ${page.code}: `), !meta, `${page.code}: shows the # lb-ignore form`);

    const { files } = parseExample(page, 'Failing example');
    const count = (ds: Diagnostic[]) => ds.filter((d) => d.code === page.code).length;
    const before = run(files);

    const off = run({ ...files, 'lb.json': `{"rules": {"${page.code}": "off"}}` });
    assert.is(count(off), 0, `${page.code}: lb.json "off" leaves ${show(off)}`);
    if (meta) return;

    // `# lb-ignore` before the line of the first finding (when that line is code, not itself a comment).
    const first = before.find((d) => d.code === page.code && d.span.file === ENTRY)!;
    const lines = files[ENTRY].split('\n');
    const line = files[ENTRY].slice(0, first.span.start).split('\n').length - 1;
    if (lines[line].trim().startsWith('#')) return;
    const indent = /^\s*/.exec(lines[line])![0];
    lines.splice(line, 0, `${indent}# lb-ignore ${page.code}: checked by test/docs.test.ts`);
    const lineOf = (d: Diagnostic) => files[ENTRY].slice(0, d.span.start).split('\n').length - 1;
    const onLine = before.filter((d) => d.code === page.code && d.span.file === ENTRY && lineOf(d) === line).length;
    const after = run({ ...files, [ENTRY]: lines.join('\n') });
    assert.is(count(after), count(before) - onLine, `${page.code}: # lb-ignore did not remove the finding: ${show(after)}`);
    const complaints = after.filter((d) => ABOUT_SUPPRESSIONS.has(d.code) && !before.some((b) => b.code === d.code && b.message === d.message));
    assert.equal(complaints.map((d) => d.message), [], `${page.code}: the suppression itself was reported`);
  });
}
suppression.run();

// ------------------------------------------------------------------ fixtures
const fixtures = suite('docs/rules: fixtures');
const fixtureDirs = readdirSync(fixturesDir).sort();
for (const page of pages) {
  fixtures(`${page.code}: a fixture folder triggers it`, () => {
    const dirs = fixtureDirs.filter((d) => d.startsWith(`${page.code}-`));
    assert.ok(dirs.length > 0, `no test/fixtures/diagnostics/${page.code}-*/ folder`);
    for (const dir of dirs) {
      const files: Record<string, string> = {};
      for (const name of readdirSync(join(fixturesDir, dir))) {
        if (name.endsWith('.lb') || name === 'lb.json') files[name] = readFileSync(join(fixturesDir, dir, name), 'utf8');
      }
      const ds = compile('input.lb', { fs: memoryFileSystem(files), env: FIXTURE_ENV }).diagnostics;
      assert.ok(ds.some((d) => d.code === page.code), `${dir} reports ${show(ds)}`);
    }
  });
}
fixtures.run();
