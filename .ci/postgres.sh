# Start a private PostgreSQL cluster on 127.0.0.1 for tests (installs Debian's postgresql when missing).
PG_PORT=${PG_PORT:-55432}
PG_DIR=${PG_DIR:-/tmp/intel-ci-pg}

start_postgres() {
  local bindir
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -z "$bindir" ]; then
    echo "Installing PostgreSQL (Debian package postgresql)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  fi
  id postgres >/dev/null 2>&1 || useradd --system --home "$PG_DIR" postgres
  rm -rf "$PG_DIR"; mkdir -p "$PG_DIR"; chown postgres "$PG_DIR"
  local run="runuser -u postgres --"
  [ "$(id -u)" = 0 ] || run=""
  $run "$bindir/initdb" -D "$PG_DIR/data" -U postgres -A trust >/dev/null
  $run "$bindir/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w \
    -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -k $PG_DIR -c fsync=off" start >/dev/null
  $run "$bindir/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres intel_test
  INTEL_TEST_PG_URL="postgresql+psycopg://postgres@127.0.0.1:$PG_PORT/intel_test"
  PG_BINDIR=$bindir
  echo "PostgreSQL started: $INTEL_TEST_PG_URL"
}

stop_postgres() {
  local run="runuser -u postgres --"
  [ "$(id -u)" = 0 ] || run=""
  [ -n "${PG_BINDIR:-}" ] && $run "$PG_BINDIR/pg_ctl" -D "$PG_DIR/data" -m fast stop >/dev/null 2>&1 || true
}
