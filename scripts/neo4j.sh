#!/usr/bin/env bash
# Manage a local Neo4j Community server for development, tests and benchmarks.
#
#   scripts/neo4j.sh fetch    resolve the server's jars from Maven Central (cached)
#   scripts/neo4j.sh start    start it in the background (fetches first) and wait for Bolt
#   scripts/neo4j.sh wait     wait until Bolt answers
#   scripts/neo4j.sh stop     stop it
#   scripts/neo4j.sh wipe     stop it and delete its data
#   scripts/neo4j.sh status   say whether it runs
#   scripts/neo4j.sh admin .. neo4j-admin (org.neo4j.cli.AdminTool) on this instance, stopped
#                             (make load runs `admin database import full` through it)
#
# Settings (environment, else the checkout's .env, which the API reads too: NEO4J_BOLT_PORT
# there moves this server and the API's default connection together):
#   RELMAP_NEO4J_HOME   data, logs and config of this instance   (default: ./.neo4j)
#   NEO4J_BOLT_PORT     Bolt port on 127.0.0.1                    (default: 7687)
#   NEO4J_HEAP          JVM heap                                  (default: 2g)
#   NEO4J_PAGECACHE     page cache                                (default: 2g)
#   RELMAP_CACHE        where the jars are kept between runs      (default: ~/.cache/relmap)
set -euo pipefail

NEO4J_VERSION=5.26.30
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if [[ -f $ROOT/.env ]]; then
  while IFS='=' read -r key value; do
    case $key in
      NEO4J_BOLT_PORT | NEO4J_HEAP | NEO4J_PAGECACHE | RELMAP_NEO4J_HOME)
        [[ -n ${!key:-} ]] || export "$key=$value" ;;
    esac
  done < "$ROOT/.env"
fi
HOME_DIR=$(realpath -m "${RELMAP_NEO4J_HOME:-$ROOT/.neo4j}")
PORT=${NEO4J_BOLT_PORT:-7687}
HEAP=${NEO4J_HEAP:-2g}
PAGECACHE=${NEO4J_PAGECACHE:-2g}
CACHE=${RELMAP_CACHE:-$HOME/.cache/relmap}
LIB=$CACHE/neo4j-$NEO4J_VERSION/lib
PIDFILE=$HOME_DIR/run/neo4j.pid

die() { echo "neo4j.sh: $*" >&2; exit 1; }

java_bin() {
  # Neo4j 5.26 runs on Java 17 or 21; prefer JAVA_HOME, then the default java.
  local j=${JAVA_HOME:+$JAVA_HOME/bin/java}
  j=${j:-$(command -v java || true)}
  [ -x "$j" ] || die "no Java found: install a JDK 17 or 21 (e.g. apt-get install openjdk-17-jre-headless) or set JAVA_HOME"
  echo "$j"
}

fetch() {
  if [ -f "$LIB/.complete" ]; then return 0; fi
  command -v mvn >/dev/null || die "Maven (mvn) is needed once to download Neo4j $NEO4J_VERSION: apt-get install maven"
  echo "neo4j.sh: downloading Neo4j Community $NEO4J_VERSION from Maven Central (first run only)..." >&2
  rm -rf "$LIB" && mkdir -p "$LIB"
  mvn -q -B -f "$ROOT/scripts/neo4j/pom.xml" dependency:copy-dependencies \
    -DoutputDirectory="$LIB" -DincludeScope=runtime >&2 \
    || die "could not resolve Neo4j $NEO4J_VERSION from Maven Central (see the mvn output above)"
  ls "$LIB"/neo4j-"$NEO4J_VERSION".jar >/dev/null || die "the server jar is missing from $LIB"
  touch "$LIB/.complete"
}

running() { [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; }

bolt_open() { (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; }

wait_ready() {
  local deadline=$((SECONDS + ${1:-120}))
  until grep -q "Started." "$HOME_DIR/logs/neo4j.log" 2>/dev/null && bolt_open; do
    running || { tail -n 40 "$HOME_DIR/logs/console.log" >&2 || true; die "Neo4j exited during start-up"; }
    [ $SECONDS -lt $deadline ] || die "Neo4j did not answer on 127.0.0.1:$PORT in time (logs: $HOME_DIR/logs)"
    sleep 0.5
  done
}

# server.bolt.connection_keep_alive_for_requests=STREAMING: with Neo4j's default (ALL) the
# server hints connection.recv_timeout_seconds, and the Python driver then wraps every socket
# read in a timer (a task and a waiter per read): 10-15 % of the API's CPU per request
# (bench/notes.md). The API bounds every transaction itself (QUERY_TIMEOUT_S plus a grace: a
# hung server still answers 503), so the hint adds nothing it needs.
# NEO4J_KEEP_ALIVE_FOR=ALL gives Neo4j's default back (bench/keepalive_ab.py compares the two).
write_conf() {
  mkdir -p "$HOME_DIR"/{conf,data,logs,plugins,run,import}
  cat >"$HOME_DIR/conf/neo4j.conf" <<EOF
# Written by scripts/neo4j.sh; edits are overwritten at the next start.
server.default_listen_address=127.0.0.1
server.bolt.listen_address=127.0.0.1:$PORT
server.bolt.advertised_address=127.0.0.1:$PORT
server.http.enabled=false
server.https.enabled=false
dbms.security.auth_enabled=false
dbms.usage_report.enabled=false
server.memory.pagecache.size=$PAGECACHE
db.transaction.timeout=60s
server.bolt.connection_keep_alive_for_requests=${NEO4J_KEEP_ALIVE_FOR:-STREAMING}
db.tx_log.rotation.retention_policy=1 files
server.directories.data=$HOME_DIR/data
server.directories.logs=$HOME_DIR/logs
server.directories.plugins=$HOME_DIR/plugins
server.directories.run=$HOME_DIR/run
server.directories.import=$HOME_DIR/import
EOF
}

start() {
  if running; then wait_ready; echo "neo4j.sh: already running on bolt://127.0.0.1:$PORT" >&2; return 0; fi
  if bolt_open; then die "port $PORT is taken by another process: set NEO4J_BOLT_PORT or NEO4J_URI"; fi
  fetch
  write_conf
  rm -f "$HOME_DIR/logs/neo4j.log"
  local java; java=$(java_bin)
  local t0=$SECONDS
  nohup "$java" -Xms"$HEAP" -Xmx"$HEAP" -XX:+UseG1GC -XX:-OmitStackTraceInFastThrow \
    -XX:+UnlockExperimentalVMOptions -XX:+TrustFinalNonStaticFields -XX:+DisableExplicitGC \
    -Djdk.nio.maxCachedBufferSize=1024 -Dio.netty.tryReflectionSetAccessible=true \
    -Dlog4j2.disable.jmx=true \
    --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED \
    --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED \
    -cp "$LIB/*" org.neo4j.server.CommunityEntryPoint \
    --home-dir="$HOME_DIR" --config-dir="$HOME_DIR/conf" \
    >"$HOME_DIR/logs/console.log" 2>&1 </dev/null &
  echo $! >"$PIDFILE"
  wait_ready
  echo "neo4j.sh: Neo4j $NEO4J_VERSION ready on bolt://127.0.0.1:$PORT in $((SECONDS - t0))s (home $HOME_DIR)" >&2
}

stop() {
  if running; then
    local pid; pid=$(cat "$PIDFILE")
    kill "$pid"
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
    echo "neo4j.sh: stopped" >&2
  fi
  rm -f "$PIDFILE"
}

admin() {
  fetch
  if running; then die "stop the server first: neo4j-admin works on a stopped instance"; fi
  write_conf
  local java; java=$(java_bin)
  NEO4J_HOME=$HOME_DIR NEO4J_CONF=$HOME_DIR/conf "$java" -Xmx"${NEO4J_ADMIN_HEAP:-1g}" \
    -cp "$LIB/*" org.neo4j.cli.AdminTool "$@"
}

case "${1:-}" in
  fetch) fetch ;;
  admin) shift; admin "$@" ;;
  start) start ;;
  wait) wait_ready "${2:-120}" ;;
  stop) stop ;;
  wipe) stop; rm -rf "$HOME_DIR"; echo "neo4j.sh: wiped $HOME_DIR" >&2 ;;
  status) if running; then echo "running (pid $(cat "$PIDFILE"), bolt://127.0.0.1:$PORT)"; else echo "stopped"; fi ;;
  *) sed -n '2,19p' "$0"; exit 2 ;;
esac
