#!/usr/bin/env bash
# Starts a throw-away PostgreSQL server on 127.0.0.1 for the archive's integration tests and prints
# its URL (postgres://postgres@127.0.0.1:PORT/postgres) on stdout. Data lives in a temp directory;
# `scripts/test-postgres.sh stop DIR` stops it and removes the directory (the directory is printed
# on stderr). Needs Debian's `postgresql` package (initdb, pg_ctl under /usr/lib/postgresql/*/bin).
set -euo pipefail
bin_dir() {
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [[ -z "$found" ]]; then echo "no PostgreSQL server binaries under /usr/lib/postgresql" >&2; return 1; fi
  echo "$found"
}
# initdb and the server refuse to run as root: as root they run as the postgres user.
as_owner() {
  if [[ "$(id -u)" == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}
if [[ "${1:-start}" == stop ]]; then
  dir="${2:?usage: test-postgres.sh stop DIR}"
  as_owner "$(bin_dir)/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
  exit 0
fi
BIN=$(bin_dir)
dir=$(mktemp -d /tmp/invocations-pg.XXXXXX)
chmod 755 "$dir"
[[ "$(id -u)" == 0 ]] && chown postgres "$dir"
port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
as_owner "$BIN/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --no-locale >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
# pg_stat_statements (shipped with Debian's server) when present: the archive benchmark reads each
# statement's server time from it.
preload=""
[[ -f "$BIN/../lib/pg_stat_statements.so" ]] && preload="-c shared_preload_libraries=pg_stat_statements"
# Loopback only; a socket directory of its own so it never collides with a system cluster.
as_owner "$BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=on -c max_connections=100 $preload" start >/dev/null \
  || { cat "$dir/server.log" >&2; exit 1; }
echo "test PostgreSQL in $dir (stop: scripts/test-postgres.sh stop $dir)" >&2
echo "postgres://postgres@127.0.0.1:$port/postgres"
