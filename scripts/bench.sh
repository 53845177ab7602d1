#!/usr/bin/env bash
# bench.sh: skiff vs the reference docker client, side by side in one run (make bench).
#
#   scripts/bench.sh [--quick] [-b SKIFF] [-r REF] [-o DIR]
#     --quick   fewer runs, 64 MiB streams (about a minute and a half instead of five)
#     -b        the skiff binary (default: bin/docker)
#     -r        the reference client (default: /usr/local/bin/docker)
#     -o        where hyperfine's JSON and the summary go (default: bin/bench)
#
# Workloads: --version, ps, ps -a with 200 extra (created, not running) containers,
# images, inspect bb:latest, context ls with 50 contexts (made by the reference),
# --version with 10 CLI plugins installed and a trivial plugin run (docker p1); then
# the container workloads: run --rm bb true, 256 MiB (64 MiB with --quick) through
# run -i --rm --log-driver none bb cat and exec -i C cat, logs of a container that
# wrote 28 MB (json-file), cp of 256 MiB in and out; then an image of 256 MiB saved,
# loaded, pushed to and pulled from a local registry (Debian's docker-registry, started
# on 127.0.0.1:5002), a build context of 256 MiB, and ps over ssh:// to an OpenSSH
# server of its own (scripts/sshd.sh, 127.0.0.1:2223). Each is timed by hyperfine
# (warmup, both clients in the same hyperfine run, --export-json); peak RSS comes from
# /usr/bin/time -v (median of several runs). Prints per workload: mean wall time of
# each, the ratio skiff/reference and the goal, the same for peak RSS, then the binary
# sizes. A workload whose command skiff lacks (bin/docker X --help shows no usage of X)
# is timed for the reference alone and marked "skiff lacks X". Always exits 0
# when it could measure: it reports goals, it does not enforce them.
#
# Needs an engine with bb:latest (scripts/engine.sh up). Installs hyperfine, jq and time
# from Debian when they are missing and it runs as root.
set -euo pipefail
cd "$(dirname "$0")/.."

QUICK=0
SKIFF=bin/docker
REF=${REF:-/usr/local/bin/docker}
OUT=bin/bench
N=200
while [ $# -gt 0 ]; do
  case $1 in
    --quick) QUICK=1 ;;
    -b) SKIFF=$2; shift ;;
    -r) REF=$2; shift ;;
    -o) OUT=$2; shift ;;
    -h|--help) sed -n '2,26p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done

say() { echo "bench.sh: $*" >&2; }
die() { say "$*"; exit 1; }

# --- tools -----------------------------------------------------------------------------
missing=()
command -v hyperfine >/dev/null || missing+=(hyperfine)
command -v jq >/dev/null || missing+=(jq)
[ -x /usr/bin/time ] || missing+=(time)
command -v curl >/dev/null || missing+=(curl)
if [ ${#missing[@]} -gt 0 ]; then
  [ "$(id -u)" = 0 ] || die "missing ${missing[*]}: install them (Debian: apt-get install ${missing[*]})"
  say "installing ${missing[*]} from Debian"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

[ -x "$SKIFF" ] || die "no skiff binary at $SKIFF: run make build"
[ -x "$REF" ] || die "no reference client at $REF"
SKIFF=$(realpath "$SKIFF") REF=$(realpath "$REF")

SOCK=/var/run/docker.sock
case "${DOCKER_HOST:-}" in unix://*) SOCK=${DOCKER_HOST#unix://} ;; "") ;; *) die "DOCKER_HOST=$DOCKER_HOST: bench.sh needs a unix socket" ;; esac
api() { curl -sf --max-time 60 --unix-socket "$SOCK" "$@"; }
api "http://localhost/_ping" >/dev/null || die "no engine answers on $SOCK: run scripts/engine.sh up"
api "http://localhost/images/bb:latest/json" >/dev/null || die "no bb:latest: run scripts/engine.sh up"

if [ $QUICK = 1 ]; then
  HF=(--warmup 2 --runs 10); RSS_RUNS=3
  HF_STREAM=(--warmup 0 --runs 2); RSS_STREAM_RUNS=1; STREAM_MB=64
else
  HF=(--warmup 5 --min-runs 30); RSS_RUNS=7
  HF_STREAM=(--warmup 1 --runs 5); RSS_STREAM_RUNS=3; STREAM_MB=256
fi

mkdir -p "$OUT"
tmp=$(mktemp -d)
# A clean, identical config for both clients (no ~/.docker of the user's).
export HOME=$tmp/home DOCKER_CLI_HINTS=false
unset DOCKER_CONFIG DOCKER_CONTEXT
mkdir -p "$HOME"

# --- 200 containers with a unique label, removed on exit --------------------------------
LABEL="skiff.bench=$$-$RANDOM"
LABEL_FILTER=$(jq -rn --arg l "$LABEL" '{label: [$l]} | @uri')
cleanup() {
  api "http://localhost/containers/json?all=1&filters=$LABEL_FILTER" 2>/dev/null | jq -r '.[].Id' |
    xargs -r -P 4 -I{} curl -sf --max-time 60 --unix-socket "$SOCK" -X DELETE \
      "http://localhost/containers/{}?force=1&v=1" >/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say "creating $N containers labelled $LABEL"
body=$(jq -cn --arg k "${LABEL%%=*}" --arg v "${LABEL#*=}" '{Image: "bb:latest", Cmd: ["true"], Labels: {($k): $v}}')
seq 1 $N | xargs -P 8 -I{} curl -sf --max-time 60 --unix-socket "$SOCK" -X POST \
  -H 'Content-Type: application/json' -d "$body" \
  "http://localhost/containers/create?name=skiff-bench-$$-{}" >/dev/null ||
  die "creating the bench containers failed"
total=$(api "http://localhost/containers/json?all=1" | jq length)
running=$(api "http://localhost/containers/json" | jq length)
images=$(api "http://localhost/images/json" | jq length)

# --- measurements ----------------------------------------------------------------------
# workload name | arguments | wall-time goal (ratio)
WORKLOADS=(
  "--version|--version|0.25"
  "ps|ps|0.33"
  "ps -a ($total)|ps -a|0.33"
  "images|images|0.33"
  "inspect bb:latest|inspect bb:latest|0.33"
  # shell completion of container names (what TAB runs; the shell, not docker, filters by
  # the word typed, so "x" costs what "" does): the running ones, and rm's $N stopped
  "__complete stop|__complete stop x|0.5"
  "__complete rm ($N)|__complete rm x|0.5"
)
RSS_GOAL=0.5
SIZE_GOAL_MB=14

# peak RSS in KiB: median over RUNS (default RSS_RUNS) runs of /usr/bin/time -v, with
# stdin from IN (default /dev/null)
rss() {
  local i v=() n=${RUNS:-$RSS_RUNS}
  for ((i = 0; i < n; i++)); do
    [ -z "${PREPARE:-}" ] || bash -c "$PREPARE" >/dev/null 2>&1 || true
    /usr/bin/time -v -o "$tmp/time" "$@" <"${IN:-/dev/null}" >/dev/null 2>&1 || true
    v+=("$(awk -F': ' '/Maximum resident set size/ {print $2}' "$tmp/time")")
  done
  printf '%s\n' "${v[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

# ok: does the command succeed? (a failing command is still timed, but flagged)
status() { "$@" <"${IN:-/dev/null}" >/dev/null 2>&1 && echo ok || echo "exit $?"; }

# has: does skiff have this command yet? (the container verbs land one by one)
# (`docker frob --help` prints the root's help, exit 0, as docker does: ask for the
# command's own usage line)
has() { "$SKIFF" "$1" --help 2>/dev/null | grep -q "^Usage:  docker $1 "; }

rows=()
i=0
# measure NAME ARGS GOAL [IN [BYTES]]: time `docker ARGS` (stdin from IN when given, and
# then as a stream: fewer runs; BYTES is the amount streamed, for a throughput note) with both clients, or with the reference
# alone when skiff lacks the command (PLUGIN set: the verb is a CLI plugin, which both
# have). PREPARE, when set, is a shell command run before
# every timed run (and every RSS run): it resets the state the workload changes.
measure() {
  local name=$1 args=$2 goal=$3 in=${4:-} bytes=${5:-} json argv sk_status ref_status sk_mean="" ref_mean sk_rss="" ref_rss note="" verb
  local hf=("${HF[@]}") runs=$RSS_RUNS prep=()
  i=$((i + 1))
  json="$OUT/$i-$(echo "$name" | tr -c 'a-zA-Z0-9\n' '_' | sed 's/_*$//').json"
  read -ra argv <<<"$args"
  verb=${argv[0]}
  [ -n "$in" ] && { hf=("${HF_STREAM[@]}"); runs=$RSS_STREAM_RUNS; }
  [ -z "${PREPARE:-}" ] || prep=(--prepare "$PREPARE")
  local cmds=()
  local sk_cmd="$SKIFF $args" ref_cmd="$REF $args"
  if [ -n "$in" ]; then sk_cmd="$sk_cmd < $in"; ref_cmd="$ref_cmd < $in"; fi
  if [[ $verb == -* || $verb == __complete ]] || [ -n "${PLUGIN:-}" ] || has "$verb"; then
    [ -z "${PREPARE:-}" ] || bash -c "$PREPARE" >/dev/null 2>&1 || true
    sk_status=$(IN=$in status "$SKIFF" "${argv[@]}")
    cmds+=(-n skiff "$sk_cmd")
  else
    say "skipping skiff for '$name': bin/docker has no '$verb' command yet"
    note="skiff lacks $verb"
  fi
  [ -z "${PREPARE:-}" ] || bash -c "$PREPARE" >/dev/null 2>&1 || true
  ref_status=$(IN=$in status "$REF" "${argv[@]}")
  cmds+=(-n reference "$ref_cmd")
  say "timing: docker $args${in:+ < $(basename "$in")}"
  if [ -n "$in" ]; then
    hyperfine -i "${hf[@]}" "${prep[@]}" --style none --export-json "$json" "${cmds[@]}" >/dev/null 2>&1 ||
      die "hyperfine failed on: $args"
  else
    hyperfine -N -i "${hf[@]}" "${prep[@]}" --style none --export-json "$json" "${cmds[@]}" >/dev/null 2>&1 ||
      die "hyperfine failed on: $args"
  fi
  ref_mean=$(jq -r '.results[] | select(.command == "reference") | .mean' "$json")
  ref_rss=$(IN=$in RUNS=$runs rss "$REF" "${argv[@]}")
  if [ -z "$note" ]; then
    sk_mean=$(jq -r '.results[] | select(.command == "skiff") | .mean' "$json")
    sk_rss=$(IN=$in RUNS=$runs rss "$SKIFF" "${argv[@]}")
    [ "$sk_status" = ok ] || note="skiff $sk_status"
  fi
  [ "$ref_status" = ok ] || note="${note:+$note, }reference $ref_status"
  if [ -n "$bytes" ]; then
    note="${note:+$note; }$(awk -v b="$bytes" -v s="$sk_mean" -v r="$ref_mean" 'BEGIN {
      if (s != "") printf "skiff %.0f MB/s, ", b / 1e6 / s; printf "ref %.0f MB/s", b / 1e6 / r }')"
  fi
  rows+=("$name|$sk_mean|$ref_mean|$goal|$sk_rss|$ref_rss|$RSS_GOAL|$note")
}

for w in "${WORKLOADS[@]}"; do
  IFS='|' read -r name args goal <<<"$w"
  measure "$name" "$args" "$goal"
done
# The engine's own answer to ps -a's request, asked with curl: no client lists the
# containers faster than the engine does, so this is the floor of the ps -a and
# __complete rm rows' wall time (their ratio cannot go below floor / reference).
hyperfine -N "${HF[@]}" --style none --export-json "$OUT/floor.json" \
  "curl -sf --unix-socket $SOCK http://localhost/containers/json?all=1 -o /dev/null" >/dev/null 2>&1 || true
floor_ms=$(jq -r '.results[0].mean * 10000 | round / 10' "$OUT/floor.json" 2>/dev/null || echo "?")

# --- context ls: 50 contexts made by the reference, in a config directory of their own --
ctxcfg=$tmp/contexts-config
mkdir -p "$ctxcfg"
say "creating 50 contexts with the reference in $ctxcfg"
for c in $(seq 1 50); do
  DOCKER_CONFIG=$ctxcfg "$REF" context create "bench-$c" --description "bench context $c" \
    --docker "host=tcp://10.0.0.$c:2376" >/dev/null 2>&1 || die "creating context bench-$c failed"
done
DOCKER_CONFIG=$ctxcfg measure "context ls (50)" "context ls" 0.4

# --- CLI plugins: 10 in a config directory of their own (the test plugin, built here) --
# --version must not look at them; `docker p1` probes and runs p1 alone (a trivial
# plugin: the time is the CLI's overhead, plus the plugin's start twice).
plugcfg=$tmp/plugins-config
mkdir -p "$plugcfg/cli-plugins"
GO=$(command -v go || echo /usr/local/go/bin/go)
if "$GO" build -o "$plugcfg/fakeplugin" ./cliplugins/testdata/fakeplugin 2>/dev/null; then
  for p in $(seq 1 10); do cp "$plugcfg/fakeplugin" "$plugcfg/cli-plugins/docker-p$p"; done
  DOCKER_CONFIG=$plugcfg measure "--version (10 plugins)" "--version" 0.25
  DOCKER_CONFIG=$plugcfg PLUGIN=1 measure "plugin p1 (trivial)" "p1" 0.5
else
  say "cannot build the test plugin (no go?): CLI plugin rows not measured"
fi

# --- container workloads ---------------------------------------------------------------
# One long-running container C (exec, cp) and one that wrote ~28 MB of log, both with the
# bench label (removed at exit), and a ${STREAM_MB} MiB file of random bytes.
big=$tmp/big.bin
head -c $((STREAM_MB << 20)) /dev/urandom >"$big"
mkdir -p "$tmp/cpout"
create() { # create NAME CMD-JSON -> id
  local body
  body=$(jq -cn --arg k "${LABEL%%=*}" --arg v "${LABEL#*=}" --argjson cmd "$2" \
    '{Image: "bb:latest", Cmd: $cmd, Labels: {($k): $v}}')
  curl -sf --max-time 60 --unix-socket "$SOCK" -X POST -H 'Content-Type: application/json' -d "$body" \
    "http://localhost/containers/create?name=$1" | jq -r .Id
}
say "creating the exec/cp container and the 28 MB log container"
C=$(create "skiff-bench-$$-c" '["sleep","100000"]') || die "creating the bench container failed"
api -X POST "http://localhost/containers/$C/start" >/dev/null || die "starting the bench container failed"
# cp out needs the file in C from the start (cp in may be skipped for skiff).
tar -C "$tmp" -cf - big.bin | curl -sf --max-time 300 --unix-socket "$SOCK" -X PUT \
  -H 'Content-Type: application/x-tar' --data-binary @- "http://localhost/containers/$C/archive?path=/tmp" ||
  die "copying the file into the bench container failed"
L=$(create "skiff-bench-$$-logs" '["sh","-c","yes 0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstu | head -c 28000000"]') ||
  die "creating the log container failed"
api -X POST "http://localhost/containers/$L/start" >/dev/null || die "starting the log container failed"
curl -sf --max-time 300 --unix-socket "$SOCK" -X POST "http://localhost/containers/$L/wait" >/dev/null ||
  die "waiting for the log container failed"

measure "run --rm bb true" "run --rm bb true" 0.95
size=$((STREAM_MB << 20))
measure "run -i cat ${STREAM_MB}M" "run -i --rm --log-driver none bb cat" 1.00 "$big" $size
measure "exec -i cat ${STREAM_MB}M" "exec -i $C cat" 1.00 "$big" $size
measure "logs 28MB" "logs $L" 1.00 /dev/null 28000000
measure "cp in ${STREAM_MB}M" "cp $big $C:/tmp/in.bin" 1.00 /dev/null $size
measure "cp out ${STREAM_MB}M" "cp $C:/tmp/big.bin $tmp/cpout/big.bin" 1.00 /dev/null $size

# --- image workloads ---------------------------------------------------------------------
# An image of ${STREAM_MB} MiB (C committed: bb plus big.bin), saved to a tar, loaded back,
# pushed to a registry of the bench's own on 127.0.0.1:5002 and pulled from it, and a
# build context of the same size uploaded to the classic builder. The engine does most
# of the work in all of them: what the clients differ in is how they stream and draw it.
IMG=skiff-bench-img:$$
api -X POST "http://localhost/commit?container=$C&repo=skiff-bench-img&tag=$$" >/dev/null ||
  die "committing the bench image failed"
IMG_ID=$(api "http://localhost/images/$IMG/json" | jq -r .Id)
img_size=$(api "http://localhost/images/$IMG/json" | jq -r .Size)
imgcleanup() {
  api -X DELETE "http://localhost/images/$IMG_ID?force=1" >/dev/null 2>&1 || true
  # the images the build row made carry the bench label
  api "http://localhost/images/json?filters=$LABEL_FILTER" 2>/dev/null | jq -r '.[].Id' |
    xargs -r -I{} curl -sf --max-time 60 --unix-socket "$SOCK" -X DELETE "http://localhost/images/{}?force=1" >/dev/null || true
}
trap 'imgcleanup; cleanup' EXIT
measure "save ${STREAM_MB}M image" "save -o $tmp/save.tar $IMG" 1.00 /dev/null "$img_size"
api "http://localhost/images/$IMG/get" >"$tmp/img.tar" || die "saving the bench image failed"
measure "load ${STREAM_MB}M image" "load -i $tmp/img.tar" 1.00 /dev/null "$(stat -c %s "$tmp/img.tar")"
REG=127.0.0.1:5002
if SKIFF_REGISTRY_ADDR=$REG SKIFF_REGISTRY_STATE=$tmp/registry scripts/registry.sh up; then
  trap 'SKIFF_REGISTRY_STATE=$tmp/registry scripts/registry.sh stop >/dev/null 2>&1; imgcleanup; cleanup' EXIT
  RIMG=$REG/skiff-bench:$$
  api -X POST "http://localhost/images/$IMG/tag?repo=$REG/skiff-bench&tag=$$" >/dev/null || die "tagging the bench image failed"
  # every push uploads every layer: the repository is removed from the registry's
  # storage first (the registry keeps no cache of it)
  PREPARE="rm -rf $tmp/registry/data/docker/registry/v2/repositories/skiff-bench" \
    measure "push ${STREAM_MB}M image" "push -q $RIMG" 1.00 /dev/null "$img_size"
  # every pull downloads every layer: the image is removed from the engine first
  PREPARE="curl -sf --unix-socket $SOCK -X DELETE 'http://localhost/images/$IMG_ID?force=1'" \
    measure "pull ${STREAM_MB}M image" "pull -q $RIMG" 1.00 /dev/null "$img_size"
else
  say "no registry on $REG (scripts/registry.sh up failed): push and pull not measured"
fi
# the context: the random file and a Dockerfile of bb alone (no layer is written; the
# --label makes an image of its own, removed at exit)
mkdir -p "$tmp/ctx"
ln "$big" "$tmp/ctx/big.bin"
echo 'FROM bb:latest' >"$tmp/ctx/Dockerfile"
DOCKER_BUILDKIT=0 measure "build ctx ${STREAM_MB}M" "build -q --label $LABEL $tmp/ctx" 1.00 /dev/null "$size"

# --- ps over ssh:// -----------------------------------------------------------------------
# An OpenSSH server of the bench's own on 127.0.0.1:2223 (scripts/sshd.sh; keys in the
# bench's HOME), the sessions' docker the reference: the reference runs ssh and a remote
# `docker system dial-stdio` per connection, skiff one native connection per command.
SSHD_STATE=$tmp/sshd
if ssh_path=$(SKIFF_SSHD_STATE=$SSHD_STATE SKIFF_SSHD_DOCKER=$REF scripts/sshd.sh up); then
  trap 'SKIFF_SSHD_STATE=$SSHD_STATE scripts/sshd.sh stop; SKIFF_REGISTRY_STATE=$tmp/registry scripts/registry.sh stop >/dev/null 2>&1; imgcleanup; cleanup' EXIT
  PATH=$ssh_path:$PATH measure "ps over ssh://" "-H ssh://root@127.0.0.1:${SKIFF_SSHD_PORT:-2223} ps" 0.30
  SKIFF_SSHD_STATE=$SSHD_STATE scripts/sshd.sh stop
else
  say "no sshd (scripts/sshd.sh up failed): ps over ssh:// not measured"
fi

# --- swarm: node ls and service ls on the test swarm's manager -------------------------
# scripts/swarm.sh's two-node swarm (started here when it does not run, and then stopped
# at the end), with 5 services of 2 replicas made by the reference.
swarm_started=0
swarm_stop() {
  [ -z "${MGR:-}" ] || [ ! -f "$tmp/stack-reset" ] || bash "$tmp/stack-reset" || true
  [ -z "${MGR:-}" ] || for s in $(seq 1 5); do "$REF" -H "$MGR" service rm "skiff-bench-$$-s$s" >/dev/null 2>&1 || true; done
  [ $swarm_started = 0 ] || scripts/swarm.sh stop >/dev/null 2>&1 || true
}
if ! scripts/swarm.sh status >/dev/null 2>&1; then
  scripts/swarm.sh start >/dev/null && swarm_started=1
fi
if MGR=$(scripts/swarm.sh status 2>/dev/null | sed -n 's/^SKIFF_SWARM_MANAGER=//p') && [ -n "$MGR" ]; then
  trap 'swarm_stop; SKIFF_SSHD_STATE=$SSHD_STATE scripts/sshd.sh stop >/dev/null 2>&1; SKIFF_REGISTRY_STATE=$tmp/registry scripts/registry.sh stop >/dev/null 2>&1; imgcleanup; cleanup' EXIT
  for s in $(seq 1 5); do
    "$REF" -H "$MGR" service create -d -q --no-resolve-image --stop-grace-period 1s \
      --name "skiff-bench-$$-s$s" --replicas 2 bb:latest sleep 100000 >/dev/null ||
      die "creating the bench services failed"
  done
  # measured once every task runs: a manager still starting tasks answers slower, and
  # hyperfine times one client after the other
  for s in $(seq 1 5); do
    "$REF" -H "$MGR" service update -q --no-resolve-image "skiff-bench-$$-s$s" >/dev/null 2>&1 || true
  done
  # node ls asks /info beside /nodes: the engine's own /info time is its floor
  hyperfine -N "${HF[@]}" --style none --export-json "$OUT/floor-info.json" \
    "curl -sf --unix-socket ${MGR#unix://} http://localhost/info -o /dev/null" >/dev/null 2>&1 || true
  info_ms=$(jq -r '.results[0].mean * 10000 | round / 10' "$OUT/floor-info.json" 2>/dev/null || echo "?")
  measure "node ls" "-H $MGR node ls" 0.40
  measure "service ls" "-H $MGR service ls" 0.40
  # stack deploy of 10 services (e2e/testdata/stack/bench10.yml), each run a fresh
  # deploy: the stack is removed first and its services and networks awaited gone
  STK=skiff-bench-$$-stack
  msock=${MGR#unix://}
  stk_filter=$(jq -rn --arg l "com.docker.stack.namespace=$STK" '{label: [$l]} | @uri')
  cat >"$tmp/stack-reset" <<EOS
"$REF" -H "$MGR" stack rm "$STK" >/dev/null 2>&1
for i in \$(seq 1 300); do
  s=\$(curl -sf --unix-socket "$msock" "http://localhost/services?filters=$stk_filter")
  n=\$(curl -sf --unix-socket "$msock" "http://localhost/networks?filters=$stk_filter")
  [ "\$s" = "[]" ] && [ "\$n" = "[]" ] && exit 0
  sleep 0.1
done
exit 1
EOS
  PREPARE="bash $tmp/stack-reset" \
    measure "stack deploy (10)" "-H $MGR stack deploy -d --resolve-image never -c e2e/testdata/stack/bench10.yml $STK" 0.80
  bash "$tmp/stack-reset" || true
  swarm_stop
  MGR=
else
  say "no swarm (scripts/swarm.sh start failed): node ls and service ls not measured"
fi

sk_size=$(stat -c %s "$SKIFF")
ref_size=$(stat -c %s "$REF")

# --- report ----------------------------------------------------------------------------
summary="$OUT/summary.txt"
{
  echo "skiff $("$SKIFF" --version 2>/dev/null | head -1 || echo '?') vs reference $("$REF" --version | head -1)"
  echo "engine: $(api http://localhost/version | jq -r '"\(.Version) (API \(.ApiVersion))"'); $total containers ($N bench + $((total - N)) others, $running running), $images images"
  echo "hyperfine ${HF[*]}; peak RSS = median of $RSS_RUNS runs; ratio = skiff / reference (lower is better)"
  read -r l1 l5 _ < /proc/loadavg
  echo "machine: $(nproc) CPUs, load average $l1 (1 min) $l5 (5 min) at the end$(awk -v l="$l5" -v n="$(nproc)" 'BEGIN { if (l > n) print ": BUSY, ratios are noisy" }')"
  echo
  printf '%s\n' "${rows[@]}" | awk -F'|' '
    function ok(r, g) { return r <= g ? "ok" : "MISSED" }
    BEGIN {
      printf "%-18s %10s %10s %6s %-12s %9s %9s %6s %-12s %s\n", "workload", "skiff", "reference", "ratio", "goal", "skiff RSS", "ref RSS", "ratio", "goal", "note"
    }
    $2 == "" {
      printf "%-18s %10s %8.1fms %6s %-12s %9s %7.1fMB %6s %-12s %s\n", $1, "-", $3 * 1000, "-", "<=" $4, "-", $6 / 1024, "-", "<=" $7, $8
      next
    }
    {
      r = $2 / $3; m = $5 / $6
      printf "%-18s %8.1fms %8.1fms %6.2f %-12s %7.1fMB %7.1fMB %6.2f %-12s %s\n", $1, $2 * 1000, $3 * 1000, r, "<=" $4 " " ok(r, $4), $5 / 1024, $6 / 1024, m, "<=" $7 " " ok(m, $7), $8
    }'
  echo
  awk -v s="$sk_size" -v r="$ref_size" -v g="$SIZE_GOAL_MB" 'BEGIN {
    mb = s / 1048576
    printf "binary size: skiff %.1f MB, reference %.1f MB (ratio %.2f); goal <=%d MB: %s\n", mb, r / 1048576, s / r, g, (mb <= g ? "ok" : "MISSED")
  }'
  echo "note: ps and ps -a list every container on the shared engine, not only the bench ones"
  echo "note: the engine alone answers ps -a's request in $floor_ms ms (curl): the floor of the ps -a and __complete rm rows"
  [ -z "${info_ms:-}" ] || echo "note: the swarm manager alone answers /info in $info_ms ms (curl): node ls needs it (the * on self), the floor of its row"
  echo "note: the stream rows (run -i, exec -i, logs, cp) have a throughput goal: wall ratio <=1.00 = at least the reference's MB/s"
  echo "raw results: $OUT/*.json"
} | tee "$summary"
