#!/usr/bin/env bash
# npm run test:install: compose-review installed from git as a user would, a step of .ci/run with its
# own budget (the install builds the package: about a minute here, over what one unit test may take;
# test/package.test.ts checks the packed tarball in an empty prefix within npm test).
#
#  1. a clone of the committed HEAD: no dist/, no node_modules;
#  2. an empty project that allows compose-review's install script (npm 11 runs the `prepare` of a
#     git dependency only when `allowScripts` names it) installs git+file://CLONE: npm installs the
#     clone's dev dependencies, runs `prepare` (the build) and packs it;
#  3. the installed CLI: `--version` and an audit of the seed (exit 1: it has errors);
#  4. `npm publish --dry-run` of the checkout (built) lists only what a user needs.
# Exit 0 pass, 1 fail.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
say() { printf 'test:install: %s\n' "$*"; }
fail() {
  say "FAIL: $*"
  exit 1
}
# the outer npm's settings (npm run passes npm_config_* down) must not reach the installs
for v in $(env | grep -Eo '^npm_(config|lifecycle|package)_[^=]*' || true); do unset "$v"; done
started=$SECONDS

[ -z "$(git -C "$root" status --porcelain --untracked-files=no)" ] ||
  say "note: the checkout has uncommitted changes; the clone (HEAD) does not"
git clone -q "$root" "$work/clone"
[ ! -e "$work/clone/dist" ] || fail "the clone has a dist/ directory: it is built by prepare, never committed"
version=$(node -p "require('$work/clone/package.json').version")

mkdir "$work/app"
printf '{"name":"app","version":"1.0.0","private":true,"allowScripts":{"compose-review":true}}\n' >"$work/app/package.json"
(cd "$work/app" && npm install --prefer-offline --no-audit --no-fund "git+file://$work/clone" >"$work/install.log" 2>&1) ||
  { tail -n 40 "$work/install.log"; fail "npm install git+file:// failed"; }
say "installed from git+file:// in $((SECONDS - started)) s"
bin="$work/app/node_modules/.bin/compose-review"
[ -f "$work/app/node_modules/compose-review/dist/src/cli/main.js" ] || fail "the install has no dist/: prepare did not build"
out=$("$bin" --version) || fail "--version exited $?"
[ "$out" = "compose-review $version" ] || fail "--version printed '$out', not 'compose-review $version'"
cp -r "$root/fixtures/seed" "$work/seed"
set +e
(cd "$work/seed" && "$bin" audit >"$work/audit.txt" 2>"$work/audit.err")
status=$?
set -e
[ "$status" -eq 1 ] || { cat "$work/audit.err"; fail "audit of the seed exited $status, not 1"; }
grep -Eq '^[0-9]+ errors?, [0-9]+ warnings?, [0-9]+ info' "$work/audit.txt" || fail "audit printed no summary"
say "the git install runs: --version, audit (exit 1)"

(cd "$root" && npm publish --dry-run --ignore-scripts --json >"$work/publish.json" 2>"$work/publish.err") ||
  { cat "$work/publish.err"; fail "npm publish --dry-run failed"; }
stray=$(node -e '
  const j = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const files = (j.files ?? j["compose-review"]?.files ?? []).map((f) => f.path);
  if (!files.includes("bin/compose-review.js")) console.log("(no bin/compose-review.js: unreadable list)");
  console.log(files.filter((p) => /^(test|fixtures|bench|scripts|web|src|deploy|examples|docs|\.ci)\//.test(p)).join(" "));' "$work/publish.json" | xargs)
[ -z "$stray" ] || fail "npm publish --dry-run would publish $stray"
say "PASS in $((SECONDS - started)) s"
