#!/usr/bin/env bash
# Restores a backup made by scripts/backup.sh: the database into DATABASE_URL, the media files
# into MEDIA_ROOT, then checks that the schema matches this code and that the audit chain is
# intact.
#
# Usage: scripts/restore.sh [--replace] [--no-checks] BACKUP_DIRECTORY
#   BACKUP_DIRECTORY  a directory made by backup.sh (MANIFEST, database.dump, media.tar.gz)
#   --replace         allow a target database that has tables (they are dropped and replaced,
#                     in one transaction) and a media directory that has files (the backup's
#                     files are written over it); without it both must be empty or absent
#   --no-checks       restore only, for a host without the product's code (e.g. a one-off
#                     postgres:15 container); then run the checks of step 5 from the product
#   DATABASE_URL      the target, postgres://user:password@host:port/name; the database is
#                     created when it does not exist (the user needs CREATEDB for that)
#   MEDIA_ROOT        the target media directory (default: var/media)
#   PYTHON            the interpreter for manage.py (default: .venv/bin/python, else python3)
#   PG_BIN            a directory holding pg_restore and psql, if those on PATH are not the ones
#
# The product's keys must be in the environment as they were when the backup was made
# (SECRET_KEY, FIELD_ENCRYPTION_KEYS, FIELD_LOOKUP_HMAC_KEY, CERTIFICATE_SIGNING_KEY): the
# personal data cannot be read without them. Afterwards run `manage.py verify_restore` for the
# full check of signatures and files (docs/backup.md).
set -euo pipefail

repository="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
replace=false
checks=true
while [ $# -gt 0 ]; do
  case "$1" in
    --replace) replace=true ;;
    --no-checks) checks=false ;;
    *) break ;;
  esac
  shift
done
if [ $# -ne 1 ]; then
  sed -n '/^# Usage:/,/^#$/s/^# \{0,1\}//p' "${BASH_SOURCE[0]}" >&2
  exit 2
fi
backup="$1"
media_root="${MEDIA_ROOT:-$repository/var/media}"
python="${PYTHON:-}"
if [ -z "$python" ]; then
  python="$repository/.venv/bin/python"
  [ -x "$python" ] || python="python3"
fi

fail() {
  echo "restore: $*" >&2
  exit 1
}

# shellcheck source=scripts/pg_tool.sh
source "$(dirname "${BASH_SOURCE[0]}")/pg_tool.sh"
pg_restore="$(pg_tool pg_restore)"
psql="$(pg_tool psql)"

# 1. The backup is whole: both archives are listed and match their checksums.
[ -f "$backup/MANIFEST" ] || fail "$backup has no MANIFEST"
grep -qx "format: zhicheng-backup 1" "$backup/MANIFEST" || fail "$backup/MANIFEST: unknown format"
for archive in database.dump media.tar.gz; do
  grep -Eq "^sha256: [0-9a-f]{64}  $archive\$" "$backup/MANIFEST" ||
    fail "MANIFEST lists no checksum of $archive"
done
(cd "$backup" && sed -n 's/^sha256: //p' MANIFEST | sha256sum --check --strict --quiet) ||
  fail "$backup: an archive does not match its checksum in MANIFEST; do not use this backup"
echo "Checksums match: $(sed -n 's/^created_at: //p' "$backup/MANIFEST"), $backup"

# 2. The target database: its name from DATABASE_URL; the server's "postgres" database to
# create it.
case "${DATABASE_URL:-}" in
  postgres://* | postgresql://*) ;;
  *) fail "set DATABASE_URL to the target database (postgres://user@host:port/name)" ;;
esac
without_query="${DATABASE_URL%%\?*}"
query="${DATABASE_URL#"$without_query"}"
encoded_name="${without_query##*/}"
name="$(printf '%b' "${encoded_name//%/\\x}")"
[ -n "$name" ] || fail "DATABASE_URL names no database"
maintenance="${without_query%/*}/postgres$query"

sql() {
  # Statements on stdin, so that psql quotes :'name' and :"name" itself.
  "$psql" --no-psqlrc --quiet --tuples-only --no-align --set=ON_ERROR_STOP=1 \
    --set=name="$name" "$@"
}

exists="$(echo "SELECT 1 FROM pg_database WHERE datname = :'name'" | sql --dbname="$maintenance")"
tables=0
if [ "$exists" = "1" ]; then
  tables="$(echo "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'" |
    sql --dbname="$DATABASE_URL")"
fi
media_files=0
if [ -d "$media_root" ]; then
  media_files="$(find "$media_root" -mindepth 1 -print -quit | wc -l)"
fi
if [ "$replace" = false ] && [ "$tables" != "0" ]; then
  fail "database $name has $tables tables; restore into an empty one, or pass --replace"
fi
if [ "$replace" = false ] && [ "$media_files" != "0" ]; then
  fail "$media_root is not empty; restore into an empty directory, or pass --replace"
fi

# 3. The database, in one transaction: a failed restore leaves the target as it was.
if [ "$exists" != "1" ]; then
  echo "CREATE DATABASE :\"name\"" | sql --dbname="$maintenance"
  echo "Created database $name."
fi
clean=()
[ "$tables" != "0" ] && clean=(--clean --if-exists)
"$pg_restore" --dbname="$DATABASE_URL" --no-owner --no-privileges --exit-on-error \
  --single-transaction "${clean[@]}" "$backup/database.dump"
echo "Database restored into $name."

# 4. The media files.
mkdir -p "$media_root"
tar --extract --gzip --file="$backup/media.tar.gz" --directory="$media_root" \
  --no-same-owner --no-overwrite-dir
echo "Media files restored into $media_root."

# 5. This code's schema is the backup's, and the audit chain is intact.
if [ "$checks" = false ]; then
  echo "Not checked: run manage.py migrate --check, then manage.py verify_restore."
  exit 0
fi
export DATABASE_URL MEDIA_ROOT="$media_root"
cd "$repository"
if ! "$python" manage.py migrate --check >/dev/null; then
  "$python" manage.py showmigrations --plan | grep -F '[ ]' >&2 || true
  fail "the database lacks migrations of this code (above): if the code is meant to be newer" \
    "than the backup, run manage.py migrate, then manage.py verify_restore"
fi
echo "Migrations: the database matches this code."
"$python" manage.py verify_audit_chain
