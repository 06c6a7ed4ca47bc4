#!/usr/bin/env bash
# The nginx peer (Debian's nginx-light): serves FOLDER on 127.0.0.1:PORT with one worker,
# in the foreground, with its config, logs and temp files under WORKDIR.
# Usage: nginx.sh PORT FOLDER WORKDIR [h2c | tls KEY CERT]
#   no fourth argument: HTTP/1.1
#   h2c:  HTTP/2 in clear text by prior knowledge only (nginx 1.22's "listen ... http2")
#   tls:  TLS with h2 and http/1.1 by ALPN ("listen ... ssl http2"), KEY and CERT in PEM
set -euo pipefail
port=$1 root=$2 work=$3 protocol=${4:-http}
case "$protocol" in
    http) listen="listen 127.0.0.1:$port;" ;;
    h2c) listen="listen 127.0.0.1:$port http2;" ;;
    tls) listen="listen 127.0.0.1:$port ssl http2; ssl_certificate $6; ssl_certificate_key $5;" ;;
    *) echo "nginx.sh: protocol $protocol: give h2c or tls, or nothing" >&2; exit 2 ;;
esac
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
    keepalive_requests 1000000;  # on HTTP/2 connections too (nginx 1.19.7 and later)
    client_body_temp_path $work/tmp/body;
    proxy_temp_path $work/tmp/proxy;
    fastcgi_temp_path $work/tmp/fastcgi;
    uwsgi_temp_path $work/tmp/uwsgi;
    scgi_temp_path $work/tmp/scgi;
    server {
        $listen
        root $root;
        location / { autoindex on; }
    }
}
CONF
exec nginx -p "$work" -c "$work/nginx.conf"
