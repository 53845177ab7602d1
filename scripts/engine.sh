#!/usr/bin/env bash
# engine.sh: make a real Docker Engine answer for skiff's end-to-end tests.
#
#   scripts/engine.sh [up]   ensure an engine answers and bb:latest exists (idempotent)
#   scripts/engine.sh check  exit 0 when an engine answers, 1 otherwise
#   scripts/engine.sh down   stop the dockerd this script started
#
# Uses DOCKER_HOST when it is a unix:// host, else /var/run/docker.sock. When nothing
# answers it installs Debian's docker.io (needs root and apt), starts dockerd in the
# background (log: /var/log/skiff-dockerd.log) and waits for /_ping. It never starts a
# second dockerd while one is running: a second daemon deletes the first one's docker0.
# The test image bb:latest is imported from Debian's busybox-static: no registry is used.
set -euo pipefail

SOCK=/var/run/docker.sock
case "${DOCKER_HOST:-}" in unix://*) SOCK=${DOCKER_HOST#unix://};; esac
LOG=/var/log/skiff-dockerd.log
PIDFILE=/var/run/skiff-dockerd.pid
IMAGE=${SKIFF_TEST_IMAGE:-bb:latest}   # repo:tag of the test image

say() { echo "engine.sh: $*" >&2; }

ping_ok() {
  [ -S "$SOCK" ] || return 1
  curl -sf --max-time 3 --unix-socket "$SOCK" http://localhost/_ping >/dev/null 2>&1
}

# api METHOD PATH: raw Engine API call without any docker client.
api() { curl -sf --max-time 60 --unix-socket "$SOCK" -X "$1" "http://localhost$2"; }

need_root() {
  [ "$(id -u)" = 0 ] || { say "not root: cannot install or start dockerd"; exit 1; }
}

apt_updated=0
apt_install() {
  need_root
  if [ $apt_updated = 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

ensure_tools() {
  command -v curl >/dev/null || apt_install curl ca-certificates
}

# dockerd_running: is any dockerd process alive? (/proc scan: no procps needed)
dockerd_running() {
  local c
  for c in /proc/[0-9]*/comm; do
    [ "$(cat "$c" 2>/dev/null)" = dockerd ] && return 0
  done
  return 1
}

# lock: serialise concurrent "up" runs (two test runs must not both start a dockerd).
lock() {
  local f=/var/lock/skiff-engine.lock
  [ -w "$(dirname "$f")" ] || f=${TMPDIR:-/tmp}/skiff-engine.lock
  exec 9>>"$f"
  command -v flock >/dev/null && flock -w 300 9 || true
}

start_daemon() {
  need_root
  if ! command -v dockerd >/dev/null; then
    say "installing Debian's docker.io"
    apt_install docker.io iptables
  fi
  if dockerd_running; then
    say "a dockerd is running but $SOCK does not answer; waiting for it (never starting a second one)"
  else
    say "starting dockerd (log: $LOG)"
    mkdir -p "$(dirname "$SOCK")"
    # setsid: the daemon must outlive the shell and the test run that started it.
    # 9>&-: the daemon must not inherit (and hold forever) the lock taken by lock().
    setsid dockerd -H "unix://$SOCK" >>"$LOG" 2>&1 < /dev/null 9>&- &
    echo $! > "$PIDFILE"
  fi
  for _ in $(seq 1 120); do
    ping_ok && return 0
    sleep 0.5  # polling a socket that has no event to wait on
  done
  say "dockerd did not answer on $SOCK within 60s; last log lines:"
  tail -n 20 "$LOG" >&2 || true
  exit 1
}

ensure_image() {
  if api GET "/images/$IMAGE/json" >/dev/null 2>&1; then return 0; fi
  if ! { [ -x /bin/busybox ] && file_is_static /bin/busybox; }; then
    say "installing Debian's busybox-static"
    apt_install busybox-static
  fi
  say "importing $IMAGE from busybox-static"
  local root; root=$(mktemp -d)
  mkdir -p "$root/bin" "$root/etc" "$root/tmp" "$root/root" "$root/proc" "$root/sys" "$root/dev"
  cp /bin/busybox "$root/bin/busybox"
  for a in $("$root/bin/busybox" --list); do
    [ "$a" = busybox ] || ln -sf busybox "$root/bin/$a"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' > "$root/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' > "$root/etc/group"
  chmod 1777 "$root/tmp"
  # URL-encoded Dockerfile changes: CMD ["sh"] and ENV PATH=/bin (no jq/python needed).
  local changes='CMD%20%5B%22sh%22%5D' env='ENV%20PATH%3D%2Fbin'
  tar -C "$root" -c . | curl -sf --max-time 120 --unix-socket "$SOCK" -X POST \
    -H 'Content-Type: application/x-tar' --data-binary @- \
    "http://localhost/images/create?fromSrc=-&repo=${IMAGE%:*}&tag=${IMAGE##*:}&changes=$changes&changes=$env" >/dev/null
  rm -rf "$root"
  api GET "/images/$IMAGE/json" >/dev/null || { say "import of $IMAGE failed"; exit 1; }
}

file_is_static() {
  # busybox-static's binary runs with no dynamic loader in the image.
  # ldd exits non-zero ("not a dynamic executable") for a static binary.
  ! ldd "$1" >/dev/null 2>&1
}

case "${1:-up}" in
  check) ensure_tools; ping_ok ;;
  up)
    ensure_tools
    lock
    ping_ok || start_daemon
    ensure_image
    say "engine ready on unix://$SOCK with $IMAGE"
    ;;
  down)
    if [ -f "$PIDFILE" ]; then kill "$(cat "$PIDFILE")" 2>/dev/null || true; rm -f "$PIDFILE"; fi
    ;;
  *) echo "usage: $0 [up|check|down]" >&2; exit 2 ;;
esac
