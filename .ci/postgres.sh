#!/usr/bin/env bash
# Start a throw-away PostgreSQL server on 127.0.0.1 for the tests and print its URL.
# Installs the server with apt-get when the machine has none.
set -euo pipefail
PORT="${CIBWATCH_PG_PORT:-54329}"
DATA="${CIBWATCH_PG_DATA:-/tmp/cibwatch-pg}"
bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
if [ -z "$(bindir)" ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
fi
BIN="$(bindir)"
RUN_AS=()
if [ "$(id -u)" = "0" ]; then RUN_AS=(runuser -u postgres --); fi
if ! "$BIN/pg_isready" -h 127.0.0.1 -p "$PORT" -q; then
  rm -rf "$DATA"
  mkdir -p "$DATA"
  [ "$(id -u)" = "0" ] && chown postgres "$DATA"
  "${RUN_AS[@]}" "$BIN/initdb" -D "$DATA" -U postgres --auth=trust -E UTF8 >&2
  "${RUN_AS[@]}" "$BIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w \
    -o "-h 127.0.0.1 -p $PORT -k /tmp -F -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >&2
fi
"$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='cibwatch_test'" | grep -q 1 \
  || "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres cibwatch_test
echo "postgresql+psycopg://postgres@127.0.0.1:$PORT/cibwatch_test"
