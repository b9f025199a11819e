#!/usr/bin/env bash
# What a password login writes in PostgreSQL, per login, in figures the machine's load does not
# move (WAL bytes and records, index entries by index, in-place (HOT) updates, statements), on a
# throwaway PostgreSQL cluster of its own (the WAL position is a whole cluster's: a shared one
# mixes other sessions' writes in): docs/BENCHMARKS.md, "What a login writes in PostgreSQL".
#
#   benchmarks/login-writes.sh [quick|full] [java -D options of LoginWrites ...]
#   benchmarks/login-writes.sh quick -Dgatehouse.bench.loginwrites.repeat=1 \
#     '-Dgatehouse.bench.loginwrites.sql=drop index ix_gh_user_created'         # a what-if
#
# Needs benchmarks/target/benchmarks.jar (benchmarks/run.sh builds it), PostgreSQL's server
# binaries (PGBIN, default /usr/lib/postgresql/15/bin) and port PGPORT (default 5499) free. As
# root, the cluster runs as the user postgres. The cluster is removed at the end.
set -euo pipefail
mode="${1:-quick}"
shift || true
bin="${PGBIN:-/usr/lib/postgresql/15/bin}"
port="${PGPORT:-5499}"
dir=$(mktemp -d /tmp/gh-login-writes.XXXXXX)
as=()
if [ "$(id -u)" = 0 ]; then
  chown postgres "$dir"
  as=(runuser -u postgres --)
fi
cleanup() {
  "${as[@]}" "$bin/pg_ctl" -D "$dir/pg" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT
"${as[@]}" "$bin/initdb" -D "$dir/pg" -U postgres -A trust >/dev/null
cat >>"$dir/pg/postgresql.conf" <<EOF
port = $port
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
shared_preload_libraries = 'pg_stat_statements'
pg_stat_statements.track = all
fsync = off
autovacuum = off
EOF
"${as[@]}" "$bin/pg_ctl" -D "$dir/pg" -l "$dir/pg.log" -w start >/dev/null
"$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -qc 'create database test'
GATEHOUSE_TEST_POSTGRES_URL="jdbc:postgresql://127.0.0.1:$port/test?user=postgres" \
  PATH="$PATH:$bin" java -Dgatehouse.bench.pgwal="$dir/pg/pg_wal" "$@" \
  -cp benchmarks/target/benchmarks.jar dev.gatehouse.bench.BenchMain "$mode" loginwrites
