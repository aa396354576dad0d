/**
 * Neovim (headless, the Debian package) as a real third-party LSP client: a tiny Lua config starts the bundled
 * server for *.lb, opens a file with a mistake, waits for the server's diagnostics and writes them to a file.
 * Skipped with a note when nvim is not installed (.ci/run installs it).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildServer, SERVER_BUNDLE, tempProject } from './helpers/lsp-client.ts';

const nvim = ['/usr/bin/nvim', '/usr/local/bin/nvim'].find((p) => existsSync(p));
let marker: string | undefined;

const INIT = `
vim.cmd([[autocmd BufRead,BufNewFile *.lb setfiletype lb]])
vim.api.nvim_create_autocmd('FileType', { pattern = 'lb', callback = function(args)
  local id = vim.lsp.start_client({ name = 'lb', cmd = { os.getenv('LB_NODE'), os.getenv('LB_LSP_SERVER'), '--stdio' }, root_dir = vim.fn.getcwd() })
  vim.lsp.buf_attach_client(args.buf, id)
end })
`;

const CHECK = `
local ok = vim.wait(15000, function() return #vim.diagnostic.get(0) > 0 end, 50)
local out = {}
for _, d in ipairs(vim.diagnostic.get(0)) do
  local lsp = (d.user_data or {}).lsp or {}
  table.insert(out, { lnum = d.lnum, col = d.col, message = d.message, source = d.source, severity = d.severity, code = d.code or lsp.code })
end
local f = io.open(os.getenv('LB_NVIM_OUT'), 'w')
f:write(vim.fn.json_encode({ ok = ok, filetype = vim.bo.filetype, clients = #vim.lsp.buf_get_clients(0), diagnostics = out }))
f:close()
vim.cmd(ok and 'qall!' or 'cquit 1')
`;

const MISTAKE = `backend app {
  server app1 127.0.0.1:8080
}
frontend web {
  bind *:8000
  default ap
}
`;

test('neovim receives the diagnostics the server publishes for a mistake', () => {
  if (!nvim) {
    console.log('  (skipped: nvim is not installed; apt-get install neovim)');
    return;
  }
  buildServer();
  const project = tempProject({ 'init.lua': INIT, 'check.lua': CHECK, 'broken.lb': MISTAKE });
  try {
    const out = join(project.dir, 'diagnostics.json');
    marker = `LB_NVIM_TEST_MARK=${process.pid}-${Date.now()}`;
    const env = {
      ...process.env,
      LB_NVIM_TEST_MARK: marker.split('=')[1],
      LB_NODE: process.execPath,
      LB_LSP_SERVER: SERVER_BUNDLE,
      LB_NVIM_OUT: out,
      XDG_CACHE_HOME: join(project.dir, 'cache'),
      XDG_DATA_HOME: join(project.dir, 'data'),
      XDG_STATE_HOME: join(project.dir, 'state'),
      XDG_CONFIG_HOME: join(project.dir, 'config'),
    };
    const run = spawnSync(nvim, ['--headless', '--noplugin', '-i', 'NONE', '-n', '-u', 'init.lua', '-c', 'luafile check.lua', 'broken.lb'], {
      cwd: project.dir, env, timeout: 40_000, encoding: 'utf8',
    });
    assert.ok(existsSync(out), `nvim wrote no result (status ${run.status}, signal ${run.signal}): ${run.stderr}`);
    const result = JSON.parse(readFileSync(out, 'utf8')) as {
      ok: boolean; filetype: string; clients: number; diagnostics: { lnum: number; col: number; code: string; source: string; message: string }[];
    };
    assert.ok(result.ok, 'diagnostics arrived in time');
    assert.is(result.filetype, 'lb');
    assert.is(result.clients, 1);
    const unknown = result.diagnostics.find((d) => d.code === 'LB1003');
    assert.ok(unknown, JSON.stringify(result.diagnostics));
    assert.is(unknown!.source, 'lb');
    assert.is(unknown!.lnum, 5, 'on the line of `default ap` (0-based)');
    assert.is(unknown!.col, 10);
    assert.match(unknown!.message, /app/);
    assert.is(run.status, 0);
  } finally {
    project.cleanup();
  }
});

/** Processes whose environment holds a marker (the server nvim started inherits it from nvim). */
function processesMarked(marker: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/environ`, 'latin1').includes(marker)) pids.push(Number(entry));
    } catch {
      // gone already, or not ours to read
    }
  }
  return pids;
}

test('no language server is left running after neovim quits', async () => {
  if (!nvim || !marker) return;
  // The server exits when its input closes; give it a moment.
  const deadline = Date.now() + 5000;
  while (processesMarked(marker).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  assert.equal(processesMarked(marker), []);
});

test.run();
