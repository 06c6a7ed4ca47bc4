#!/usr/bin/env bash
# The session-jdbc peer: a PostgreSQL cluster of its own on PORT+600 (made here, in a
# folder of its own, and stopped when bench/run stops this script's process group), then
# the launcher on PORT keeping its sessions there (--session-store).
# Usage: with-postgres.sh PORT ROOT
set -euo pipefail
port=$1 root=$2
pgport=$((port + 600))
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
pg=$(mktemp -d /tmp/twistlet-bench-pg.XXXXXX)
as=()
if [ "$(id -u)" = 0 ]; then
    as=(runuser -u postgres --)   # initdb refuses to run as root
    chown postgres "$pg"
fi
stop() {
    "${as[@]}" "$bin/pg_ctl" -D "$pg/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$pg"
}
trap stop EXIT
trap 'exit 143' TERM INT
"${as[@]}" "$bin/initdb" -D "$pg/data" -U twistlet --auth=trust >/dev/null
"${as[@]}" "$bin/pg_ctl" -D "$pg/data" -o "-p $pgport -k $pg -c listen_addresses=127.0.0.1" -w start >/dev/null
"${as[@]}" "$bin/createdb" -h 127.0.0.1 -p "$pgport" -U twistlet twistlet
java -Xms512m -Xmx512m -XX:+UseParallelGC -XX:+AlwaysPreTouch -jar "$root/launcher/target/twistlet.jar" --pidfile= \
    web --class dev.twistlet.bench.BenchRoot --classpath "$root/bench/target/classes" \
    --listen "tcp:port=$port:interface=127.0.0.1" \
    --session-store "jdbc:postgresql://127.0.0.1:$pgport/twistlet?user=twistlet" &
wait $!
