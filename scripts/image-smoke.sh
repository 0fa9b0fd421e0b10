#!/usr/bin/env bash
# What `docker build .` would produce, without a Docker engine: runs the Dockerfile's two stages by
# hand in temporary directories (same COPY lists, same commands, host Node instead of node:20-alpine),
# then starts the runtime stage as the image would (NODE_ENV=production, prod dependencies only) and
# checks /healthz, /readyz, /docs, /openapi.json and a review. Prints the runtime stage's size.
# Usage: bash scripts/image-smoke.sh   (needs the npm registry for npm ci)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'kill "${pid:-0}" 2>/dev/null || true; rm -rf "$tmp"' EXIT
build="$tmp/build" app="$tmp/app"
mkdir -p "$build" "$app"

# FROM node:20-alpine AS build
cp "$root/package.json" "$root/package-lock.json" "$build/"
(cd "$build" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
cp "$root/tsconfig.json" "$build/"
cp -r "$root/src" "$build/src"
(cd "$build" && npm run build --silent >/dev/null && npm prune --omit=dev --loglevel=error >/dev/null)

# FROM node:20-alpine (runtime)
cp "$build/package.json" "$app/"
cp -r "$build/node_modules" "$app/node_modules"
cp -r "$build/dist" "$app/dist"
cp -r "$root/schemas" "$app/schemas"
cp -r "$root/bin" "$app/bin"
echo "runtime stage: $(du -sh "$app" | cut -f1) in all; node_modules $(du -sh "$app/node_modules" | cut -f1), dist $(du -sh "$app/dist" | cut -f1), schemas $(du -sh "$app/schemas" | cut -f1)"
if [ -d "$app/node_modules/typescript" ] || [ -d "$app/node_modules/tap" ]; then echo "FAIL: dev dependencies in the runtime stage"; exit 1; fi

port=$((20000 + RANDOM % 20000))
(cd "$app" && NODE_ENV=production PORT=$port HOST=127.0.0.1 exec node dist/src/cli/main.js serve >"$tmp/log" 2>&1) &
pid=$!
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
check() { # name, curl args...
  local name=$1; shift
  if out=$(curl -fsS "$@"); then echo "ok   $name"; else echo "FAIL $name"; cat "$tmp/log"; exit 1; fi
  printf '%s' "$out" >"$tmp/out"
}
check /healthz "http://127.0.0.1:$port/healthz"
check /readyz "http://127.0.0.1:$port/readyz"
check /docs "http://127.0.0.1:$port/docs/"
grep -qi "swagger" "$tmp/out" || { echo "FAIL /docs is not Swagger UI"; exit 1; }
check /openapi.json "http://127.0.0.1:$port/openapi.json"
bundle=$(cd "$root/fixtures/seed" && node -e 'const fs=require("fs");const files={};for(const f of fs.readdirSync("."))files[f]=fs.readFileSync(f,"utf8");process.stdout.write(JSON.stringify({files}))')
check "POST /v1/review" "http://127.0.0.1:$port/v1/review" -H 'content-type: application/json' --data-binary "$bundle"
grep -q '"verdict"' "$tmp/out" || { echo "FAIL /v1/review answered no verdict"; exit 1; }
kill -TERM "$pid"
if wait "$pid"; then echo "ok   SIGTERM: exit 0"; else echo "FAIL SIGTERM: exit $?"; exit 1; fi
