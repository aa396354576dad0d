/**
 * Drives real VS Code (code-server in headless Chromium, through playwright-core) with the lb extension installed,
 * on a workspace holding app.lb: a copy of examples/case1-roundrobin.lb whose frontend names a backend that does
 * not exist. Checks through the UI, the way a user sees it:
 *   1. the language mode is lb and the extension's status item appears;
 *   2. the mistake is underlined and listed in the Problems panel (LB1003);
 *   3. completion after `default ` offers the declared backend; accepting it clears the error as you type;
 *   4. hover on a directive shows its documentation;
 *   5. "lb: Preview to the Side" opens haproxy.cfg beside the source;
 *   6. selecting a line in the source selects the lines it generated in the preview, and back;
 *   7. an edit in the source updates the preview live;
 *   8. "lb: Compile" writes out/haproxy.cfg;
 *   9. ha.lb (case 2: two hosts and a cluster) previews as one tab per generated file;
 *  10. "lb: Run" on run.lb starts `lb run` in a terminal (the load balancer answers), "lb: Open Stats Page" opens
 *      the stats URL, and "lb: Stop" stops everything (the port is free again).
 * Screenshots go to ARTIFACTS (one per step, and failure.png). Exit status 0 when every check passed.
 *
 * usage: node drive.mjs URL WORKSPACE_DIR ARTIFACTS_DIR   (run.lb's frontend listens on RUN_URL, default below)
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const [url, workspace, artifacts] = process.argv.slice(2);
if (!url || !workspace || !artifacts) {
  console.error('usage: node drive.mjs URL WORKSPACE_DIR ARTIFACTS_DIR');
  process.exit(2);
}
mkdirSync(artifacts, { recursive: true });

const RUN_URL = process.env.LB_E2E_RUN_URL ?? 'http://127.0.0.1:18480/';
const STATS_PORT = process.env.LB_E2E_STATS_PORT ?? '18484';
const started = Date.now();
const log = (message) => console.log(`[${((Date.now() - started) / 1000).toFixed(1)}s] ${message}`);
const results = [];
function check(name, ok, detail = '') {
  results.push({ name, ok });
  log(`${ok ? 'PASS' : 'FAIL'} ${name}${detail ? `: ${detail}` : ''}`);
  if (!ok) throw new Error(`check failed: ${name}${detail ? `: ${detail}` : ''}`);
}
/** Monaco renders spaces as no-break spaces. */
const plain = (text) => text.replace(/\u00a0/g, ' ');

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
});
const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
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
async function runCommand(title) {
  await page.keyboard.press('Control+Shift+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-list .monaco-list-row').filter({ hasText: title }).first();
  await row.waitFor({ timeout: 10_000 });
  await page.keyboard.press('Enter');
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
async function goToLine(line) {
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(`:${line}`);
  await page.keyboard.press('Enter');
}
async function waitFor(what, predicate, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    last = await predicate();
    if (last) return last;
    await page.waitForTimeout(250);
  }
  throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}`);
}

try {
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
  await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  log('workbench visible');
  await page.locator('.explorer-folders-view .monaco-list-row[aria-label^="app.lb"]').first().click({ timeout: 60_000 });
  await page.waitForSelector('.tab[aria-label^="app.lb"]');
  const source = editorOf('app.lb');
  await source.locator('.view-lines .view-line').first().waitFor();
  log('app.lb open');

  // 1. Language mode and the extension's status item.
  const mode = page.locator('#status\\.editor\\.mode');
  const language = await waitFor('the lb language mode', async () => ((await mode.innerText()).trim() === 'lb' ? 'lb' : undefined));
  check('language mode is lb', language === 'lb');

  // 2. The mistake: underlined, counted, listed in the Problems panel.
  await source.locator('.squiggly-error').first().waitFor({ timeout: 60_000 });
  log('error squiggle rendered');
  const status = await waitFor('the lb status item', async () => {
    const items = await page.locator('.statusbar-item').allInnerTexts();
    return items.map(plain).find((t) => /lb: \d+ problems?/.test(t));
  });
  check('status bar reports the problems', /lb: \d+ problems?/.test(status), status.trim());
  await page.keyboard.press('Control+Shift+M');
  const rows = page.locator('.markers-panel .monaco-list-row');
  await rows.first().waitFor({ timeout: 15_000 });
  const problems = await waitFor('LB1003 in the Problems panel', async () => {
    const texts = (await rows.allInnerTexts()).map(plain);
    return texts.some((t) => t.includes('LB1003')) ? texts : undefined;
  });
  check('Problems panel lists the unknown backend (LB1003)', problems.some((t) => /unknown backend 'application_node'/.test(t)), JSON.stringify(problems));
  await shot('1-problems.png');
  await page.keyboard.press('Control+J'); // hide the panel again: room for the editors

  // 3. Completion of a declared backend, at the mistake.
  const text = readFileSync(join(workspace, 'app.lb'), 'utf8');
  const mistakeLine = text.split('\n').findIndex((l) => l.includes('default application_node')) + 1;
  await clickLine(source, 'global {');
  await goToLine(mistakeLine);
  await page.keyboard.press('End');
  for (let i = 0; i < 'application_node'.length; i++) await page.keyboard.press('Backspace');
  await page.keyboard.press('Control+Space');
  const suggestion = page.locator('.suggest-widget .monaco-list-row').filter({ hasText: 'application_nodes' }).first();
  await suggestion.waitFor({ timeout: 15_000 });
  const offered = (await page.locator('.suggest-widget .monaco-list-row').allInnerTexts()).map(plain);
  check('completion offers the declared backend', offered.some((t) => t.includes('application_nodes')), JSON.stringify(offered.slice(0, 8)));
  await shot('2-completion.png');
  await suggestion.click();
  await waitFor('the error to go away after the fix', async () => ((await source.locator('.squiggly-error').count()) === 0 ? true : undefined));
  check('fixing the name clears the error as you type', true);

  // 4. Hover on a directive.
  const balance = source.locator('.view-lines .view-line span span').filter({ hasText: /^balance$/ }).first();
  await balance.hover();
  const hover = page.locator('.monaco-hover:not(.hidden) .hover-contents, .monaco-hover:not(.hidden) .rendered-markdown').first();
  await hover.waitFor({ timeout: 15_000 }).catch(async () => {
    // Some builds need the mouse to move inside the word once more before the hover shows.
    await balance.hover({ position: { x: 8, y: 4 } });
    await hover.waitFor({ timeout: 10_000 });
  });
  const hoverText = plain(await hover.innerText());
  check('hover shows the directive documentation', /load-balancing algorithm/i.test(hoverText), hoverText.slice(0, 120));
  await shot('3-hover.png');
  await page.mouse.move(5, 400);

  // 5. The preview beside the source.
  await clickLine(source, 'frontend http-in');
  await runCommand('lb: Preview to the Side');
  await page.waitForSelector('.tab[aria-label^="haproxy.cfg"]', { timeout: 30_000 });
  const preview = editorOf('haproxy.cfg');
  await preview.locator('.view-lines .view-line').first().waitFor();
  const previewText = (await linesOf(preview)).map((l) => plain(l.text)).join('\n');
  check('preview shows haproxy.cfg', /frontend http-in/.test(previewText) && /backend application_nodes/.test(previewText), `${previewText.split('\n').length} lines rendered`);
  check('the fixed default backend is in the preview', /default_backend application_nodes/.test(previewText));
  await shot('4-preview.png');

  // 6. Synced selection, source -> preview and preview -> source.
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

  // 7. Live update: change a weight in the source; the preview follows without a save.
  await clickLine(source, 'for i, w in [4, 2]');
  const lines = text.split('\n');
  const weightsLine = lines.findIndex((l) => l.includes('for i, w in [4, 2]'));
  await goToLine(`${weightsLine + 1}:${lines[weightsLine].indexOf('[4') + 2}`);
  await page.keyboard.press('Delete');
  await page.keyboard.type('7');
  const updated = await waitFor('the preview to show weight 7', async () => {
    const t = (await linesOf(preview)).map((l) => plain(l.text)).join('\n');
    return /server server01 127\.0\.0\.1:8080 check weight 7/.test(t) ? t : undefined;
  });
  check('the preview updates as you type', /weight 7/.test(updated));
  await shot('7-live-update.png');

  // 8. Compile to disk.
  await clickLine(source, 'frontend http-in');
  await runCommand('lb: Compile');
  const written = join(workspace, 'out', 'haproxy.cfg');
  await waitFor('out/haproxy.cfg', async () => (existsSync(written) ? true : undefined));
  check('lb: Compile writes out/haproxy.cfg', /weight 7/.test(readFileSync(written, 'utf8')));
  await page.waitForTimeout(500);
  await shot('8-compiled.png');

  // 9. One tab per generated file.
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

  // 10. Run, stats page, stop.
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
