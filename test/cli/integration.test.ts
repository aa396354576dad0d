/**
 * action.yml, .pre-commit-hooks.yaml and the workflow in docs/ci.md: their shape, and the Action's shell steps run
 * for real (bash, as GitHub runs them) against a throwaway workspace, with GitHub's environment files faked.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { baseEnv, ensureBuilt, lb, ROOT, tempDir } from './helpers.ts';

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  shell?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
  'working-directory'?: string;
}
interface Action {
  inputs: Record<string, { default?: string; required?: boolean; description: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as Action;
const stepNamed = (name: string) => action.runs.steps.find((s) => s.name === name)!;

test('action.yml: composite, the documented inputs and defaults, setup-node and npm ci in the action path', () => {
  assert.is(action.runs.using, 'composite');
  assert.equal(Object.keys(action.inputs).sort(), ['files', 'fmt-check', 'max-warnings', 'node-version', 'sarif']);
  assert.is(action.inputs.files.default, '.');
  assert.is(action.inputs['fmt-check'].default, 'true');
  assert.is(action.inputs['max-warnings'].default, '');
  assert.is(action.inputs.sarif.default, '');
  const [setup, install] = action.runs.steps;
  assert.match(setup.uses!, /^actions\/setup-node@v\d+$/);
  assert.is(install['working-directory'], '${{ github.action_path }}');
  assert.match(install.run!, /^npm ci\b/);
  for (const step of action.runs.steps.filter((s) => s.run)) {
    assert.is(step.shell, 'bash', `${step.name}: composite run steps need a shell`);
    // Inputs go through env: an input spliced into the script could inject shell code.
    assert.not.match(step.run!, /\$\{\{/, `${step.name}: no expression inside run`);
  }
  assert.match(stepNamed('lb check').run!, /check --format github/);
  assert.match(stepNamed('lb fmt --check').if!, /inputs\.fmt-check == 'true'/);
});

/** Runs one step's script as GitHub would (bash -eo pipefail, env from the step, GITHUB_* files faked). */
function runStep(step: Step, inputs: Record<string, string>, workspace: string) {
  const files = { output: join(workspace, '..', 'github_output'), summary: join(workspace, '..', 'step_summary.md') };
  writeFileSync(files.output, '');
  writeFileSync(files.summary, '');
  const env: Record<string, string> = baseEnv({ GITHUB_ACTION_PATH: ROOT, GITHUB_OUTPUT: files.output, GITHUB_STEP_SUMMARY: files.summary, GITHUB_WORKSPACE: workspace });
  for (const [key, value] of Object.entries(step.env ?? {})) {
    const input = /^\$\{\{ inputs\.([a-z-]+) \}\}$/.exec(value);
    env[key] = input ? (inputs[input[1]] ?? action.inputs[input[1]].default ?? '') : value;
  }
  const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run!], { cwd: workspace, env, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, output: readFileSync(files.output, 'utf8'), summary: readFileSync(files.summary, 'utf8') };
}

function workspace(label: string): string {
  const root = tempDir(label);
  const ws = join(root, 'ws');
  mkdirSync(join(ws, 'infra/lb'), { recursive: true });
  mkdirSync(join(ws, 'other'), { recursive: true });
  // Already in the canonical layout, so the fmt step has nothing to say about it.
  const formatted = lb(['fmt', join(ROOT, 'test/cli/fixtures/exit/two-warnings.lb')]);
  assert.is(formatted.code, 0, formatted.stderr);
  writeFileSync(join(ws, 'infra/lb/web.lb'), formatted.stdout);
  writeFileSync(join(ws, 'other/bad.lb'), 'frontend  web {\n  bind *:8080\n  default nope\n}\n');
  return ws;
}

test('the Action\'s check step: annotations, summary, SARIF file and output, exit status by input', () => {
  ensureBuilt();
  const ws = workspace('action');
  const check = stepNamed('lb check');

  const clean = runStep(check, { files: 'infra/lb' }, ws);
  assert.is(clean.code, 0, clean.stderr);
  assert.match(clean.stdout, /^::warning file=infra\/lb\/web\.lb,line=/m);
  assert.match(clean.summary, /^## lb check\n/);
  assert.match(clean.summary, /```mermaid\nflowchart LR/);
  assert.is(clean.output, '', 'no sarif output unless asked');

  assert.is(runStep(check, { files: 'infra/lb', 'max-warnings': '1' }, ws).code, 1);
  assert.is(runStep(check, { files: 'infra/lb', 'max-warnings': '2' }, ws).code, 0);

  // Two entries in `files`, newline-separated, one with a glob character that must not be expanded.
  const both = runStep(check, { files: 'infra/lb\nother', sarif: 'results/lb.sarif' }, ws);
  assert.is(both.code, 1, both.stderr);
  assert.match(both.stdout, /^::error file=other\/bad\.lb,line=3,endLine=3,col=11,endColumn=15,title=LB1003 Unknown name::/m);
  assert.is(both.output, 'sarif=results/lb.sarif\n');
  const sarif = JSON.parse(readFileSync(join(ws, 'results/lb.sarif'), 'utf8')) as { runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
  assert.ok(sarif.runs[0].results.some((r) => r.ruleId === 'LB1003' && r.locations[0].physicalLocation.artifactLocation.uri === 'other/bad.lb'));

  const glob = runStep(check, { files: 'infra/*' }, ws);
  assert.is(glob.code, 2, 'the files input is not globbed');
  assert.match(glob.stderr, /cannot read 'infra\/\*'/);
});

test('the Action\'s fmt step: passes on formatted files, fails with a diff otherwise', () => {
  ensureBuilt();
  const ws = workspace('action-fmt');
  const fmt = stepNamed('lb fmt --check');
  const ok = runStep(fmt, { files: 'infra/lb' }, ws);
  assert.is(ok.code, 0, ok.stdout + ok.stderr);
  const bad = runStep(fmt, { files: 'infra/lb other' }, ws);
  assert.is(bad.code, 1, bad.stdout + bad.stderr);
  assert.match(bad.stdout, /^--- other\/bad\.lb/m);
});

test('.pre-commit-hooks.yaml: lb-check and lb-fmt, node, .lb files; entries run the packaged bin', () => {
  const hooks = parse(readFileSync(join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as { id: string; entry: string; language: string; files: string; args?: string[] }[];
  assert.equal(hooks.map((h) => h.id), ['lb-check', 'lb-fmt']);
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string>; files: string[] };
  for (const hook of hooks) {
    assert.is(hook.language, 'node');
    const files = new RegExp(hook.files);
    assert.ok(files.test('infra/web.lb') && !files.test('web.lb.bak') && !files.test('notes.md'), hook.id);
    assert.is(hook.entry.split(' ')[0], 'lb', 'the bin pre-commit installs from package.json');
  }
  assert.ok(pkg.bin.lb);
  // pre-commit installs the package with `npm pack` + `npm install -g`: the bundle must be in the tarball.
  assert.ok(pkg.files.some((f) => pkg.bin.lb.startsWith(f)), 'the bin is packed');
  assert.ok(pkg.files.includes('packages/dsl/dist/'), 'the bundle it runs is packed');

  // What pre-commit runs: entry, args, then the staged file names.
  const ws = workspace('precommit');
  const bin = join(ROOT, pkg.bin.lb);
  const run = (hook: (typeof hooks)[number], files: string[]) => {
    const [, ...entryArgs] = hook.entry.split(' ');
    return spawnSync(process.execPath, [bin, ...entryArgs, ...(hook.args ?? []), ...files], { cwd: ws, env: baseEnv(), encoding: 'utf8' });
  };
  assert.is(run(hooks[0], ['infra/lb/web.lb']).status, 0);
  assert.is(run(hooks[0], ['infra/lb/web.lb', 'other/bad.lb']).status, 1);
  const before = readFileSync(join(ws, 'other/bad.lb'), 'utf8');
  assert.is(run(hooks[1], ['other/bad.lb']).status, 0);
  assert.is.not(readFileSync(join(ws, 'other/bad.lb'), 'utf8'), before, 'lb-fmt rewrote the file, which makes pre-commit fail the hook');
});

test('docs/ci.md: the example workflow uses this action with real inputs and uploads the SARIF it asks for', () => {
  const md = readFileSync(join(ROOT, 'docs/ci.md'), 'utf8');
  const workflow = parse(/```yaml\n(name: lb[\s\S]*?)```/.exec(md)![1]) as { jobs: Record<string, { steps: Step[] }> };
  const steps = Object.values(workflow.jobs)[0].steps;
  const lbStep = steps.find((s) => s.uses?.startsWith('lb-lang/lb@'))!;
  assert.ok(lbStep, 'the workflow uses the action');
  for (const key of Object.keys(lbStep.with ?? {})) assert.ok(key in action.inputs, `unknown input ${key}`);
  const upload = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'))!;
  assert.is(upload.with!.sarif_file, lbStep.with!.sarif);
  assert.match(upload.if!, /cancelled\(\)/, 'uploads even when lb failed the job');
  const precommit = parse(/```yaml\n(repos:[\s\S]*?)```/.exec(md)![1]) as { repos: { hooks: { id: string }[] }[] };
  const ids = (parse(readFileSync(join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as { id: string }[]).map((h) => h.id);
  for (const hook of precommit.repos[0].hooks) assert.ok(ids.includes(hook.id), hook.id);
  assert.ok(existsSync(join(ROOT, 'action.yml')));
});

test.run();
