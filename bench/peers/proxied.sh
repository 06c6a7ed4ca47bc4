#!/usr/bin/env bash
# The proxy scenario's peers: each reverse proxy gets its own nginx upstream on PORT+500,
# serving FOLDER, started in the same process group (bench/run stops the group).
# Usage: proxied.sh twistlet|jetty|twisted PORT ROOT FOLDER WORKDIR
set -euo pipefail
kind=$1 port=$2 root=$3 folder=$4 work=$5
upstream=$((port + 500))
"$root/bench/peers/nginx.sh" "$upstream" "$folder" "$work/nginx-upstream-$kind" &
java=(java -Xms512m -Xmx512m -XX:+UseParallelGC -XX:+AlwaysPreTouch)
case "$kind" in
    twistlet) PORT=$port UPSTREAM_PORT=$upstream exec "${java[@]}" -jar "$root/launcher/target/twistlet.jar" --pidfile= \
        -ny "$root/bench/peers/reverse-proxy.java" ;;
    jetty) exec "${java[@]}" -cp "$root/bench/target/twistlet-bench.jar" dev.twistlet.bench.ProxyServletServer \
        "$port" "$upstream" ;;
    twisted) exec /usr/bin/python3 "$root/bench/peers/twisted_proxy.py" "$port" "$upstream" ;;
esac
