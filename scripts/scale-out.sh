#!/usr/bin/env bash
# The scale-out set-up on one machine, all on loopback: nginx in front of two application servers
# (gunicorn), PostgreSQL, Redis (shared cache, rate limits, task queue) and two task workers.
#
#   scripts/scale-out.sh start DIR [--demo]   start everything; DIR/env holds the environment and
#                                             DIR/ports.json the addresses (nginx, app1, app2, redis, postgres)
#   scripts/scale-out.sh stop DIR             stop everything started in DIR
#
# DATABASE_URL, if set, names an existing PostgreSQL database; otherwise a throwaway PostgreSQL 15
# cluster is made for the run. --demo loads the demo data (accounts of README). DJANGO_SETTINGS_MODULE
# defaults to sxsh.settings.dev with SXSH_DEBUG=0 (a real deployment uses sxsh.settings.production
# behind TLS: docs/deployment.md). nginx, redis-server and PostgreSQL are installed when missing.
set -euo pipefail
cmd="${1:?usage: scale-out.sh start|stop DIR [--demo]}"
dir="$(mkdir -p "${2:?usage: scale-out.sh start|stop DIR [--demo]}" && cd "$2" && pwd)"
demo="${3:-}"
root="$(cd "$(dirname "$0")/.." && pwd)"
PGBIN=/usr/lib/postgresql/15/bin
as_postgres=()
[ "$(id -u)" -eq 0 ] && as_postgres=(runuser -u postgres --)

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

wait_http() {  # URL: until it answers (any status), at most 60 s
  python3 - "$1" <<'PY'
import sys, time, urllib.error, urllib.request
deadline = time.monotonic() + 60
while True:
    try:
        urllib.request.urlopen(sys.argv[1], timeout=5)
        break
    except urllib.error.HTTPError:
        break
    except OSError:
        if time.monotonic() > deadline:
            sys.exit(f"{sys.argv[1]} did not answer")
        time.sleep(0.2)
PY
}

stop_pid() {  # PIDFILE: TERM, then KILL after 15 s
  [ -f "$1" ] || return 0
  local pid
  pid="$(cat "$1")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$1"
}

stop_all() {
  for name in worker1 worker2 app1 app2; do stop_pid "$dir/$name.pid"; done
  [ -f "$dir/nginx.pid" ] && nginx -p "$dir" -c "$dir/nginx.conf" -s stop 2>/dev/null || true
  stop_pid "$dir/nginx.pid"
  stop_pid "$dir/redis.pid"
  if [ -f "$dir/pgroot" ]; then
    pgroot="$(cat "$dir/pgroot")"
    "${as_postgres[@]}" "$PGBIN/pg_ctl" -D "$pgroot/data" -m fast stop >/dev/null 2>&1 || true
    rm -rf "$pgroot" "$dir/pgroot"
  fi
}

if [ "$cmd" = stop ]; then stop_all; exit 0; fi
[ "$cmd" = start ] || { echo "unknown command: $cmd" >&2; exit 2; }

"$root/scripts/system-packages.sh" scale
[ -x "$root/.venv/bin/gunicorn" ] || (cd "$root" && UV_PYTHON_DOWNLOADS=never "$("$root/scripts/ensure-uv.sh")" sync --frozen)
trap 'echo "scale-out: start failed; stopping what was started (logs in $dir)" >&2; stop_all' ERR

nginx_port=$(free_port); app1_port=$(free_port); app2_port=$(free_port); redis_port=$(free_port)

# PostgreSQL: the given database, or a throwaway cluster (outside DIR, which postgres may not reach).
database_url="${DATABASE_URL:-}"
pg_port=""
if [ -z "$database_url" ]; then
  pg_port=$(free_port)
  pgroot="$(mktemp -d /tmp/sxsh-scale-pg.XXXXXX)"
  echo "$pgroot" > "$dir/pgroot"
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$pgroot"
  "${as_postgres[@]}" "$PGBIN/initdb" -D "$pgroot/data" -U sxsh -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
  "${as_postgres[@]}" "$PGBIN/pg_ctl" -D "$pgroot/data" -l "$pgroot/log" -w -o \
    "-p $pg_port -k $pgroot -c listen_addresses=127.0.0.1 -c max_connections=100 -c fsync=off" start \
    </dev/null >/dev/null 2>&1
  "${as_postgres[@]}" "$PGBIN/createdb" -h 127.0.0.1 -p "$pg_port" -U sxsh sxsh
  database_url="postgresql://sxsh@127.0.0.1:$pg_port/sxsh"
fi

# Every long-lived process gets its own stdin/stdout/stderr: none may hold the caller's pipes.
redis-server --bind 127.0.0.1 --port "$redis_port" --save "" --appendonly no --daemonize yes \
  --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" --dir "$dir" </dev/null >/dev/null 2>&1

mkdir -p "$dir/var"
secret="$(python3 -c 'import secrets; print(secrets.token_urlsafe(64))')"
cat > "$dir/env" <<ENV
DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-sxsh.settings.dev}
PYTHONPATH=$root/src:$root
SXSH_DEBUG=0
SXSH_SECRET_KEY=$secret
DATABASE_URL=$database_url
SXSH_DB_CONN_MAX_AGE=60
SXSH_REDIS_URL=redis://127.0.0.1:$redis_port/0
SXSH_TASK_BACKEND=rq
SXSH_VAR_DIR=$dir/var
SXSH_ALLOWED_HOSTS=127.0.0.1,localhost
SXSH_DEMO=$([ "$demo" = --demo ] && echo 1 || echo 0)
ENV
set -a
# shellcheck disable=SC1091
. "$dir/env"
set +a
cd "$root"
manage() { "$root/.venv/bin/python" manage.py "$@"; }
manage migrate --noinput -v 0
manage createcachetable
manage collectstatic --noinput -v 0
[ "$demo" = --demo ] && manage load_demo >/dev/null

for n in 1 2; do
  port_var="app${n}_port"
  "$root/.venv/bin/gunicorn" sxsh.wsgi:application --bind "127.0.0.1:${!port_var}" \
    --workers 2 --worker-class gthread --threads 2 --timeout 120 --forwarded-allow-ips 127.0.0.1 \
    --daemon --pid "$dir/app$n.pid" --error-logfile "$dir/app$n.log" --access-logfile "$dir/app$n-access.log" \
    </dev/null >>"$dir/app$n.log" 2>&1
  nohup "$root/.venv/bin/python" manage.py run_worker --worker-id "scale-$n-$$" </dev/null >"$dir/worker$n.log" 2>&1 &
  echo $! > "$dir/worker$n.pid"
done

mkdir -p "$dir/nginx-temp"
cat > "$dir/nginx.conf" <<NGINX
$([ "$(id -u)" -eq 0 ] && echo "user root;")
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/nginx-error.log warn;
events { worker_connections 512; }
http {
    include /etc/nginx/mime.types;
    access_log $dir/nginx-access.log;
    client_body_temp_path $dir/nginx-temp/body;
    proxy_temp_path $dir/nginx-temp/proxy;
    fastcgi_temp_path $dir/nginx-temp/fastcgi;
    uwsgi_temp_path $dir/nginx-temp/uwsgi;
    scgi_temp_path $dir/nginx-temp/scgi;
    client_max_body_size 21m;  # SXSH_UPLOAD_MAX_BYTES (20 MB) + 1 MB (core.middleware.BodySizeLimitMiddleware)
    upstream sxsh {
        server 127.0.0.1:$app1_port fail_timeout=0;
        server 127.0.0.1:$app2_port fail_timeout=0;
        keepalive 16;
    }
    server {
        listen 127.0.0.1:$nginx_port;
        location /static/ { alias $dir/var/static/; expires 1h; access_log off; }
        location / {
            proxy_pass http://sxsh;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host \$http_host;
            proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto \$scheme;
            proxy_set_header X-Request-ID \$request_id;
            proxy_read_timeout 120s;
        }
    }
}
NGINX
nginx -p "$dir" -c "$dir/nginx.conf" </dev/null >/dev/null 2>>"$dir/nginx-error.log"

for port in "$app1_port" "$app2_port" "$nginx_port"; do wait_http "http://127.0.0.1:$port/"; done
cat > "$dir/ports.json" <<JSON
{"nginx": $nginx_port, "app1": $app1_port, "app2": $app2_port, "redis": $redis_port, "postgres": "${pg_port:-}"}
JSON
trap - ERR
echo "scale-out: nginx http://127.0.0.1:$nginx_port → app servers :$app1_port and :$app2_port; Redis :$redis_port; 2 workers; logs in $dir"
