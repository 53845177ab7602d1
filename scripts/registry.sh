#!/usr/bin/env bash
# registry.sh: a local image registry for skiff's pull/push end-to-end tests.
#
#   scripts/registry.sh [up]   ensure a registry answers on 127.0.0.1:5000 (idempotent)
#   scripts/registry.sh check  exit 0 when a registry answers, 1 otherwise
#   scripts/registry.sh stop   stop the registry this script started
#
#   SKIFF_REGISTRY_AUTH=1 SKIFF_REGISTRY_ADDR=127.0.0.1:5001 scripts/registry.sh up
#                              a second registry with htpasswd basic auth (login/logout
#                              tests): user $SKIFF_REGISTRY_USER (skiff), password
#                              $SKIFF_REGISTRY_PASSWORD (skiff-secret), its own state dir.
#
#   SKIFF_REGISTRY_AUTH=token SKIFF_REGISTRY_ADDR=127.0.0.1:5003 scripts/registry.sh up
#                              a third registry with bearer-token auth (Docker Hub's flow),
#                              and beside it our token server (e2e/tokenserver, built here
#                              with go) on $SKIFF_TOKEN_ADDR (127.0.0.1:5004): same user and
#                              password; a fresh signing key and certificate at every start
#                              ($STATE/token.crt, never committed); every token request
#                              logged to $STATE/requests.log. stop stops both.
#
# Runs Debian's docker-registry package (installed with apt-get when missing; needs
# root) with its own configuration: plain HTTP on 127.0.0.1:5000, no auth, storage in
# a temporary directory. The engine treats 127.0.0.1 registries as insecure by
# default, so no daemon configuration is needed. Nothing is pulled from the internet.
set -euo pipefail

ADDR=${SKIFF_REGISTRY_ADDR:-127.0.0.1:5000}
AUTH=${SKIFF_REGISTRY_AUTH:-}
USER_=${SKIFF_REGISTRY_USER:-skiff}
PASS_=${SKIFF_REGISTRY_PASSWORD:-skiff-secret}
TOKEN_ADDR=${SKIFF_TOKEN_ADDR:-127.0.0.1:5004}
TOKEN_SERVICE=skiff-registry
TOKEN_ISSUER=skiff-token-issuer
if [ "$AUTH" = token ]; then
  STATE=${SKIFF_REGISTRY_STATE:-/tmp/skiff-registry-token}
elif [ -n "$AUTH" ]; then
  STATE=${SKIFF_REGISTRY_STATE:-/tmp/skiff-registry-auth}
else
  STATE=${SKIFF_REGISTRY_STATE:-/tmp/skiff-registry}
fi
PIDFILE=$STATE/registry.pid
LOG=$STATE/registry.log
TOKEN_PIDFILE=$STATE/tokenserver.pid
REPO=$(cd "$(dirname "$0")/.." && pwd)

say() { echo "registry.sh: $*" >&2; }

# with auth, the ping logs in: a registry on ADDR with other credentials is not ours.
# with token auth, the ping gets a token from our token server and reads /v2/ with it:
# both answer, and the registry trusts the token server's current key.
ping_ok() {
  if [ "$AUTH" = token ]; then
    local tok
    tok=$(curl -sf --max-time 3 -A registry.sh-ping -u "$USER_:$PASS_" \
      "http://$TOKEN_ADDR/token?service=$TOKEN_SERVICE&scope=registry:catalog:*" 2>/dev/null |
      sed -n 's/.*"token":"\([^"]*\)".*/\1/p') || return 1
    [ -n "$tok" ] || return 1
    curl -sf --max-time 3 -H "Authorization: Bearer $tok" "http://$ADDR/v2/" >/dev/null 2>&1
  elif [ -n "$AUTH" ]; then
    curl -sf --max-time 3 -u "$USER_:$PASS_" "http://$ADDR/v2/" >/dev/null 2>&1
  else
    curl -sf --max-time 3 "http://$ADDR/v2/" >/dev/null 2>&1
  fi
}

install() {
  command -v docker-registry >/dev/null 2>&1 && { [ -z "$AUTH" ] || [ "$AUTH" = token ] || command -v htpasswd >/dev/null 2>&1; } && return 0
  [ "$(id -u)" = 0 ] || { say "docker-registry is missing and we are not root"; exit 1; }
  say "installing docker-registry"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  # the package's own service must not start: policy-rc.d may deny it anyway.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker-registry apache2-utils >/dev/null
  # the package may have started its own service on :5000 with auth; stop it.
  if command -v service >/dev/null 2>&1; then service docker-registry stop >/dev/null 2>&1 || true; fi
}

up() {
  if ping_ok; then return 0; fi
  install
  mkdir -p "$STATE/data"
  # one starter at a time: parallel test packages may all call up.
  exec 9>"$STATE/lock"
  flock 9
  if ping_ok; then return 0; fi
  authconf=""
  if [ "$AUTH" = token ]; then
    # a registry of ours that answers without trusting the token server's key (one of
    # the two restarted): start both again
    stop_pid "$PIDFILE"
    stop_pid "$TOKEN_PIDFILE"
    start_tokenserver
    authconf="auth:
  token:
    realm: http://$TOKEN_ADDR/token
    service: $TOKEN_SERVICE
    issuer: $TOKEN_ISSUER
    rootcertbundle: $STATE/token.crt"
  elif [ -n "$AUTH" ]; then
    # bcrypt: the only hash docker-registry's htpasswd accepts
    htpasswd -Bbn "$USER_" "$PASS_" >"$STATE/htpasswd"
    authconf="auth:
  htpasswd:
    realm: skiff-registry
    path: $STATE/htpasswd"
  fi
  cat >"$STATE/config.yml" <<EOF
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $STATE/data
  delete:
    enabled: true
http:
  addr: $ADDR
$authconf
EOF
  setsid docker-registry serve "$STATE/config.yml" >"$LOG" 2>&1 </dev/null 9>&- &
  echo $! >"$PIDFILE"
  for _ in $(seq 1 100); do
    if ping_ok; then return 0; fi
    if ! kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
      say "docker-registry exited; log:"; cat "$LOG" >&2; exit 1
    fi
    sleep 0.1
  done
  say "docker-registry did not answer on $ADDR within 10s; log:"; cat "$LOG" >&2
  exit 1
}

# start_tokenserver builds e2e/tokenserver and starts it; it writes its certificate
# before it listens, so an answer means token.crt is there.
start_tokenserver() {
  command -v go >/dev/null 2>&1 || PATH=$PATH:/usr/local/go/bin
  (cd "$REPO" && go build -o "$STATE/tokenserver" ./e2e/tokenserver) || { say "cannot build e2e/tokenserver"; exit 1; }
  rm -f "$STATE/token.crt"
  setsid "$STATE/tokenserver" -addr "$TOKEN_ADDR" -dir "$STATE" -service "$TOKEN_SERVICE" -issuer "$TOKEN_ISSUER" \
    -user "$USER_" -password "$PASS_" >"$STATE/tokenserver.log" 2>&1 </dev/null 9>&- &
  echo $! >"$TOKEN_PIDFILE"
  for _ in $(seq 1 100); do
    if curl -s --max-time 1 -A registry.sh-ping -o /dev/null "http://$TOKEN_ADDR/token"; then return 0; fi
    if ! kill -0 "$(cat "$TOKEN_PIDFILE")" 2>/dev/null; then
      say "tokenserver exited; log:"; cat "$STATE/tokenserver.log" >&2; exit 1
    fi
    sleep 0.1
  done
  say "tokenserver did not answer on $TOKEN_ADDR within 10s"; exit 1
}

# stop_pid stops the process whose id pidfile holds, if it runs, and waits for it (its
# port is free again when this returns).
stop_pid() {
  [ -f "$1" ] || return 0
  local pid
  pid=$(cat "$1")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -f "$1"
}

stop() {
  [ -f "$PIDFILE" ] || [ -f "$TOKEN_PIDFILE" ] || { say "not started by this script"; return 0; }
  stop_pid "$PIDFILE"
  stop_pid "$TOKEN_PIDFILE"
}

case "${1:-up}" in
  up) up ;;
  check) ping_ok ;;
  stop) stop ;;
  *) say "usage: $0 [up|check|stop]"; exit 2 ;;
esac
