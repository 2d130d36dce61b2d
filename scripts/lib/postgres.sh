# Shared by scripts/run and scripts/test: a private PostgreSQL cluster from Debian's packages.
# Source it; it defines functions only.

# Installs Debian's postgresql package when no server binaries are present.
pg_ensure_installed() {
  if ! ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1; then
    echo "PostgreSQL server binaries not found; installing Debian's postgresql package..." >&2
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >/dev/null
  fi
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  export PG_BIN
}

# Runs a PostgreSQL tool as the cluster's owner: "postgres" when we are root (initdb refuses root).
pg_as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# pg_start DATADIR PORT LOGFILE [EXTRA_SERVER_OPTIONS]: creates the cluster when missing and starts
# it on 127.0.0.1:PORT. Returns non-zero when the server does not come up.
pg_start() {
  local datadir=$1 port=$2 logfile=$3 extra=${4:-}
  mkdir -p "$datadir"
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres:postgres "$datadir"
    touch "$logfile" && chown postgres:postgres "$logfile"
  fi
  chmod 700 "$datadir"
  if [ ! -f "$datadir/PG_VERSION" ]; then
    pg_as_owner "$PG_BIN/initdb" -D "$datadir" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  fi
  if pg_as_owner "$PG_BIN/pg_ctl" -D "$datadir" status >/dev/null 2>&1; then
    return 0
  fi
  pg_as_owner "$PG_BIN/pg_ctl" -D "$datadir" -l "$logfile" -w -t 60 start \
    -o "-p $port -c listen_addresses=127.0.0.1 -k $datadir -c max_connections=300 $extra" >/dev/null
}

pg_stop() {
  local datadir=$1
  pg_as_owner "$PG_BIN/pg_ctl" -D "$datadir" -m fast -w stop >/dev/null 2>&1 || true
}

# A free TCP port on 127.0.0.1.
pg_free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

pg_connection_string() {
  local port=$1 database=$2
  echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=$database"
}
