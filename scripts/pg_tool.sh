# Shared by backup.sh and restore.sh: which PostgreSQL client binary to run.
# The client must not be older than the server: PG_BIN, then PATH, else the server's own (Debian).
pg_tool() {
  if [ -n "${PG_BIN:-}" ]; then
    echo "$PG_BIN/$1"
  elif command -v "$1" >/dev/null 2>&1; then
    command -v "$1"
  elif [ -x "/usr/lib/postgresql/15/bin/$1" ]; then
    echo "/usr/lib/postgresql/15/bin/$1"
  else
    echo "$(basename "$0"): $1 not found; install postgresql-client-15 or set PG_BIN" >&2
    exit 2
  fi
}
