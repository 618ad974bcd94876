# Sourced by scripts/test.sh (and usable by hand: `source scripts/postgres-cluster.sh; start_test_postgres`):
# a throwaway PostgreSQL cluster for the shared-store and worker tests. It lives in a temporary directory, runs
# as an unprivileged user (nobody when run as root, as CI is), listens on a free local port only, and is removed
# by stop_test_postgres. Exports DICH_TEST_POSTGRES, a superuser URL the tests make their own databases with.

pg_bin_dir() {
  local dir found=""
  for dir in /usr/lib/postgresql/*/bin; do
    [ -x "$dir/initdb" ] && found="$dir"
  done
  if [ -z "$found" ] && command -v initdb >/dev/null 2>&1; then
    found="$(dirname "$(command -v initdb)")"
  fi
  echo "$found"
}

install_test_postgres() {
  if [ -n "$(pg_bin_dir)" ] && [ -n "$(find /usr/share/postgresql -name 'pg_trgm.control' 2>/dev/null | head -1)" ]; then
    return 0
  fi
  echo "scripts/test.sh: installing postgresql and postgresql-contrib (pg_trgm) for the shared-store tests" >&2
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends postgresql postgresql-contrib >/dev/null
}

start_test_postgres() {
  local bin port
  bin="$(pg_bin_dir)"
  DICH_PG_DIR="$(mktemp -d "${TMPDIR:-/tmp}/dich-pg.XXXXXX")"
  DICH_PG_AS=()
  if [ "$(id -u)" -eq 0 ]; then
    # PostgreSQL refuses to run as root.
    chown 65534:65534 "$DICH_PG_DIR"
    DICH_PG_AS=(setpriv --reuid=65534 --regid=65534 --clear-groups --)
  fi
  port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  "${DICH_PG_AS[@]}" "$bin/initdb" -D "$DICH_PG_DIR/data" -U dich --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
    >"$DICH_PG_DIR/initdb.log" 2>&1 || { cat "$DICH_PG_DIR/initdb.log" >&2; return 1; }
  # Durability is not what these tests test: no fsync keeps them fast.
  "${DICH_PG_AS[@]}" "$bin/pg_ctl" -D "$DICH_PG_DIR/data" -l "$DICH_PG_DIR/server.log" -w -s \
    -o "-p $port -k $DICH_PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c max_connections=300" \
    start || { cat "$DICH_PG_DIR/server.log" >&2; return 1; }
  DICH_PG_BIN="$bin"
  export DICH_TEST_POSTGRES="postgres://dich@127.0.0.1:$port/postgres"
  echo "scripts/test.sh: PostgreSQL for the tests at $DICH_TEST_POSTGRES (data in $DICH_PG_DIR)" >&2
}

stop_test_postgres() {
  if [ -n "${DICH_PG_DIR:-}" ] && [ -d "$DICH_PG_DIR/data" ]; then
    "${DICH_PG_AS[@]}" "$DICH_PG_BIN/pg_ctl" -D "$DICH_PG_DIR/data" -m immediate -w -s stop >/dev/null 2>&1 || true
    rm -rf "$DICH_PG_DIR"
  fi
}
