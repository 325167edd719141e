#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for tests and benchmarks: initdb into a
# temporary folder as the postgres user, listening on 127.0.0.1 only.
#   pg_cluster.sh start DIR PORT   → prints postgres://postgres@127.0.0.1:PORT/tmkit
#   pg_cluster.sh stop DIR
#   pg_cluster.sh pause DIR | resume DIR PORT   (stop and start the server, keeping its data)
set -euo pipefail
bin=/usr/lib/postgresql/15/bin
action=$1 dir=$2
case "$action" in
start)
    port=$3
    mkdir -p "$dir" && chown postgres "$dir"
    runuser -u postgres -- "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log"
    runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
        -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c max_connections=300 -c fsync=on" start >/dev/null
    runuser -u postgres -- "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres tmkit
    echo "postgres://postgres@127.0.0.1:$port/tmkit"
    ;;
pause)
    runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    ;;
resume)
    port=$3
    runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
        -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c max_connections=300" start >/dev/null
    ;;
stop)
    runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
*)
    echo "usage: pg_cluster.sh start DIR PORT | stop DIR | pause DIR | resume DIR PORT" >&2; exit 2;;
esac
