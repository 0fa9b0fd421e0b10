#!/usr/bin/env bash
# Post the Compose files of a directory to a running compose-review and print the PR comment.
# Usage: examples/review-api.sh [DIR] [URL]   (defaults: . and http://localhost:8080)
set -euo pipefail
dir=${1:-.}
url=${2:-http://localhost:8080}
bundle=$(cd "$dir" && node -e '
  const fs = require("fs");
  const files = {};
  for (const f of fs.readdirSync(".")) if (/^((docker-)?compose.*\.ya?ml|\.env.*|\.compose-review\.ya?ml)$/.test(f)) files[f] = fs.readFileSync(f, "utf8");
  process.stdout.write(JSON.stringify({ files }));')
curl -sS "$url/v1/review?format=markdown" -H 'content-type: application/json' ${COMPOSE_REVIEW_TOKEN:+-H "authorization: Bearer $COMPOSE_REVIEW_TOKEN"} --data-binary "$bundle"
