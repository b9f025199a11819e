#!/usr/bin/env bash
# Three MariaDB Galera nodes on this host, multi-primary, for the Galera tests (docs/OPERATIONS.md,
# "MariaDB Galera"). Needs Debian's mariadb-server and galera-4; runs as root, without systemd.
#
#   .ci/galera.sh start  [DIR]   # start the cluster; prints the three JDBC URLs, comma-separated
#   .ci/galera.sh status [DIR]   # each node's wsrep_cluster_size, wsrep_ready and the monitored counters
#   .ci/galera.sh urls   [DIR]   # the three JDBC URLs again
#   .ci/galera.sh stop   [DIR]   # shut the nodes down and remove DIR
#
# DIR defaults to /tmp/gatehouse-galera. Node n (1..3) listens on 127.0.0.1:331n (SQL),
# 457n (group communication), 458n (IST) and 459n (SST), with its data under DIR/noden.
# No state transfer happens on start: node 1's datadir is initialised, bootstrapped once to give the
# cluster its state UUID, shut down cleanly and copied to nodes 2 and 3, so all three join at the same
# seqno. `start` on a DIR that holds a running cluster only waits for it; on a stale DIR it stops
# what is left and starts afresh.
set -euo pipefail

cmd=${1:-}
dir=${2:-/tmp/gatehouse-galera}
provider=${GALERA_PROVIDER:-/usr/lib/galera/libgalera_smm.so}
mariadbd=${MARIADBD:-/usr/sbin/mariadbd}
nodes="1 2 3"
sql_port() { echo $((3310 + $1)); }

url() { echo "jdbc:mariadb://127.0.0.1:$(sql_port "$1")/test?user=root"; }
urls() { echo "$(url 1),$(url 2),$(url 3)"; }

client() { # node, mariadb client args...
  local n=$1; shift
  mariadb --no-defaults --protocol=tcp -h 127.0.0.1 -P "$(sql_port "$n")" -u root "$@"
}

status_var() { # node, variable name -> its value (empty if the node does not answer)
  client "$1" -N -B -e "show global status like '$2'" 2>/dev/null | awk '{print $2}' || true
}

# Waits up to $3 seconds (default 60) for node $1 to report wsrep_ready=ON with wsrep_cluster_size $2.
wait_node() {
  local n=$1 size=$2 limit=${3:-60} waited=0
  while :; do
    if [ "$(status_var "$n" wsrep_ready)" = ON ] \
        && [ "$(status_var "$n" wsrep_cluster_size)" = "$size" ] \
        && [ "$(status_var "$n" wsrep_local_state_comment)" = Synced ]; then
      return 0
    fi
    if [ -f "$dir/node$n.proc" ] && ! kill -0 "$(cat "$dir/node$n.proc")" 2>/dev/null; then
      echo "galera: node $n exited; its log:" >&2
      tail -n 40 "$dir/node$n.err" >&2 || true
      return 1
    fi
    if [ "$waited" -ge $((limit * 10)) ]; then
      echo "galera: node $n not ready with cluster size $size after ${limit}s; its log:" >&2
      tail -n 40 "$dir/node$n.err" >&2 || true
      return 1
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
}

write_config() { # node
  local n=$1
  cat >"$dir/node$n.cnf" <<EOF
[mariadbd]
user=mysql
datadir=$dir/node$n
socket=$dir/node$n.sock
pid-file=$dir/node$n.pid
log-error=$dir/node$n.err
bind-address=127.0.0.1
port=$(sql_port "$n")
skip-name-resolve
skip-log-bin
innodb_buffer_pool_size=64M
innodb_log_file_size=32M
innodb_flush_log_at_trx_commit=2
max_connections=200
binlog_format=ROW
default_storage_engine=InnoDB
innodb_autoinc_lock_mode=2
wsrep_on=ON
wsrep_provider=$provider
wsrep_cluster_name=gatehouse-test
wsrep_cluster_address=gcomm://127.0.0.1:4571,127.0.0.1:4572,127.0.0.1:4573
wsrep_node_name=node$n
wsrep_node_address=127.0.0.1
wsrep_provider_options=gmcast.listen_addr=tcp://127.0.0.1:$((4570 + n));ist.recv_addr=127.0.0.1:$((4580 + n));gcache.size=32M;evs.suspect_timeout=PT5S;evs.inactive_timeout=PT10S
wsrep_sst_method=rsync
wsrep_sst_receive_address=127.0.0.1:$((4590 + n))
wsrep_slave_threads=2
# Causal reads: a read on one node waits until the node has applied what any node committed before
# it, so a request routed to another node than the previous one sees that one's writes.
wsrep_sync_wait=1
EOF
}

start_node() { # node, extra mariadbd args...
  local n=$1; shift
  rm -f "$dir/node$n.proc"
  # mariadbd forks nothing itself; setsid keeps it out of the caller's process group, so a CI step
  # that ends does not take the cluster with it before `stop`.
  setsid "$mariadbd" --defaults-file="$dir/node$n.cnf" "$@" </dev/null >>"$dir/node$n.out" 2>&1 &
  echo $! >"$dir/node$n.proc"
}

stop_node() { # node: a clean shutdown, then the process's end (at most 60 s), then SIGKILL
  local n=$1 pid
  [ -f "$dir/node$n.proc" ] || return 0
  pid=$(cat "$dir/node$n.proc")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 600); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      echo "galera: node $n did not stop in 60 s; killing it" >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  rm -f "$dir/node$n.proc"
}

running() { # whether all three nodes answer in one synced cluster of three
  for n in $nodes; do
    [ "$(status_var "$n" wsrep_ready)" = ON ] || return 1
    [ "$(status_var "$n" wsrep_cluster_size)" = 3 ] || return 1
  done
}

start() {
  if [ -d "$dir" ] && running; then
    echo "galera: already running in $dir" >&2
    urls
    return 0
  fi
  [ -x "$mariadbd" ] || { echo "galera: $mariadbd missing (Debian's mariadb-server)" >&2; exit 1; }
  [ -f "$provider" ] || { echo "galera: $provider missing (Debian's galera-4)" >&2; exit 1; }
  for n in $nodes; do
    if client "$n" -e 'select 1' >/dev/null 2>&1 && [ ! -f "$dir/node$n.proc" ]; then
      echo "galera: port $(sql_port "$n") is taken by a server this script did not start" >&2
      exit 1
    fi
  done
  stop_all
  rm -rf "$dir"
  mkdir -p "$dir"
  local t0=$SECONDS
  for n in $nodes; do write_config "$n"; done

  # One initial datadir and one state UUID for all three: bootstrap node 1 once, create what the
  # tests use, shut it down cleanly (grastate.dat then records the seqno) and copy it.
  mariadb-install-db --no-defaults --user=mysql --datadir="$dir/node1" --auth-root-authentication-method=normal \
    --skip-test-db >"$dir/install.log" 2>&1 || { cat "$dir/install.log" >&2; exit 1; }
  chown -R mysql:mysql "$dir"
  start_node 1 --wsrep-new-cluster
  wait_node 1 1
  client 1 <<'SQL'
CREATE DATABASE IF NOT EXISTS test;
CREATE USER IF NOT EXISTS 'root'@'127.0.0.1' IDENTIFIED BY '';
GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;
SQL
  stop_node 1
  for n in 2 3; do
    cp -a "$dir/node1" "$dir/node$n"
    sed -i 's/^safe_to_bootstrap:.*/safe_to_bootstrap: 0/' "$dir/node$n/grastate.dat"
  done

  start_node 1 --wsrep-new-cluster
  wait_node 1 1
  start_node 2
  start_node 3
  wait_node 2 3
  wait_node 3 3
  wait_node 1 3
  echo "galera: three nodes synced in $((SECONDS - t0)) s ($dir)" >&2
  urls
}

stop_all() {
  # Joiners first, the bootstrap node last, so no node is left alone waiting for a quorum.
  for n in 3 2 1; do stop_node "$n"; done
}

status() {
  for n in $nodes; do
    printf 'node %s (port %s):' "$n" "$(sql_port "$n")"
    for v in wsrep_cluster_size wsrep_ready wsrep_local_state_comment wsrep_local_cert_failures \
        wsrep_local_bf_aborts wsrep_flow_control_paused; do
      printf ' %s=%s' "$v" "$(status_var "$n" "$v")"
    done
    echo
  done
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
  status) status ;;
  urls) urls ;;
  *)
    echo "usage: $0 start|stop|status|urls [DIR]" >&2
    exit 2
    ;;
esac
