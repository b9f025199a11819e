#!/usr/bin/env bash
# A private PostgreSQL primary and its streaming replica on this host, for the replica and
# database-fault tests (docs/OPERATIONS.md, "PostgreSQL primary and streaming replica"). Needs
# Debian's PostgreSQL server binaries (PG_BIN, default /usr/lib/postgresql/15/bin); runs as root and
# runs the server as the postgres user. The machine's own cluster (port 5432) is not touched.
#
#   .ci/pg-replica.sh start  [DIR]   # start both; prints the two JDBC URLs, primary first, comma-separated
#   .ci/pg-replica.sh status [DIR]   # each node's role, the replication state and lag
#   .ci/pg-replica.sh urls   [DIR]   # the two JDBC URLs again
#   .ci/pg-replica.sh stop   [DIR]   # shut both down and remove DIR
#   .ci/pg-replica.sh stop-primary|start-primary [DIR]   # the primary alone (the restart tests)
#
# DIR defaults to /tmp/gatehouse-pg-replica. The primary listens on 127.0.0.1:5441 (DIR/primary),
# the replica on 127.0.0.1:5442 (DIR/replica, from pg_basebackup), trust authentication, user
# postgres. Replication is synchronous with synchronous_commit=remote_apply: a commit returns once
# the replica has applied it, so what a client was told is committed is readable on the replica and
# survives its promotion. `start` on a DIR that holds a running pair in that shape only prints the
# URLs; anything else there (a promoted replica, a node down) is stopped and started afresh.
set -euo pipefail

cmd=${1:-}
dir=${2:-/tmp/gatehouse-pg-replica}
bin=${PG_BIN:-/usr/lib/postgresql/15/bin}
primary_port=5441
replica_port=5442
standby_name=gatehouse_replica

url() { echo "jdbc:postgresql://127.0.0.1:$1/postgres?user=postgres"; }
urls() { echo "$(url $primary_port),$(url $replica_port)"; }

as_postgres() { runuser -u postgres -- "$@"; }

sql() { # port, statement -> the unaligned answer (empty when the node does not answer)
  as_postgres "$bin/psql" -X -q -A -t -h 127.0.0.1 -p "$1" -U postgres -d postgres -c "$2" 2>/dev/null || true
}

pg_ctl() { # node (primary|replica), pg_ctl args...
  local node=$1; shift
  as_postgres "$bin/pg_ctl" -D "$dir/$node" -l "$dir/$node.log" "$@"
}

wait_for() { # description, seconds, command...
  local what=$1 limit=$2 waited=0; shift 2
  until "$@"; do
    if [ "$waited" -ge $((limit * 10)) ]; then
      echo "pg-replica: $what not reached after ${limit}s" >&2
      tail -n 30 "$dir/primary.log" "$dir/replica.log" >&2 2>/dev/null || true
      return 1
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
}

streaming() { # the replica is connected, synchronous and streaming
  [ "$(sql $primary_port "select state || ' ' || sync_state from pg_stat_replication where application_name = '$standby_name'")" = "streaming sync" ]
}

running() { # both nodes up in their roles, the replica streaming synchronously
  [ "$(sql $primary_port 'select pg_is_in_recovery()')" = f ] || return 1
  [ "$(sql $replica_port 'select pg_is_in_recovery()')" = t ] || return 1
  streaming
}

stop_node() { # node: a fast shutdown (at most 30 s), then an immediate one
  local node=$1
  [ -f "$dir/$node/postmaster.pid" ] || return 0
  pg_ctl "$node" stop -m fast -t 30 >/dev/null 2>&1 || pg_ctl "$node" stop -m immediate >/dev/null 2>&1 || true
}

stop_all() {
  stop_node replica
  stop_node primary
}

start() {
  if [ -d "$dir" ] && running; then
    echo "pg-replica: already running in $dir" >&2
    urls
    return 0
  fi
  [ -x "$bin/postgres" ] || { echo "pg-replica: $bin/postgres missing (Debian's postgresql-15)" >&2; exit 1; }
  for port in $primary_port $replica_port; do
    if [ -n "$(sql "$port" 'select 1')" ] && [ ! -d "$dir" ]; then
      echo "pg-replica: port $port is taken by a server this script did not start" >&2
      exit 1
    fi
  done
  if [ -d "$dir" ]; then stop_all; fi
  rm -rf "$dir"
  mkdir -p "$dir"
  chown postgres:postgres "$dir"
  local t0=$SECONDS
  as_postgres "$bin/initdb" -D "$dir/primary" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 \
    >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
  cat >>"$dir/primary/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $primary_port
unix_socket_directories = '$dir'
max_connections = 200
shared_buffers = 64MB
fsync = off
wal_level = replica
max_wal_senders = 4
wal_keep_size = 256MB
hot_standby = on
hot_standby_feedback = on
wal_retrieve_retry_interval = 200ms
# A commit returns once the replica has applied it (docs/OPERATIONS.md): nothing acknowledged is
# missing on the replica, at the price of one round trip to it per commit.
synchronous_standby_names = '$standby_name'
synchronous_commit = remote_apply
EOF
  echo "host replication postgres 127.0.0.1/32 trust" >>"$dir/primary/pg_hba.conf"
  pg_ctl primary start -w -t 60 >/dev/null
  as_postgres "$bin/pg_basebackup" -h 127.0.0.1 -p $primary_port -U postgres -D "$dir/replica" \
    -X stream --checkpoint=fast >"$dir/basebackup.log" 2>&1 || { cat "$dir/basebackup.log" >&2; exit 1; }
  as_postgres touch "$dir/replica/standby.signal"
  cat >>"$dir/replica/postgresql.conf" <<EOF
port = $replica_port
primary_conninfo = 'host=127.0.0.1 port=$primary_port user=postgres application_name=$standby_name'
# Promoted, this node is alone: it must not wait for a standby of its own.
synchronous_standby_names = ''
EOF
  pg_ctl replica start -w -t 60 >/dev/null
  wait_for "synchronous streaming" 60 streaming
  echo "pg-replica: primary and synchronous replica streaming in $((SECONDS - t0)) s ($dir)" >&2
  urls
}

status() {
  for port in $primary_port $replica_port; do
    printf 'port %s: in_recovery=%s' "$port" "$(sql "$port" 'select pg_is_in_recovery()')"
    printf ' replay_paused=%s' "$(sql "$port" 'select case when pg_is_in_recovery() then pg_is_wal_replay_paused()::text else $$-$$ end')"
    echo
  done
  sql $primary_port "select 'replication: ' || application_name || ' ' || state || ' ' || sync_state
    || ' replay_lag=' || coalesce(replay_lag::text, '0')
    || ' bytes_behind=' || pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn) from pg_stat_replication"
  running
}

case "$cmd" in
  start) start ;;
  stop)
    if [ -d "$dir" ]; then
      stop_all
      rm -rf "$dir"
    fi
    ;;
  stop-primary) stop_node primary ;;
  start-primary)
    pg_ctl primary start -w -t 60 >/dev/null
    wait_for "synchronous streaming" 60 streaming
    ;;
  status) status ;;
  urls) urls ;;
  *)
    echo "usage: $0 start|stop|status|urls|stop-primary|start-primary [DIR]" >&2
    exit 2
    ;;
esac
