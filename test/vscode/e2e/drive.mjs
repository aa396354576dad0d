/**
 * Drives real VS Code (code-server in headless Chromium, through playwright-core) with the lb extension installed,
 * on the workspace run.sh writes. Checks through the UI, the way a user sees it:
 *   1. app.lb (case 1 with a frontend naming a backend that does not exist): the language mode is lb, the
 *      extension's status item appears, the mistake is underlined and listed in the Problems panel (LB1003);
 *   2. completion after `default ` offers the declared backend; accepting it clears the error as you type;
 *   3. hover on a directive shows its documentation;
 *   4. "lb: Preview to the Side" opens haproxy.cfg beside the source;
 *   5. selecting a line in the source selects the lines it generated in the preview, and back;
 *   6. an edit in the source updates the preview live;
 *   7. "lb: Compile" writes out/haproxy.cfg;
 *   8. ha.lb (case 2: two hosts and a cluster) previews as one tab per generated file;
 *   9. "lb: Run" on run.lb starts `lb run` in a terminal (the load balancer answers), "lb: Open Stats Page" opens
 *      the stats URL, and "lb: Stop" stops everything (the port is free again);
 *  10. go to definition (F12) on a backend reference moves the cursor to the backend's declaration;
 *  11. rename (F2) of a backend in main.lb renames it in common.lb, where it is declared, too (read from disk);
 *  12. Format Document on messy.lb gives exactly what `lb fmt messy.lb` prints;
 *  13. go to definition across an import (main.lb -> common.lb, opened to the side);
 *  14. the quick fix (Ctrl+.) on fix.lb's LB1003 "Did you mean" changes the name and the problem goes away.
 * Every step has bounded waits and fails with a message naming the step. Screenshots go to ARTIFACTS (one or more
 * per step, and failure.png). Exit status 0 when every check passed.
 *
 * usage: LB_CLI=packages/dsl/dist/lb.cjs node drive.mjs URL WORKSPACE_DIR ARTIFACTS_DIR
 *        (run.lb's frontend listens on LB_E2E_RUN_URL, default below)
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const [url, workspace, artifacts] = process.argv.slice(2);
if (!url || !workspace || !artifacts) {
  console.error('usage: node drive.mjs URL WORKSPACE_DIR ARTIFACTS_DIR');
  process.exit(2);
}
mkdirSync(artifacts, { recursive: true });

const RUN_URL = process.env.LB_E2E_RUN_URL ?? 'http://127.0.0.1:18480/';
const STATS_PORT = process.env.LB_E2E_STATS_PORT ?? '18484';
const LB_CLI = process.env.LB_CLI ?? fileURLToPath(new URL('../../../packages/dsl/dist/lb.cjs', import.meta.url));
const started = Date.now();
const log = (message) => console.log(`[${((Date.now() - started) / 1000).toFixed(1)}s] ${message}`);
const results = [];
function check(name, ok, detail = '') {
  results.push({ name, ok });
  log(`${ok ? 'PASS' : 'FAIL'} ${name}${detail ? `: ${detail}` : ''}`);
  if (!ok) throw new Error(`check failed: ${name}${detail ? `: ${detail}` : ''}`);
}
/** Runs one step of the scenario; a failure says which step it was. */
async function step(name, run) {
  const t0 = Date.now();
  log(`-- ${name}`);
  try {
    await run();
  } catch (error) {
    throw new Error(`step "${name}" failed after ${((Date.now() - t0) / 1000).toFixed(1)}s: ${error instanceof Error ? error.message : String(error)}`);
  }
  log(`-- ${name}: done in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
}
/** Monaco renders spaces as no-break spaces. */
const plain = (text) => text.replace(/\u00a0/g, ' ');
const file = (name) => readFileSync(join(workspace, name), 'utf8');

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
});
const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
// Every playwright wait is bounded; a step that needs longer says so.
page.setDefaultTimeout(15_000);
const shot = async (name) => {
  await page.screenshot({ path: join(artifacts, name) });
  log(`screenshot ${name}`);
};

/** The editor group whose active tab's label starts with `label`, and its editor. */
const group = (label) => page.locator('.editor-group-container').filter({ has: page.locator(`.tab.active[aria-label^="${label}"]`) }).first();
const editorOf = (label) => group(label).locator('.monaco-editor').first();
/** The rendered lines of an editor, top to bottom, with their vertical position. */
async function linesOf(editor) {
  return editor.locator('.view-lines .view-line').evaluateAll((nodes) =>
    nodes.map((n) => ({ top: parseFloat(n.style.top), text: n.textContent ?? '' })).sort((a, b) => a.top - b.top),
  );
}
const textOf = async (editor) => (await linesOf(editor)).map((l) => plain(l.text)).join('\n');
/** The text of the lines that show a selection in an editor (focused or not). */
async function selectedLines(editor) {
  const tops = await editor.locator('.view-overlays .selected-text').evaluateAll((nodes) =>
    nodes.map((n) => parseFloat((n.parentElement ?? n).style.top || n.style.top)),
  );
  const lines = await linesOf(editor);
  return [...new Set(tops)].map((top) => plain(lines.find((l) => Math.abs(l.top - top) < 2)?.text ?? '')).filter((t) => t !== '');
}
/** Clicks a rendered line by its text (written with plain spaces). */
async function clickLine(editor, text) {
  const pattern = new RegExp(text.split(' ').map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[\\s\u00a0]+'));
  const line = editor.locator('.view-lines .view-line').filter({ hasText: pattern }).first();
  await line.click({ position: { x: 40, y: 6 } });
}
/** Runs a command from the palette: the row whose label is exactly `title` (Enter could pick a fuzzier match). */
async function runCommand(title) {
  await page.keyboard.press('Control+Shift+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(`>${title}`);
  const rows = page.locator('.quick-input-list .monaco-list-row');
  const index = await waitFor(`"${title}" in the command palette`, async () => {
    const labels = await rows.evaluateAll((nodes) => nodes.map((n) => (n.querySelector('.label-name')?.textContent ?? '').replace(/\u00a0/g, ' ').trim()));
    const at = labels.indexOf(title);
    return at >= 0 ? at + 1 : undefined;
  }, 10_000, async () => JSON.stringify(await rows.allInnerTexts()));
  await rows.nth(index - 1).click();
  await input.waitFor({ state: 'hidden', timeout: 10_000 });
}
async function openFile(name) {
  await page.locator(`.explorer-folders-view .monaco-list-row[aria-label^="${name}"]`).first().click();
  await page.waitForSelector(`.tab.active[aria-label^="${name}"]`);
  await editorOf(name).locator('.view-lines .view-line').first().waitFor();
}
/** The body of a GET, or undefined when nothing answers. */
async function fetchText(target) {
  try {
    const response = await fetch(target, { signal: AbortSignal.timeout(2000) });
    return await response.text();
  } catch {
    return undefined;
  }
}
/** Ctrl+G: `line` is "L" or "L:C" (1-based). */
async function goToLine(line) {
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(`:${line}`);
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden', timeout: 10_000 });
}
/** Polls `predicate` until it returns something truthy; on timeout the error names `what` and, if given, what was seen. */
async function waitFor(what, predicate, timeoutMs = 20_000, seen = undefined) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    last = await predicate();
    if (last) return last;
    await page.waitForTimeout(250);
  }
  const detail = seen ? `; last seen: ${await seen().catch((e) => String(e))}` : '';
  throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}${detail}`);
}
/** The cursor as the status bar shows it ("Ln 20, Col 9"), or undefined. */
async function cursor() {
  const text = plain(await page.locator('#status\\.editor\\.selection').innerText().catch(() => ''));
  const match = /Ln (\d+), Col (\d+)/.exec(text);
  return match ? { line: Number(match[1]), column: Number(match[2]) } : undefined;
}
/** 1-based line and column of the first `needle` in `text`, plus `inside` characters. */
function positionOf(text, needle, inside = 0) {
  const at = text.indexOf(needle);
  if (at < 0) throw new Error(`'${needle}' is not in the file`);
  const before = text.slice(0, at).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 + inside };
}
/** Puts the cursor at a position of the active editor and waits until the status bar shows it there. */
async function placeCursor(position) {
  await goToLine(`${position.line}:${position.column}`);
  await waitFor(`the cursor at Ln ${position.line}, Col ${position.column}`, async () => {
    const at = await cursor();
    return at && at.line === position.line && at.column === position.column;
  }, 5_000, async () => JSON.stringify(await cursor()));
}
/** Saves everything and closes every editor and the panel: each of the later steps starts from a clean window. */
async function resetLayout() {
  await runCommand('File: Save All Files');
  await runCommand('View: Close All Editor Groups');
  await page.locator('.editor-group-container .tab').first().waitFor({ state: 'detached', timeout: 10_000 });
  if (await page.locator('#workbench\\.parts\\.panel').isVisible()) await runCommand('View: Hide Panel');
}
const problemRows = () => page.locator('.markers-panel .monaco-list-row').allInnerTexts().then((texts) => texts.map(plain));

try {
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
  await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  log('workbench visible');
  await page.locator('.explorer-folders-view .monaco-list-row[aria-label^="app.lb"]').first().click({ timeout: 60_000 });
  await page.waitForSelector('.tab[aria-label^="app.lb"]');
  const source = editorOf('app.lb');
  await source.locator('.view-lines .view-line').first().waitFor();
  log('app.lb open');
  const text = file('app.lb');

  await step('1. language mode, diagnostics, Problems panel', async () => {
    const mode = page.locator('#status\\.editor\\.mode');
    const language = await waitFor('the lb language mode', async () => ((await mode.innerText()).trim() === 'lb' ? 'lb' : undefined));
    check('language mode is lb', language === 'lb');
    // The first diagnostics wait for the extension host and the language server to start.
    await source.locator('.squiggly-error').first().waitFor({ timeout: 60_000 });
    log('error squiggle rendered');
    const status = await waitFor('the lb status item', async () => {
      const items = await page.locator('.statusbar-item').allInnerTexts();
      return items.map(plain).find((t) => /lb: \d+ problems?/.test(t));
    });
    check('status bar reports the problems', /lb: \d+ problems?/.test(status), status.trim());
    await page.keyboard.press('Control+Shift+M');
    await page.locator('.markers-panel .monaco-list-row').first().waitFor();
    const problems = await waitFor('LB1003 in the Problems panel', async () => {
      const texts = await problemRows();
      return texts.some((t) => t.includes('LB1003')) ? texts : undefined;
    }, 20_000, async () => JSON.stringify(await problemRows()));
    check('Problems panel lists the unknown backend (LB1003)', problems.some((t) => /unknown backend 'application_node'/.test(t)), JSON.stringify(problems));
    await shot('1-problems.png');
    await page.keyboard.press('Control+J'); // hide the panel again: room for the editors
  });

  await step('2. completion', async () => {
    const mistakeLine = text.split('\n').findIndex((l) => l.includes('default application_node')) + 1;
    await clickLine(source, 'global {');
    await goToLine(mistakeLine);
    await page.keyboard.press('End');
    for (let i = 0; i < 'application_node'.length; i++) await page.keyboard.press('Backspace');
    await page.keyboard.press('Control+Space');
    const suggestion = page.locator('.suggest-widget .monaco-list-row').filter({ hasText: 'application_nodes' }).first();
    await suggestion.waitFor();
    const offered = (await page.locator('.suggest-widget .monaco-list-row').allInnerTexts()).map(plain);
    check('completion offers the declared backend', offered.some((t) => t.includes('application_nodes')), JSON.stringify(offered.slice(0, 8)));
    await shot('2-completion.png');
    await suggestion.click();
    await waitFor('the error to go away after the fix', async () => ((await source.locator('.squiggly-error').count()) === 0 ? true : undefined));
    check('fixing the name clears the error as you type', true);
  });

  await step('3. hover', async () => {
    const balance = source.locator('.view-lines .view-line span span').filter({ hasText: /^balance$/ }).first();
    await balance.hover();
    const hover = page.locator('.monaco-hover:not(.hidden) .hover-contents, .monaco-hover:not(.hidden) .rendered-markdown').first();
    await hover.waitFor().catch(async () => {
      // The hover is asynchronous (delay, then a request to the server): move inside the word once more.
      await balance.hover({ position: { x: 8, y: 4 } });
      await hover.waitFor({ timeout: 10_000 });
    });
    const hoverText = plain(await hover.innerText());
    check('hover shows the directive documentation', /load-balancing algorithm/i.test(hoverText), hoverText.slice(0, 120));
    await shot('3-hover.png');
    await page.mouse.move(5, 400);
  });

  const preview = editorOf('haproxy.cfg');
  await step('4. preview to the side', async () => {
    await clickLine(source, 'frontend http-in');
    await runCommand('lb: Preview to the Side');
    await page.waitForSelector('.tab[aria-label^="haproxy.cfg"]', { timeout: 30_000 });
    await preview.locator('.view-lines .view-line').first().waitFor();
    const previewText = await textOf(preview);
    check('preview shows haproxy.cfg', /frontend http-in/.test(previewText) && /backend application_nodes/.test(previewText), `${previewText.split('\n').length} lines rendered`);
    check('the fixed default backend is in the preview', /default_backend application_nodes/.test(previewText));
    await shot('4-preview.png');
  });

  await step('5. synced selection', async () => {
    await clickLine(source, 'server "server0');
    const selectedInPreview = await waitFor('the server lines selected in the preview', async () => {
      const lines = await selectedLines(preview);
      return lines.some((l) => l.includes('server server01')) ? lines : undefined;
    }, 10_000).catch(async () => selectedLines(preview));
    check('selecting a server line in the source selects its lines in the preview', selectedInPreview.some((l) => /^\s*server server01 127\.0\.0\.1:8080/.test(l)), JSON.stringify(selectedInPreview));
    await shot('5-synced-source-to-preview.png');
    await clickLine(preview, 'bind 127.0.0.1:3000');
    const selectedInSource = await waitFor('the bind line selected in the source', async () => {
      const lines = await selectedLines(source);
      return lines.some((l) => l.includes('127.0.0.1:3000')) ? lines : undefined;
    }, 10_000).catch(async () => selectedLines(source));
    check('selecting a line in the preview selects its source in the .lb file', selectedInSource.some((l) => /bind 127\.0\.0\.1:3000/.test(l)), JSON.stringify(selectedInSource));
    await shot('6-synced-preview-to-source.png');
  });

  await step('6. live preview', async () => {
    // Change a weight in the source; the preview follows without a save.
    await clickLine(source, 'for i, w in [4, 2]');
    const lines = text.split('\n');
    const weightsLine = lines.findIndex((l) => l.includes('for i, w in [4, 2]'));
    await goToLine(`${weightsLine + 1}:${lines[weightsLine].indexOf('[4') + 2}`);
    await page.keyboard.press('Delete');
    await page.keyboard.type('7');
    const updated = await waitFor('the preview to show weight 7', async () => {
      const t = await textOf(preview);
      return /server server01 127\.0\.0\.1:8080 check weight 7/.test(t) ? t : undefined;
    });
    check('the preview updates as you type', /weight 7/.test(updated));
    await shot('7-live-update.png');
  });

  await step('7. compile', async () => {
    await clickLine(source, 'frontend http-in');
    await runCommand('lb: Compile');
    const written = join(workspace, 'out', 'haproxy.cfg');
    await waitFor('out/haproxy.cfg', async () => (existsSync(written) ? true : undefined));
    // The file appears before it is complete only if the writer is not atomic: wait for the content.
    await waitFor('weight 7 in out/haproxy.cfg', async () => /weight 7/.test(readFileSync(written, 'utf8')));
    check('lb: Compile writes out/haproxy.cfg', /weight 7/.test(readFileSync(written, 'utf8')));
    await page.waitForTimeout(500);
    await shot('8-compiled.png');
  });

  await step('8. one preview tab per generated file', async () => {
    await openFile('ha.lb');
    await runCommand('lb: Preview to the Side');
    const expectedTabs = ['lb1 › haproxy.cfg', 'lb1 › keepalived.conf', 'lb2 › haproxy.cfg', 'lb2 › keepalived.conf', 'prod.yaml'];
    const tabLabels = () => page.locator('.tab').evaluateAll((nodes) => nodes.map((n) => (n.getAttribute('aria-label') ?? '').replace(/,.*$/, '')));
    const labels = await waitFor('a tab for every generated file', async () => {
      const all = await tabLabels();
      return expectedTabs.every((t) => all.includes(t)) ? all : undefined;
    }, 30_000).catch(tabLabels);
    const missing = expectedTabs.filter((t) => !labels.includes(t));
    // The preview ends by showing the first file.
    await page.waitForSelector(`.tab.active[aria-label^="${expectedTabs[0]}"]`, { timeout: 10_000 });
    check('a multi-host file previews as one tab per generated file', missing.length === 0, missing.length ? `missing ${missing.join(', ')} in ${JSON.stringify(labels)}` : expectedTabs.join(', '));
    await shot('9-multi-file-preview.png');
  });

  await step('9. run, stats page, stop', async () => {
    await openFile('run.lb');
    await runCommand('lb: Run');
    const answer = await waitFor(`the load balancer on ${RUN_URL}`, async () => {
      const body = await fetchText(RUN_URL);
      return body && /server a\d port/.test(body) ? body : undefined;
    }, 45_000);
    check('lb: Run starts lb run in a terminal and the load balancer answers', /server a\d port/.test(answer), answer.trim());
    const running = await waitFor('the running status', async () => {
      const items = (await page.locator('.statusbar-item').allInnerTexts()).map(plain);
      return items.find((t) => t.includes('lb: running'));
    });
    check('the status bar says running', running.includes('lb: running'));
    await shot('10-running.png');
    const popup = page.context().waitForEvent('page', { timeout: 15_000 });
    await runCommand('lb: Open Stats Page');
    // VS Code may ask before opening a link outside the editor.
    const open = page.locator('.monaco-dialog-box .monaco-button').filter({ hasText: /^Open$/ }).first();
    await open.click({ timeout: 3000 }).catch(() => {});
    const statsPage = await popup;
    await statsPage.waitForLoadState('domcontentloaded').catch(() => {});
    const statsUrl = statsPage.url();
    check('lb: Open Stats Page opens the stats URL', statsUrl.includes(STATS_PORT) && statsUrl.includes('/stats'), statsUrl);
    await statsPage.close();
    await runCommand('lb: Stop');
    await waitFor('the load balancer to stop', async () => ((await fetchText(RUN_URL)) === undefined ? true : undefined), 20_000);
    const stopped = await waitFor('the status after stop', async () => {
      const items = (await page.locator('.statusbar-item').allInnerTexts()).map(plain);
      return items.some((t) => t.includes('lb: running')) ? undefined : true;
    });
    check('lb: Stop stops the load balancer and the servers', stopped === true);
    await shot('11-stopped.png');
  });

  await step('10. go to definition', async () => {
    await resetLayout();
    await openFile('app.lb');
    const saved = file('app.lb'); // saved by resetLayout: the completed name is on disk now
    const reference = positionOf(saved, 'default application_nodes', 'default '.length + 3);
    const declaration = positionOf(saved, 'backend application_nodes', 'backend '.length);
    check('the reference and the declaration are on different lines', reference.line !== declaration.line, `${reference.line} vs ${declaration.line}`);
    await placeCursor(reference);
    await page.keyboard.press('F12');
    const landed = await waitFor(`the cursor on the declaration (Ln ${declaration.line}, Col ${declaration.column})`, async () => {
      const at = await cursor();
      return at && at.line === declaration.line ? at : undefined;
    }, 10_000, async () => JSON.stringify(await cursor()));
    check('F12 on a backend reference jumps to its declaration', landed.line === declaration.line && landed.column === declaration.column, `Ln ${landed.line}, Col ${landed.column}`);
    await shot('12-definition.png');
  });

  await step('11. rename across two files', async () => {
    await openFile('main.lb');
    const main = editorOf('main.lb');
    check('common.lb is not open before the rename', (await page.locator('.tab[aria-label^="common.lb"]').count()) === 0);
    // The server must have read main.lb (and its import) before it can answer: its code lens shows it has.
    await main.locator('.codelens-decoration').first().waitFor({ timeout: 30_000 });
    await placeCursor(positionOf(file('main.lb'), 'default shared_pool', 'default '.length + 2));
    const renameInput = page.locator('.rename-box input.rename-input, .rename-box .rename-input input').first();
    await page.keyboard.press('F2');
    await renameInput.waitFor({ state: 'visible', timeout: 5_000 }).catch(async () => {
      // F2 asks the server first (prepareRename); once more if the answer came before the editor was ready.
      await page.keyboard.press('Escape');
      await page.keyboard.press('F2');
      await renameInput.waitFor({ state: 'visible', timeout: 10_000 });
    });
    check('F2 offers to rename the backend', (await renameInput.inputValue()) === 'shared_pool', await renameInput.inputValue());
    await renameInput.fill('api_pool');
    await shot('13-rename-input.png');
    await page.keyboard.press('Enter');
    await waitFor('the new name in main.lb', async () => /default api_pool/.test(await textOf(main)), 10_000, async () => textOf(main));
    await runCommand('File: Save All Files');
    const [newMain, newCommon] = await waitFor('both files renamed on disk', async () => {
      const both = [file('main.lb'), file('common.lb')];
      return both.every((t) => t.includes('api_pool')) ? both : undefined;
    }, 10_000, async () => JSON.stringify([file('main.lb'), file('common.lb')]));
    check('main.lb now routes to api_pool', /default api_pool\n/.test(newMain) && !newMain.includes('shared_pool'), newMain);
    check('common.lb now declares api_pool', /backend api_pool \{/.test(newCommon) && !newCommon.includes('shared_pool'), newCommon.split('\n')[1]);
    await waitFor('no error after the rename', async () => (await main.locator('.squiggly-error').count()) === 0);
    await shot('14-renamed.png');
  });

  await step('12. go to definition across an import', async () => {
    await placeCursor(positionOf(file('main.lb'), 'default api_pool', 'default '.length + 2));
    // "Open Definition to the Side": both files of the rename side by side.
    await page.keyboard.press('Control+K');
    await page.keyboard.press('F12');
    await page.waitForSelector('.tab.active[aria-label^="common.lb"]', { timeout: 10_000 });
    const declaration = positionOf(file('common.lb'), 'backend api_pool', 'backend '.length);
    const landed = await waitFor(`the cursor on the declaration in common.lb (Ln ${declaration.line})`, async () => {
      const at = await cursor();
      return at && at.line === declaration.line ? at : undefined;
    }, 10_000, async () => JSON.stringify(await cursor()));
    check('F12 across an import opens common.lb at the declaration', landed.column === declaration.column, `Ln ${landed.line}, Col ${landed.column}`);
    check('both editors are visible side by side', (await page.locator('.editor-group-container').count()) >= 2);
    await shot('15-definition-across-imports.png');
  });

  await step('13. format document', async () => {
    await resetLayout();
    const expected = execFileSync(process.execPath, [LB_CLI, 'fmt', join(workspace, 'messy.lb')], { encoding: 'utf8' });
    check('messy.lb is not formatted to begin with', expected !== file('messy.lb'));
    await openFile('messy.lb');
    const messy = editorOf('messy.lb');
    await messy.locator('.codelens-decoration').first().waitFor({ timeout: 30_000 });
    await shot('16-before-format.png');
    await clickLine(messy, 'defaults {');
    await runCommand('Format Document');
    const wanted = expected.split('\n').filter((l) => l.trim() !== '');
    await waitFor('the formatted text in the editor', async () => {
      const shown = (await textOf(messy)).split('\n').filter((l) => l.trim() !== '');
      return JSON.stringify(shown) === JSON.stringify(wanted);
    }, 10_000, async () => textOf(messy));
    await page.keyboard.press('Control+S');
    const saved = await waitFor('the formatted messy.lb on disk', async () => (file('messy.lb') === expected ? expected : undefined), 10_000, async () => JSON.stringify(file('messy.lb')));
    check('Format Document gives exactly what `lb fmt` prints', saved === expected, `${expected.split('\n').length - 1} lines`);
    await shot('17-formatted.png');
  });

  await step('14. quick fix', async () => {
    await resetLayout();
    await openFile('fix.lb');
    const fix = editorOf('fix.lb');
    await fix.locator('.squiggly-error').first().waitFor({ timeout: 30_000 });
    await runCommand('View: Focus Problems (Errors, Warnings, Infos)');
    const before = await waitFor('LB1003 for fix.lb in the Problems panel', async () => {
      const rows = await problemRows();
      return rows.some((t) => /unknown backend 'web_servrs'.*LB1003/s.test(t)) ? rows : undefined;
    }, 15_000, async () => JSON.stringify(await problemRows()));
    check('the Problems panel lists LB1003 with a suggestion', before.some((t) => /Did you mean 'web_servers'\?/.test(t)), JSON.stringify(before));
    await clickLine(fix, 'frontend www');
    await placeCursor(positionOf(file('fix.lb'), 'default web_servrs', 'default '.length + 3));
    const fixRow = page.locator('.action-widget .monaco-list-row').filter({ hasText: "Change to 'web_servers'" }).first();
    await page.keyboard.press('Control+.');
    await fixRow.waitFor({ state: 'visible', timeout: 5_000 }).catch(async () => {
      // The code actions come from the server: ask again if the menu opened before they arrived.
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+.');
      await fixRow.waitFor({ state: 'visible', timeout: 10_000 });
    });
    const offered = (await page.locator('.action-widget .monaco-list-row').allInnerTexts()).map(plain);
    check('Ctrl+. offers the "Did you mean" fix and the suppression', offered.some((t) => t.includes("Change to 'web_servers'")) && offered.some((t) => t.includes('Suppress LB1003')), JSON.stringify(offered));
    await shot('18-quick-fix-menu.png');
    await fixRow.click();
    await waitFor('the fixed name in fix.lb', async () => /default web_servers/.test(await textOf(fix)), 10_000, async () => textOf(fix));
    const after = await waitFor('LB1003 to leave the Problems panel', async () => {
      const rows = await problemRows();
      return rows.some((t) => t.includes('LB1003')) ? undefined : rows;
    }, 15_000, async () => JSON.stringify(await problemRows()));
    check('the quick fix changed the text and the problem is gone', (await fix.locator('.squiggly-error').count()) === 0, JSON.stringify(after));
    await shot('19-quick-fixed.png');
  });
} catch (error) {
  log(`ERROR ${error instanceof Error ? error.message : String(error)}`);
  await page.screenshot({ path: join(artifacts, 'failure.png') }).catch(() => {});
  results.push({ name: 'run to the end', ok: false });
} finally {
  await browser.close();
}
const failed = results.filter((r) => !r.ok).length;
log(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
