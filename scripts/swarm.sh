#!/usr/bin/env bash
# swarm.sh: a real two-node swarm for skiff's swarm end-to-end tests.
#
#   scripts/swarm.sh start    ensure the swarm runs (idempotent); prints its hosts
#   scripts/swarm.sh status   print the hosts and exit 0 when it runs, exit 1 otherwise
#   scripts/swarm.sh stop     stop it and remove everything it made (idempotent)
#   scripts/swarm.sh stop-unused
#                             stop it only when a test run started it (SKIFF_SWARM_BY_TESTS=1
#                             start) and no test run uses it any more: each holds a shared
#                             flock on /run/skiff-swarm.users while it does (e2e's Swarm
#                             helper); a swarm started by hand is left running. Spare
#                             engines still there then are leftovers: they go in any case
#   scripts/swarm.sh spare N  start N more dockerd of the caller's own, for tests that init,
#                             join, leave or change a swarm (the shared one must stay as it
#                             is): not in any swarm, bb:latest loaded; prints one line each
#   scripts/swarm.sh spare-restart NAME
#                             restart that spare's dockerd (an autolocked manager comes back
#                             locked)
#   scripts/swarm.sh spare-rm NAME...
#                             stop those spares and remove all they made (idempotent)
#
# Two extra dockerd, a manager and a worker, each in its own network namespace: a dockerd
# in the main namespace would delete the shared engine's docker0. Each has its own
# hostname (UTS namespace), data root, exec root (and so its own managed containerd
# under it), pidfile, socket, daemon config file and cgroup parent; the bridges and
# iptables rules they make live in their namespaces. A veth pair joins the namespaces on
# 10.99.0.0/30 (manager .1, worker .2), nothing else is routed. bb:latest is copied into
# both from the main engine (no registry). Everything is done with curl on the Engine
# API: neither the reference client nor skiff is needed.
#
# start prints, and writes to $STATE/swarm.env (what e2e's Swarm helper reads):
#   SKIFF_SWARM_MANAGER=unix:///run/skiff-swarm/m.sock     -H of the manager
#   SKIFF_SWARM_WORKER=unix:///run/skiff-swarm/w.sock      -H of the worker
#   SKIFF_SWARM_MANAGER_NODE=skiff-manager                 node (host) names
#   SKIFF_SWARM_WORKER_NODE=skiff-worker
#   SKIFF_SWARM_MANAGER_ADDR=10.99.0.1                     advertise addresses
#   SKIFF_SWARM_WORKER_ADDR=10.99.0.2
# and on stderr whether it started the swarm or found it running (and how long it took;
# SKIFF_SWARM_VERBOSE=1 times each step, of stop too).
#
# Spares: spare N names its engines s1, s2... (the lowest free numbers), each in a network
# namespace of its own (skiff-swarm-sN, hostname skiff-spare-N) like the two nodes, with a
# veth to a bridge in one more namespace (skiff-swarm-hub), so that all spares reach each
# other on 10.99.1.0/24 (sN is 10.99.1.N) and nothing else: not the swarm's nodes, not
# the main namespace. It prints, one line per spare:
#   sN unix:///run/skiff-swarm/sN.sock 10.99.1.N skiff-spare-N   (name, -H, address, hostname)
# The caller removes them (spare-rm, e2e's Spares helper does in t.Cleanup); stop and
# stop-unused remove every spare, and the hub with the last one.
#
# Needs root, dockerd (Debian's docker.io), iproute2, util-linux (nsenter, unshare,
# flock), curl. One start or stop at a time (flock): parallel test binaries may all
# call start. The swarm is one per machine: stop ends it for every user.
set -euo pipefail

STATE=/run/skiff-swarm                  # sockets, exec roots, pidfiles, swarm.env
DATA=/var/lib/skiff-swarm               # data roots (image layers want a real disk)
LOCK=/run/skiff-swarm.lock
USERS=/run/skiff-swarm.users            # shared flock held by each test run using the swarm
NODES=(m w)
declare -A NS=([m]=skiff-swarm-m [w]=skiff-swarm-w)
declare -A HOSTNAME_=([m]=skiff-manager [w]=skiff-worker)
declare -A ADDR=([m]=10.99.0.1 [w]=10.99.0.2)
declare -A VETH=([m]=skiffswm0 [w]=skiffsww0)
HUB=skiff-swarm-hub                     # the spares' bridge lives in this namespace
HUB_BR=skiffbr0
SPARE_MAX=200
# spare_vars N: the spare sN's entries in the tables above.
spare_vars() {
  local n=s$1
  NS[$n]=skiff-swarm-$n
  HOSTNAME_[$n]=skiff-spare-$1
  ADDR[$n]=10.99.1.$1
  VETH[$n]=skiffsp0
}
# spares: the spares that exist, by name (a namespace or a state directory is enough).
spares() {
  { ip netns list 2>/dev/null | awk '{print $1}' | sed -n 's/^skiff-swarm-\(s[0-9][0-9]*\)$/\1/p'
    for d in "$STATE"/s[0-9]* "$DATA"/s[0-9]*; do [ ! -d "$d" ] || basename "$d"; done
  } | sort -u
}
IMAGE=${SKIFF_TEST_IMAGE:-bb:latest}
MAIN_SOCK=/var/run/docker.sock
case "${DOCKER_HOST:-}" in unix://*) MAIN_SOCK=${DOCKER_HOST#unix://};; esac
START_TIMEOUT=${SKIFF_SWARM_TIMEOUT:-60}   # seconds for each wait

now_ms() { echo $(($(date +%s%N) / 1000000)); }
since() { local d=$(($(now_ms) - $1)); printf '%d.%03ds' $((d / 1000)) $((d % 1000)); }
say() { echo "swarm.sh: $*" >&2; }
# SKIFF_SWARM_VERBOSE=1: each step's time since the command began
T0=$(now_ms)
step() { [ "${SKIFF_SWARM_VERBOSE:-}" != 1 ] || say "$(since "$T0") $*"; }
die() { say "$*"; exit 1; }

sock() { echo "$STATE/$1.sock"; }
execroot() { echo "$STATE/$1"; }
pidfile() { echo "$STATE/$1/dockerd.pid"; }
log() { echo "/var/log/skiff-swarm-$1.log"; }

# api NODE METHOD PATH [curl args...]: one Engine API call on a node's socket.
api() {
  local n=$1 m=$2 p=$3; shift 3
  curl -sS --fail-with-body --max-time 60 --unix-socket "$(sock "$n")" -X "$m" "$@" "http://localhost$p"
}

ping_ok() { [ -S "$(sock "$1")" ] && curl -sf --max-time 3 --unix-socket "$(sock "$1")" http://localhost/_ping >/dev/null 2>&1; }

# swarm_state NODE: the node's LocalNodeState (inactive, pending, active, error, locked).
swarm_state() {
  api "$1" GET /info 2>/dev/null | sed -n 's/.*"LocalNodeState":"\([a-z]*\)".*/\1/p'
}

# ready_nodes: how many nodes the manager sees ready.
ready_nodes() { api m GET /nodes 2>/dev/null | grep -o '"State":"ready"' | wc -l; }

env_lines() {
  cat <<EOF
SKIFF_SWARM_MANAGER=unix://$(sock m)
SKIFF_SWARM_WORKER=unix://$(sock w)
SKIFF_SWARM_MANAGER_NODE=${HOSTNAME_[m]}
SKIFF_SWARM_WORKER_NODE=${HOSTNAME_[w]}
SKIFF_SWARM_MANAGER_ADDR=${ADDR[m]}
SKIFF_SWARM_WORKER_ADDR=${ADDR[w]}
EOF
}

# running: both daemons answer, both are in the swarm and the manager sees 2 ready nodes.
running() {
  ping_ok m && ping_ok w || return 1
  [ "$(swarm_state m)" = active ] && [ "$(swarm_state w)" = active ] || return 1
  [ "$(ready_nodes)" -ge 2 ]
}

# wait_for WHAT CMD...: poll CMD (a cheap API call; there is no event to wait on before
# the socket exists) every 0.1 s until it succeeds or START_TIMEOUT passes.
wait_for() {
  local what=$1 i; shift
  for ((i = 0; i < START_TIMEOUT * 10; i++)); do
    "$@" && return 0
    sleep 0.1
  done
  say "timed out after ${START_TIMEOUT}s waiting for $what"
  return 1
}

need() {
  [ "$(id -u)" = 0 ] || die "needs root"
  local c
  for c in dockerd ip nsenter unshare flock curl; do
    command -v "$c" >/dev/null || die "$c is missing (.ci/run installs docker.io, iproute2, util-linux, curl)"
  done
}

lock() {
  exec 9>>"$LOCK"
  flock -w 300 9 || die "could not take $LOCK within 300s"
}

# lock_shared: for what touches one existing spare only (spare-restart): several may run
# at once, never beside a start, stop or spare that holds the lock.
lock_shared() {
  exec 9>>"$LOCK"
  flock -s -w 300 9 || die "could not take $LOCK (shared) within 300s"
}

node_log_tail() { say "last lines of $(log "$1"):"; tail -n 30 "$(log "$1")" >&2 || true; }

# start_node N: the node's namespace must exist. The daemon outlives this script
# (setsid), and inherits neither lock (8>&- 9>&-).
start_node() {
  local n=$1 er
  er=$(execroot "$n")
  mkdir -p "$er" "$DATA/$n"
  echo '{}' >"$STATE/$n.json"   # not /etc/docker/daemon.json: nothing shared with the main engine
  # nsenter, not `ip netns exec`: that one remounts /sys and hides the cgroup mounts.
  setsid nsenter --net="/var/run/netns/${NS[$n]}" unshare --uts \
    sh -c 'printf %s "$1" >/proc/sys/kernel/hostname && shift && exec "$@"' sh "${HOSTNAME_[$n]}" \
    dockerd \
      --host "unix://$(sock "$n")" \
      --config-file "$STATE/$n.json" \
      --data-root "$DATA/$n" \
      --exec-root "$er" \
      --pidfile "$(pidfile "$n")" \
      --cgroup-parent "/skiff-swarm-$n" \
      >"$(log "$n")" 2>&1 </dev/null 8>&- 9>&- &
}

start_failed() {
  local rc=$?
  [ "$rc" = 0 ] && return 0
  say "start failed: clearing what it made"
  teardown_nodes "${NODES[@]}"
  exit "$rc"
}

start() {
  need
  # each dockerd starts its own containerd under its exec root ("libcontainerd: started
  # new containerd process" in its log); with a containerd on the system socket it may
  # use that one instead, and the nodes would share it: refuse (a precaution)
  [ ! -S /run/containerd/containerd.sock ] || die "a containerd answers on /run/containerd/containerd.sock: the swarm's dockerd could share it"
  mkdir -p "$STATE"
  lock
  if running; then
    say "already running"
    env_lines
    return 0
  fi
  local t0; t0=$(now_ms)
  # from here, a failure (or an interrupt) clears whatever this start made
  trap start_failed EXIT
  # half a swarm (a crash, an interrupted start) is cleared first; spares stay
  teardown_nodes "${NODES[@]}"
  rm -f "$STATE/swarm.env" "$STATE/by-tests"
  mkdir -p "$STATE" "$DATA"
  local n
  for n in "${NODES[@]}"; do
    ip netns add "${NS[$n]}"
    ip -n "${NS[$n]}" link set lo up
  done
  # the pair is made inside the namespaces: it never appears in the main one
  ip -n "${NS[m]}" link add "${VETH[m]}" type veth peer name "${VETH[w]}" netns "${NS[w]}"
  for n in "${NODES[@]}"; do
    ip -n "${NS[$n]}" addr add "${ADDR[$n]}/30" dev "${VETH[$n]}"
    ip -n "${NS[$n]}" link set "${VETH[$n]}" up
  done
  step "namespaces and veth made"
  for n in "${NODES[@]}"; do start_node "$n"; done

  # the image, saved once from the main engine while the daemons start
  local tar=$STATE/image.tar
  curl -sS --fail --max-time 120 --unix-socket "$MAIN_SOCK" -o "$tar" "http://localhost/images/$IMAGE/get" ||
    die "cannot save $IMAGE from the main engine on $MAIN_SOCK (scripts/engine.sh up makes it)"

  for n in "${NODES[@]}"; do
    wait_for "dockerd $n on $(sock "$n")" ping_ok "$n" || { node_log_tail "$n"; exit 1; }
  done
  step "both daemons answer"
  local pids=()
  for n in "${NODES[@]}"; do
    api "$n" POST /images/load?quiet=1 -H 'Content-Type: application/x-tar' --data-binary "@$tar" >/dev/null &
    pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p" || die "loading $IMAGE into a node failed"; done
  rm -f "$tar"
  step "$IMAGE loaded"

  api m POST /swarm/init -H 'Content-Type: application/json' \
    -d "{\"ListenAddr\":\"${ADDR[m]}:2377\",\"AdvertiseAddr\":\"${ADDR[m]}\"}" >/dev/null ||
    { node_log_tail m; die "swarm init failed"; }
  step "swarm init done"
  local token
  token=$(api m GET /swarm | sed -n 's/.*"Worker":"\([^"]*\)".*/\1/p')
  [ -n "$token" ] || die "no worker join token from the manager"
  api w POST /swarm/join -H 'Content-Type: application/json' \
    -d "{\"ListenAddr\":\"${ADDR[w]}:2377\",\"AdvertiseAddr\":\"${ADDR[w]}\",\"RemoteAddrs\":[\"${ADDR[m]}:2377\"],\"JoinToken\":\"$token\"}" >/dev/null ||
    { node_log_tail w; die "swarm join failed"; }
  step "swarm join done"
  wait_for "2 ready nodes" running || { node_log_tail m; node_log_tail w; exit 1; }

  env_lines >"$STATE/swarm.env"
  [ "${SKIFF_SWARM_BY_TESTS:-}" != 1 ] || : >"$STATE/by-tests"
  trap - EXIT
  say "started in $(since "$t0")"
  env_lines
}

# pids_under DIR...: the daemons, containerd, shims and proxies whose command line names
# one of DIRs (only those programs: a shell or editor that mentions a path is not ours).
pids_under() {
  local p d comm
  for p in /proc/[0-9]*; do
    read -r comm 2>/dev/null <"$p/comm" || continue   # a builtin: no fork per process
    case "$comm" in dockerd|containerd|containerd-shim*|docker-proxy|runc) ;; *) continue ;; esac
    for d in "$@"; do
      if tr '\0' ' ' 2>/dev/null <"$p/cmdline" | grep -qF -- "$d"; then echo "${p#/proc/}"; break; fi
    done
  done
}

# kill_wait SIG PID...: signal, then wait up to 20 s for them to exit.
kill_wait() {
  local sig=$1 i p alive; shift
  [ $# -gt 0 ] || return 0
  kill "-$sig" "$@" 2>/dev/null || true
  for ((i = 0; i < 200; i++)); do
    alive=0
    for p in "$@"; do kill -0 "$p" 2>/dev/null && alive=1; done
    [ $alive = 0 ] && return 0
    sleep 0.1
  done
  return 1
}

# leave_node N: the node leaves the swarm (-f) and its containers go.
leave_node() {
  local n=$1 id
  ping_ok "$n" || return 0
  api "$n" POST '/swarm/leave?force=1' >/dev/null 2>&1 || true
  for id in $(api "$n" GET '/containers/json?all=1' 2>/dev/null | grep -o '"Id":"[0-9a-f]*"' | cut -d'"' -f4); do
    api "$n" DELETE "/containers/$id?force=1&v=1" >/dev/null 2>&1 || true
  done
}

# teardown_nodes NODE...: whatever of those engines is there (swarm nodes or spares), in
# the order that leaves nothing behind; the rest of $STATE and $DATA is left alone.
teardown_nodes() {
  local n pids pid nodes=("$@")
  [ $# -gt 0 ] || return 0
  step "teardown 1"
  # 1. out of the swarm and no containers: a stopped dockerd leaves its tasks running.
  #    Both nodes at once: each leaves with -f, so the order does not matter.
  #    (wait for these jobs only: in a failed start, the daemons are this shell's children)
  pids=()
  for n in "${nodes[@]}"; do leave_node "$n" & pids+=($!); done
  for pid in "${pids[@]}"; do wait "$pid" || true; done
  step "teardown 2"
  # 2. the daemons (they stop their containerd), by pidfile
  pids=()
  for n in "${nodes[@]}"; do
    pid=$(cat "$(pidfile "$n")" 2>/dev/null || true)
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && pids+=("$pid")
  done
  kill_wait TERM "${pids[@]}" || kill_wait KILL "${pids[@]}" || true
  step "teardown 3"
  # 3. whatever survived (a daemon that was killed): first the container processes left
  #    in our cgroups, killed outright (a `sleep` as PID 1 ignores SIGTERM); then processes
  #    in the namespaces and the shims, containerd and proxies naming our roots (a shim
  #    that gets SIGTERM removes its socket in /run/containerd/s, shared by all containerd)
  pids=()
  for n in "${nodes[@]}"; do
    for f in /sys/fs/cgroup/*/"skiff-swarm-$n"/*/cgroup.procs /sys/fs/cgroup/*/"skiff-swarm-$n"/cgroup.procs; do
      [ -e "$f" ] && mapfile -t -O "${#pids[@]}" pids <"$f"
    done
  done
  if [ ${#pids[@]} -gt 0 ]; then
    mapfile -t pids < <(printf '%s\n' "${pids[@]}" | sort -un)
    say "killing leftover container processes ${pids[*]}"
    kill_wait KILL "${pids[@]}" || true
  fi
  pids=()
  for n in "${nodes[@]}"; do
    [ -e "/var/run/netns/${NS[$n]}" ] && mapfile -t -O "${#pids[@]}" pids < <(ip netns pids "${NS[$n]}" 2>/dev/null)
  done
  for n in "${nodes[@]}"; do
    mapfile -t -O "${#pids[@]}" pids < <(pids_under "$STATE/$n/" "$DATA/$n/" "$(sock "$n")")
  done
  if [ ${#pids[@]} -gt 0 ]; then
    mapfile -t pids < <(printf '%s\n' "${pids[@]}" | sort -un)
    say "ending leftover processes ${pids[*]}"
    kill_wait TERM "${pids[@]}" || kill_wait KILL "${pids[@]}" || true
  fi
  step "teardown 4"
  # 4. mounts under their roots, deepest first, lazily (a busy one goes when released)
  for n in "${nodes[@]}"; do
    awk -v a="$STATE/$n" -v b="$DATA/$n" '$2 == a || index($2, a "/") == 1 || $2 == b || index($2, b "/") == 1 { print $2 }' /proc/mounts
  done | sort -r | while read -r m; do umount -l "$m" 2>/dev/null || true; done
  step "teardown 5"
  # 5. the veth goes with the namespaces
  for n in "${nodes[@]}"; do
    [ -e "/var/run/netns/${NS[$n]}" ] && ip netns del "${NS[$n]}"
  done
  step "teardown 6"
  # 6. the cgroups and the state
  for n in "${nodes[@]}"; do
    for d in /sys/fs/cgroup/*/"skiff-swarm-$n"; do
      [ -d "$d" ] || continue
      find "$d" -mindepth 1 -depth -type d -exec rmdir {} + 2>/dev/null || true
      rmdir "$d" 2>/dev/null || true
    done
  done
  for n in "${nodes[@]}"; do
    rm -rf --one-file-system "$(execroot "$n")" "$DATA/$n"
    rm -f "$(sock "$n")" "$STATE/$n.json"
  done
}

# teardown: the swarm's two nodes, every spare, the hub, and all state.
teardown() {
  local n
  local spare_names
  spare_names=$(spares)
  for n in $spare_names; do spare_vars "${n#s}"; done
  teardown_nodes "${NODES[@]}" $spare_names
  [ ! -e "/var/run/netns/$HUB" ] || ip netns del "$HUB"
  rm -rf --one-file-system "$STATE" "$DATA"
}


# spare N: N engines of the caller's own (see the header).
SPARE_NEW=()   # the spares this command is making: cleared again if it fails
spare() {
  local count=${1:-} n i
  [[ "$count" =~ ^[1-9][0-9]?$ ]] || die "usage: $0 spare N (1-99)"
  need
  [ ! -S /run/containerd/containerd.sock ] || die "a containerd answers on /run/containerd/containerd.sock: the spares' dockerd could share it"
  mkdir -p "$STATE" "$DATA"
  lock
  local t0; t0=$(now_ms)
  trap spare_failed EXIT
  local taken=" $(spares | tr '\n' ' ') "
  for ((i = 1; i <= SPARE_MAX && ${#SPARE_NEW[@]} < count; i++)); do
    [[ "$taken" == *" s$i "* ]] || SPARE_NEW+=("s$i")
  done
  [ ${#SPARE_NEW[@]} = "$count" ] || die "no room for $count more spares (at most $SPARE_MAX)"
  # the hub: a bridge that every spare's veth joins (one namespace for all spares)
  if [ ! -e "/var/run/netns/$HUB" ]; then
    ip netns add "$HUB"
    ip -n "$HUB" link set lo up
    ip -n "$HUB" link add "$HUB_BR" type bridge
    ip -n "$HUB" link set "$HUB_BR" up
  fi
  for n in "${SPARE_NEW[@]}"; do
    spare_vars "${n#s}"
    ip netns add "${NS[$n]}"
    ip -n "${NS[$n]}" link set lo up
    # the pair is made inside the namespaces: it never appears in the main one
    ip -n "$HUB" link add "skiffh$n" type veth peer name "${VETH[$n]}" netns "${NS[$n]}"
    ip -n "$HUB" link set "skiffh$n" master "$HUB_BR" up
    ip -n "${NS[$n]}" addr add "${ADDR[$n]}/24" dev "${VETH[$n]}"
    ip -n "${NS[$n]}" link set "${VETH[$n]}" up
  done
  step "namespaces and veths made"
  for n in "${SPARE_NEW[@]}"; do start_node "$n"; done
  local tar=$STATE/image-${SPARE_NEW[0]}.tar
  curl -sS --fail --max-time 120 --unix-socket "$MAIN_SOCK" -o "$tar" "http://localhost/images/$IMAGE/get" ||
    die "cannot save $IMAGE from the main engine on $MAIN_SOCK (scripts/engine.sh up makes it)"
  for n in "${SPARE_NEW[@]}"; do
    wait_for "dockerd $n on $(sock "$n")" ping_ok "$n" || { node_log_tail "$n"; exit 1; }
  done
  step "the spares answer"
  local pids=() p
  for n in "${SPARE_NEW[@]}"; do
    api "$n" POST /images/load?quiet=1 -H 'Content-Type: application/x-tar' --data-binary "@$tar" >/dev/null &
    pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p" || die "loading $IMAGE into a spare failed"; done
  rm -f "$tar"
  step "$IMAGE loaded"
  trap - EXIT
  say "${#SPARE_NEW[@]} spares started in $(since "$t0")"
  for n in "${SPARE_NEW[@]}"; do
    echo "$n unix://$(sock "$n") ${ADDR[$n]} ${HOSTNAME_[$n]}"
  done
}

spare_failed() {
  local rc=$?
  [ "$rc" = 0 ] && return 0
  say "spare failed: clearing what it made"
  rm -f "$STATE/image-${SPARE_NEW[0]:-x}.tar"
  local n
  for n in "${SPARE_NEW[@]}"; do spare_vars "${n#s}"; done
  teardown_nodes "${SPARE_NEW[@]}"
  hub_unused
  exit "$rc"
}

# hub_unused: the hub goes with the last spare.
hub_unused() {
  [ -n "$(spares)" ] || [ ! -e "/var/run/netns/$HUB" ] || ip netns del "$HUB"
}

# spare_restart NAME: the spare's dockerd stops (by its pidfile) and starts again.
spare_restart() {
  local n=${1:-} pid
  [[ "$n" =~ ^s[1-9][0-9]*$ ]] && [ -S "$(sock "$n")" ] || die "spare-restart: $n is not a running spare"
  spare_vars "${n#s}"
  need
  lock_shared
  local t0; t0=$(now_ms)
  pid=$(cat "$(pidfile "$n")" 2>/dev/null || true)
  [ -n "$pid" ] || die "spare-restart: no pidfile for $n"
  kill_wait TERM "$pid" || die "spare-restart: dockerd $n did not stop"
  start_node "$n"
  wait_for "dockerd $n on $(sock "$n")" ping_ok "$n" || { node_log_tail "$n"; exit 1; }
  say "$n restarted in $(since "$t0")"
}

# spare_rm NAME...: those spares go (names as spare printed them; gone ones are skipped).
spare_rm() {
  local n nodes=()
  for n in "$@"; do
    [[ "$n" =~ ^s[1-9][0-9]*$ ]] || die "spare-rm: $n is not a spare's name (s1, s2...)"
    spare_vars "${n#s}"
    nodes+=("$n")
  done
  need
  mkdir -p "$(dirname "$LOCK")"
  lock
  local t0; t0=$(now_ms)
  teardown_nodes "${nodes[@]}"
  hub_unused
  step "spares removed"
  say "${#nodes[@]} spares removed in $(since "$t0")"
}

stop() {
  need
  mkdir -p "$(dirname "$LOCK")"
  lock
  local t0; t0=$(now_ms)
  teardown
  step "teardown done"
  say "stopped in $(since "$t0")"
}

stop_unused() {
  [ -d "$STATE" ] || [ -d "$DATA" ] || return 0
  exec 8>>"$USERS"
  flock -n -x 8 || { say "in use by another test run: left running"; return 0; }
  # with the users lock held: a test run that comes now waits, then starts anew
  if [ -e "$STATE/by-tests" ]; then
    stop
    return
  fi
  # no test run holds the lock: spares still there were left by one that died
  local n nodes
  nodes=$(spares)
  if [ -n "$nodes" ]; then
    for n in $nodes; do spare_vars "${n#s}"; done
    need
    lock
    teardown_nodes $nodes
    hub_unused
    say "removed leftover spares:" $nodes
  fi
  [ ! -S "$(sock m)" ] || say "started by hand: left running (scripts/swarm.sh stop stops it)"
}

status() {
  if running; then env_lines; return 0; fi
  say "not running"
  return 1
}

trap 'exit 130' INT TERM   # so that start's EXIT trap runs on an interrupt too

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  stop-unused) stop_unused ;;
  status) status ;;
  spare) spare "${2:-}" ;;
  spare-restart) spare_restart "${2:-}" ;;
  spare-rm) shift; spare_rm "$@" ;;
  *) say "usage: $0 start|stop|stop-unused|status|spare N|spare-restart NAME|spare-rm NAME..."; exit 2 ;;
esac
