#!/usr/bin/env bash
# sshd.sh: a throwaway OpenSSH server on a loopback port, for benchmarking the ssh
# transport (the e2e tests start their own: e2e/sshd_test.go).
#
#   scripts/sshd.sh up     start sshd on 127.0.0.1:$SKIFF_SSHD_PORT (2223) and prepare
#                          $HOME/.ssh (which must not be the real one: the bench's HOME
#                          is a temporary directory) to reach it as root
#   scripts/sshd.sh stop   stop the sshd this script started
#
#   SKIFF_SSHD_STATE   its keys, config, log and pid file (default /tmp/skiff-sshd)
#   SKIFF_SSHD_DOCKER  the `docker` on the sessions' PATH, for clients that run
#                      `docker system dial-stdio` there (default /usr/local/bin/docker)
#   SKIFF_SSHD_FORWARD AllowStreamLocalForwarding (default yes)
#
# `up` prints, on stdout, the directory to put first on PATH: it holds an `ssh` that
# reads $HOME/.ssh/config (OpenSSH's own ssh reads the passwd entry's home instead).
# Runs Debian's openssh-server (installed with apt-get when missing; needs root), in
# the foreground of a background job, with a host key and a client key made here.
set -euo pipefail

PORT=${SKIFF_SSHD_PORT:-2223}
STATE=${SKIFF_SSHD_STATE:-/tmp/skiff-sshd}
RDOCKER=${SKIFF_SSHD_DOCKER:-/usr/local/bin/docker}
FORWARD=${SKIFF_SSHD_FORWARD:-yes}
PIDFILE=$STATE/sshd.pid

say() { echo "sshd.sh: $*" >&2; }

stop() {
  if [ -f "$PIDFILE" ]; then
    kill "$(cat "$PIDFILE")" 2>/dev/null || true
    rm -f "$PIDFILE"
  fi
}

up() {
  [ "$(id -u)" = 0 ] || { say "needs root (sshd, root login)"; exit 1; }
  [ "${HOME:-}" != "$(getent passwd root | cut -d: -f6)" ] || { say "HOME is root's real home: point HOME to a temporary directory"; exit 1; }
  if ! [ -x /usr/sbin/sshd ] || ! command -v ssh-keygen >/dev/null; then
    say "installing openssh-server and openssh-client from Debian"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends openssh-server openssh-client >/dev/null
  fi
  stop
  rm -rf "$STATE"
  mkdir -p "$STATE/remote-bin" "$STATE/client-bin" "$HOME/.ssh" /run/sshd
  chmod 700 "$HOME/.ssh"
  ssh-keygen -q -t ed25519 -N '' -C skiff-sshd-host -f "$STATE/host_ed25519"
  rm -f "$HOME/.ssh/id_ed25519" "$HOME/.ssh/id_ed25519.pub"
  ssh-keygen -q -t ed25519 -N '' -C skiff-sshd-client -f "$HOME/.ssh/id_ed25519"
  cp "$HOME/.ssh/id_ed25519.pub" "$STATE/authorized_keys"
  ln -s "$RDOCKER" "$STATE/remote-bin/docker"
  echo "[127.0.0.1]:$PORT $(cat "$STATE/host_ed25519.pub")" >"$HOME/.ssh/known_hosts"
  cat >"$HOME/.ssh/config" <<EOF
UserKnownHostsFile $HOME/.ssh/known_hosts
GlobalKnownHostsFile /dev/null
IdentityFile $HOME/.ssh/id_ed25519
BatchMode yes
EOF
  printf '#!/bin/sh\nexec /usr/bin/ssh -F "$HOME/.ssh/config" "$@"\n' >"$STATE/client-bin/ssh"
  chmod 755 "$STATE/client-bin/ssh"
  cat >"$STATE/sshd_config" <<EOF
Port $PORT
ListenAddress 127.0.0.1
HostKey $STATE/host_ed25519
PidFile none
AuthorizedKeysFile $STATE/authorized_keys
StrictModes no
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
AllowStreamLocalForwarding $FORWARD
PrintMotd no
LogLevel VERBOSE
SetEnv PATH=$STATE/remote-bin:/usr/bin:/bin
EOF
  /usr/sbin/sshd -D -e -f "$STATE/sshd_config" >"$STATE/sshd.log" 2>&1 &
  echo $! >"$PIDFILE"
  local i
  for ((i = 0; i < 100; i++)); do
    if grep -q "^Server listening" "$STATE/sshd.log"; then
      echo "$STATE/client-bin"
      return 0
    fi
    kill -0 $! 2>/dev/null || break
    sleep 0.1
  done
  say "sshd did not start: $(tail -3 "$STATE/sshd.log")"
  stop
  exit 1
}

case ${1:-up} in
  up) up ;;
  stop) stop ;;
  *) say "usage: $0 [up|stop]"; exit 2 ;;
esac
