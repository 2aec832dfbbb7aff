# Shared by scripts/test and scripts/bench: makes sure the PostgreSQL named by KETAMINE_TEST_PG_URL answers,
# starting a local installed-but-stopped cluster, or failing at once with what to install.
# Expects a function fail() and sets pg_host / pg_port.
export KETAMINE_TEST_PG_URL="${KETAMINE_TEST_PG_URL:-jdbc:postgresql://127.0.0.1:5432/postgres}"
hostport="${KETAMINE_TEST_PG_URL#jdbc:postgresql://}"
hostport="${hostport%%/*}"
pg_host="${hostport%%:*}"
pg_port="5432"
[[ "$hostport" == *:* ]] && pg_port="${hostport##*:}"

reachable() { (exec 3<>"/dev/tcp/$pg_host/$pg_port") 2>/dev/null; }

start_local_postgres() {
  case "$pg_host" in localhost|127.0.0.1|::1) ;; *) return 1 ;; esac
  if command -v pg_lsclusters >/dev/null && command -v pg_ctlcluster >/dev/null; then
    # Debian/Ubuntu layout: start the cluster that listens on the wanted port.
    local cluster
    cluster=$(pg_lsclusters --no-header 2>/dev/null | awk -v p="$pg_port" '$3 == p {print $1 " " $2; exit}')
    [ -n "$cluster" ] || return 1
    echo "$0: PostgreSQL cluster $cluster on port $pg_port is stopped; starting it"
    # shellcheck disable=SC2086
    pg_ctlcluster --skip-systemctl-redirect $cluster start
    return 0
  fi
  if command -v pg_ctl >/dev/null && [ -n "${PGDATA:-}" ]; then
    echo "$0: starting PostgreSQL in $PGDATA"
    pg_ctl -D "$PGDATA" -l "$PGDATA/server.log" start
    return 0
  fi
  return 1
}

if ! reachable; then
  if ! command -v postgres >/dev/null && ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    fail "no PostgreSQL answers on $pg_host:$pg_port and none is installed. Install PostgreSQL 15 or newer
  (Debian/Ubuntu: apt-get install postgresql), or set KETAMINE_TEST_PG_URL to a running server."
  fi
  start_local_postgres || fail "PostgreSQL is installed but not running on $pg_host:$pg_port, and this script could
  not start it. Start it (e.g. pg_ctlcluster 15 main start) or set KETAMINE_TEST_PG_URL to a running server."
  for _ in $(seq 1 30); do reachable && break; sleep 1; done
  reachable || fail "PostgreSQL did not start listening on $pg_host:$pg_port within 30 s."
fi
echo "$0: PostgreSQL answers on $pg_host:$pg_port"
