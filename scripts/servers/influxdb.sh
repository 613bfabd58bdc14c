#!/usr/bin/env bash
# A real InfluxDB OSS 1.8.10 for integration tests: it speaks the v2 compatibility API
# (/api/v2/write, /api/v2/query with Flux) that @influxdata/influxdb-client uses.
#
#   scripts/servers/influxdb.sh install   build influxd from the Go module proxy (cached; no-op when present)
#   scripts/servers/influxdb.sh start     install, start on 127.0.0.1:$INFLUX_PORT, wait for /ping, create the database(s)
#   scripts/servers/influxdb.sh stop      SIGTERM, wait, SIGKILL; remove the run dir
#   scripts/servers/influxdb.sh status    exit 0 when it answers /ping, 3 when it doesn't
#
# Client settings: url http://127.0.0.1:$INFLUX_PORT, token any (e.g. "user:password"; auth is off),
# org any (ignored by 1.8), bucket "$INFLUX_DB/autogen" (database/retention policy).
#
# Environment: RISKWATCH_CACHE (~/.cache/riskwatch), RISKWATCH_RUN (/tmp/riskwatch-servers),
# INFLUX_PORT (18086), INFLUX_RPC_PORT (18088), INFLUX_DB (riskwatch; a comma-separated list
# creates several), INFLUX_START_TIMEOUT (60 s), INFLUX_LOG_LEVEL (warn).
set -euo pipefail

readonly VERSION=1.8.10
readonly CACHE_DIR=${RISKWATCH_CACHE:-$HOME/.cache/riskwatch}/influxdb-$VERSION
readonly BIN=$CACHE_DIR/influxd
readonly RUN_DIR=${RISKWATCH_RUN:-/tmp/riskwatch-servers}/influxdb
readonly PORT=${INFLUX_PORT:-18086}
readonly RPC_PORT=${INFLUX_RPC_PORT:-18088}
readonly DBS=${INFLUX_DB:-riskwatch}
readonly START_TIMEOUT=${INFLUX_START_TIMEOUT:-60}
readonly URL=http://127.0.0.1:$PORT
readonly CONF=$RUN_DIR/influxdb.conf
readonly PID_FILE=$RUN_DIR/influxd.pid
readonly LOG=$RUN_DIR/influxd.log

die() { echo "influxdb: $*" >&2; exit 1; }

install() {
  [ -x "$BIN" ] && return 0
  command -v go >/dev/null || die "go is needed to build influxd $VERSION"
  mkdir -p "$CACHE_DIR"
  local tmp
  tmp=$(mktemp -d "$CACHE_DIR/build.XXXXXX")
  echo "influxdb: building influxd $VERSION from the Go module proxy (first time only, ~2-3 min)" >&2
  # GOTOOLCHAIN=local: never try to download a Go toolchain (only the module proxy is reachable).
  # CGO_ENABLED=0: flux v0.65 in 1.8.10 is pure Go, so no libflux/pkg-config/Rust; a static binary.
  # GOFLAGS is replaced, not inherited: a caller's -mod=vendor etc. makes no sense outside a module.
  if ! GOTOOLCHAIN=local GOFLAGS=-mod=mod CGO_ENABLED=0 GOBIN="$tmp" \
      go install -trimpath -ldflags "-s -w -X main.version=$VERSION -X main.branch=1.8" \
      "github.com/influxdata/influxdb/cmd/influxd@v$VERSION"; then
    rm -rf "$tmp"
    die "building influxd $VERSION failed"
  fi
  # Rename is atomic: a concurrent or interrupted build never leaves a half-written binary behind.
  mv -f "$tmp/influxd" "$BIN"
  rm -rf "$tmp"
}

pid() { [ -f "$PID_FILE" ] && cat "$PID_FILE"; }

# Ours only if the pid is alive AND runs with our config (guards against pid reuse).
alive() {
  local p=${1:-}
  [ -n "$p" ] && kill -0 "$p" 2>/dev/null &&
    tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null | grep -qF -- "-config $CONF"
}

# A zombie (our own exited child) still passes kill -0, so look at the process state instead.
running() {
  local state
  state=$(awk '{print $3}' "/proc/${1:-0}/stat" 2>/dev/null) && [ -n "$state" ] && [ "$state" != Z ]
}

ping() { curl -fsS -o /dev/null --max-time 2 "$URL/ping" 2>/dev/null; }

write_config() {
  # Only the HTTP API and the RPC (backup/restore) service listen, both on loopback;
  # graphite/collectd/opentsdb/udp are off by default.
  cat >"$CONF" <<CONF
reporting-disabled = true
bind-address = "127.0.0.1:$RPC_PORT"

[meta]
  dir = "$RUN_DIR/meta"
  logging-enabled = false

[data]
  dir = "$RUN_DIR/data"
  wal-dir = "$RUN_DIR/wal"
  query-log-enabled = false

[monitor]
  # No _internal database: less disk and CPU for a test server.
  store-enabled = false

[http]
  enabled = true
  bind-address = "127.0.0.1:$PORT"
  auth-enabled = false
  flux-enabled = true
  log-enabled = false
  pprof-enabled = false
  unix-socket-enabled = false

[logging]
  level = "${INFLUX_LOG_LEVEL:-warn}"
  suppress-logo = true
CONF
}

create_databases() {
  local db
  for db in ${DBS//,/ }; do
    # CREATE DATABASE is idempotent and gives the database its default policy "autogen".
    curl -fsS -o /dev/null --max-time 10 -XPOST "$URL/query" \
      --data-urlencode "q=CREATE DATABASE \"$db\"" || die "could not create database $db"
  done
}

ready_message() {
  local db buckets=()
  for db in ${DBS//,/ }; do buckets+=("$db/autogen"); done
  echo "influxdb ready at $URL (bucket${buckets[1]+s} ${buckets[*]})"
}

start() {
  install
  if alive "$(pid)"; then
    ping || die "influxd (pid $(pid)) is running but $URL/ping does not answer; see $LOG"
    create_databases
    ready_message
    return 0
  fi
  # Something else on the port would answer our /ping and fool the wait below.
  ping && die "$URL already answers /ping but is not ours; stop it or set INFLUX_PORT"

  mkdir -p "$RUN_DIR"
  write_config
  "$BIN" run -config "$CONF" >>"$LOG" 2>&1 </dev/null &
  echo $! >"$PID_FILE"

  local deadline=$((SECONDS + START_TIMEOUT))
  until ping; do
    if ! running "$(pid)"; then
      echo "influxdb: influxd exited during startup; last log lines ($LOG):" >&2
      tail -n 30 "$LOG" >&2
      exit 1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "influxdb: no answer on $URL/ping after ${START_TIMEOUT}s; last log lines ($LOG):" >&2
      tail -n 30 "$LOG" >&2
      stop >/dev/null
      exit 1
    fi
    sleep 0.2
  done
  create_databases
  ready_message
}

stop() {
  local p
  p=$(pid || true)
  if alive "$p"; then
    kill -TERM "$p"
    # influxd closes its shards and WAL on SIGTERM; give it a moment before forcing it.
    for _ in $(seq 1 100); do running "$p" || break; sleep 0.1; done
    if running "$p"; then
      echo "influxdb: influxd (pid $p) ignored SIGTERM for 10 s; killing it" >&2
      kill -KILL "$p" 2>/dev/null || true
      while running "$p"; do sleep 0.1; done
    fi
  fi
  # Remove only a directory this script made (it has our config or pid file), never a stray path.
  if [ -f "$CONF" ] || [ -f "$PID_FILE" ]; then rm -rf "$RUN_DIR"; fi
  echo "influxdb stopped"
}

status() {
  if alive "$(pid)" && ping; then
    echo "influxdb running (pid $(pid)) at $URL"
  else
    echo "influxdb not running"
    return 3
  fi
}

case ${1:-} in
  install | start | stop | status) "$1" ;;
  *) echo "usage: $0 install|start|stop|status" >&2; exit 2 ;;
esac
