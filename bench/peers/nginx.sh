#!/usr/bin/env bash
# The nginx peer (Debian's nginx-light): serves FOLDER on 127.0.0.1:PORT with one worker,
# in the foreground, with its config, logs and temp files under WORKDIR.
# Usage: nginx.sh PORT FOLDER WORKDIR
set -euo pipefail
port=$1 root=$2 work=$3
mkdir -p "$work/logs" "$work/tmp"
cat > "$work/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $work/nginx.pid;
error_log $work/logs/error.log warn;
events { worker_connections 1024; }
http {
    include /etc/nginx/mime.types;
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    client_body_temp_path $work/tmp/body;
    proxy_temp_path $work/tmp/proxy;
    fastcgi_temp_path $work/tmp/fastcgi;
    uwsgi_temp_path $work/tmp/uwsgi;
    scgi_temp_path $work/tmp/scgi;
    server {
        listen 127.0.0.1:$port;
        root $root;
        location / { autoindex on; }
    }
}
CONF
exec nginx -p "$work" -c "$work/nginx.conf"
