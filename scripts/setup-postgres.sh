#!/usr/bin/env bash
# A throwaway PostgreSQL server for the self-managed-backend end-to-end test (`pulumi login postgres://…`).
#
#   setup-postgres.sh start DIR   initdb into DIR/data, start it on a free 127.0.0.1 port, create the role
#                                 and database `pulumi` whose password is $PGPASSWORD; prints KEY=VALUE lines
#                                 (PGHOST, PGPORT, PGUSER, PGDATABASE, PSQL) on stdout
#   setup-postgres.sh stop DIR    stops that server (the caller removes DIR)
#
# PostgreSQL comes from Debian's packages: when initdb/pg_ctl are neither on PATH nor under
# /usr/lib/postgresql/*/bin, it runs `apt-get update && apt-get install -y postgresql` (as root; CI runs as
# root). When that is impossible it exits 3 with the reason on stderr, so that the test can skip saying why
# (outside CI).
# initdb refuses to run as root: as root the server runs as the `postgres` user the package creates.
# Tuned for a test, not for data: fsync and synchronous commits are off.
set -euo pipefail
log() { echo "[setup-postgres] $*" >&2; }
cannot() { log "$*"; exit 3; }

cmd="${1:-}"
dir="${2:-}"
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: $0 start|stop DIR" >&2; exit 2; }

find_bin() {
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(command -v pg_ctl)"
    return 0
  fi
  # Debian's packages put the server binaries under /usr/lib/postgresql/<major>/bin, not on PATH.
  local d
  d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  [ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && { echo "$d"; return 0; }
  return 1
}

# Runs a server binary as the user that owns the data directory.
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$cmd" in
  start)
    if ! bin="$(find_bin)"; then
      [ "$(id -u)" = 0 ] || cannot "PostgreSQL is not installed and installing it needs root (apt-get install postgresql)"
      command -v apt-get >/dev/null 2>&1 || cannot "PostgreSQL is not installed and there is no apt-get to install it"
      log "installing PostgreSQL from Debian's packages (apt-get install postgresql)..."
      # No cluster of the package's own: the test makes its own in DIR.
      mkdir -p /etc/postgresql-common/createcluster.d
      echo "create_main_cluster = false" > /etc/postgresql-common/createcluster.d/pulumi-dialpad-cinnox.conf
      { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends postgresql; } >&2 \
        || cannot "apt-get install postgresql failed (see above)"
      bin="$(find_bin)" || { log "apt-get installed postgresql but no initdb/pg_ctl was found"; exit 1; }
    fi
    [ -n "${PGPASSWORD:-}" ] || { log "set PGPASSWORD: the password of the role it creates"; exit 2; }
    if [ "$(id -u)" = 0 ]; then
      id postgres >/dev/null 2>&1 || cannot "running as root and there is no postgres user to run the server as"
    fi
    mkdir -p "$dir/data" "$dir/sock"
    [ "$(id -u)" = 0 ] && chown postgres "$dir" "$dir/data" "$dir/sock"
    chmod 700 "$dir/data"
    as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
      --encoding=UTF8 --no-locale --no-sync >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    # A free loopback port; retried when another process takes it before the server binds it.
    for attempt in 1 2 3 4 5; do
      port="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
      if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 -s \
           -o "-c listen_addresses=127.0.0.1 -p $port -k $dir/sock -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >&2; then
        break
      fi
      [ "$attempt" = 5 ] && { tail -n 20 "$dir/server.log" >&2; exit 1; }
      log "port $port was taken; trying another"
    done
    # The role's password goes through psql's standard input, never a command line.
    psql_bin="$bin/psql"; [ -x "$psql_bin" ] || psql_bin="$(command -v psql)"
    printf '%s\n' "CREATE ROLE pulumi LOGIN PASSWORD '${PGPASSWORD//\'/\'\'}';" "CREATE DATABASE pulumi OWNER pulumi;" |
      as_owner "$psql_bin" -X -q -v ON_ERROR_STOP=1 -h "$dir/sock" -p "$port" -U postgres -d postgres >&2
    log "PostgreSQL $("$bin/pg_ctl" --version | awk '{print $3}') on 127.0.0.1:$port, data in $dir/data"
    echo "PGHOST=127.0.0.1"
    echo "PGPORT=$port"
    echo "PGUSER=pulumi"
    echo "PGDATABASE=pulumi"
    echo "PSQL=$psql_bin"
    ;;
  stop)
    [ -f "$dir/data/postmaster.pid" ] || exit 0
    bin="$(find_bin)" || { log "no pg_ctl to stop the server in $dir"; exit 1; }
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w -s stop >&2
    ;;
  *)
    echo "usage: $0 start|stop DIR" >&2
    exit 2
    ;;
esac
