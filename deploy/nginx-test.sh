#!/usr/bin/env bash
# Serve a built portal with deploy/nginx-gongkai.conf, unprivileged, on 127.0.0.1:PORT:
#   deploy/nginx-test.sh start <www dir holding zwgk/> <port> <state dir>
#   deploy/nginx-test.sh stop <state dir>
# The state dir gets nginx.conf, the pid file, logs and temp folders (used by .ci/run).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
case "${1:-}" in
  start)
    www="$(cd "$2" && pwd)"; port="$3"; state="$4"
    mkdir -p "$state/logs" "$state/tmp"
    # The server block as documented, with this machine's address and folder.
    sed -e "s|listen 80;|listen 127.0.0.1:$port;|" \
        -e "s|server_name www.example.gov.cn;|server_name 127.0.0.1;|" \
        -e "s|root /srv/gongkai/www;|root $www;|" \
        "$here/nginx-gongkai.conf" > "$state/gongkai.conf"
    brotli=""
    for m in /usr/lib/nginx/modules/ngx_http_brotli_static_module.so; do
      if [ -f "$m" ]; then
        brotli="load_module $m;"
        sed -i 's|# brotli_static on;|brotli_static on;|' "$state/gongkai.conf"
      fi
    done
    cat > "$state/nginx.conf" <<CONF
$brotli
worker_processes 1;
pid $state/nginx.pid;
error_log $state/logs/error.log warn;
events { worker_connections 256; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log $state/logs/access.log;
    client_body_temp_path $state/tmp/body;
    proxy_temp_path $state/tmp/proxy;
    fastcgi_temp_path $state/tmp/fastcgi;
    uwsgi_temp_path $state/tmp/uwsgi;
    scgi_temp_path $state/tmp/scgi;
    sendfile on;
    include $state/gongkai.conf;
}
CONF
    nginx -t -q -p "$state" -c "$state/nginx.conf"
    nginx -p "$state" -c "$state/nginx.conf"
    ;;
  stop)
    state="$2"
    if [ -f "$state/nginx.pid" ]; then kill "$(cat "$state/nginx.pid")" 2>/dev/null || true; fi
    ;;
  *) echo "usage: $0 start <www dir> <port> <state dir> | stop <state dir>" >&2; exit 2 ;;
esac
