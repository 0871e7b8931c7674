#!/usr/bin/env bash
# Starts (or stops) a throwaway PostgreSQL 15 from Debian's packages on a loopback port.
# usage: .ci/postgres.sh start DIR PORT | .ci/postgres.sh stop DIR
set -euo pipefail
action=$1 dir=$2
bin=/usr/lib/postgresql/15/bin
case "$action" in
  start)
    port=$3
    mkdir -p "$dir"
    chown postgres:postgres "$dir"
    # initdb refuses to run as root.
    runuser -u postgres -- "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --no-sync >/dev/null
    runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null
    echo "postgresql://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    [ -d "$dir/data" ] && runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
esac
