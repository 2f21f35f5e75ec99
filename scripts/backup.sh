#!/usr/bin/env bash
# Backs up the product's PostgreSQL database and its media files (proof materials,
# certificate PDFs and photos) into one new timestamped directory.
#
# Usage: scripts/backup.sh [DESTINATION]
#   DESTINATION   where the backup directory is made (default: $BACKUP_DIR, else var/backups)
#   DATABASE_URL  the database to back up, postgres://user:password@host:port/name; without
#                 it the libpq variables (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE)
#   MEDIA_ROOT    the media directory (default: var/media, as in config/settings.py)
#   PG_BIN        a directory holding pg_dump and psql, if those on PATH are not the ones
#
# It writes DESTINATION/zhicheng-<UTC time>/ with:
#   database.dump  pg_dump --format=custom (restore it with scripts/restore.sh)
#   media.tar.gz   the whole MEDIA_ROOT
#   MANIFEST       creation time, database, pg_dump version, the latest applied migration of
#                  each app, and the SHA-256 of both archives
# and prints the directory's path last. The keys (SECRET_KEY, FIELD_ENCRYPTION_KEYS,
# FIELD_LOOKUP_HMAC_KEY, CERTIFICATE_SIGNING_KEY) are never in it: keep them apart
# (docs/backup.md).
set -euo pipefail
umask 077  # the archives hold personal data

repository="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
destination="${1:-${BACKUP_DIR:-$repository/var/backups}}"
media_root="${MEDIA_ROOT:-$repository/var/media}"

# shellcheck source=scripts/pg_tool.sh
source "$(dirname "${BASH_SOURCE[0]}")/pg_tool.sh"
pg_dump="$(pg_tool pg_dump)"
psql="$(pg_tool psql)"

connection=()
if [ -n "${DATABASE_URL:-}" ]; then
  case "$DATABASE_URL" in
    postgres://* | postgresql://*) connection=(--dbname="$DATABASE_URL") ;;
    *) echo "backup: DATABASE_URL is not a PostgreSQL URL" >&2; exit 2 ;;
  esac
fi
if [ ! -d "$media_root" ]; then
  echo "backup: MEDIA_ROOT $media_root is not a directory" >&2
  exit 2
fi

stamp="$(date -u +%Y%m%dT%H%M%SZ)"
target="$destination/zhicheng-$stamp"
mkdir -p "$destination"
mkdir "$target"  # fails rather than mixing two backups made in the same second
trap 'echo "backup: failed, removing the incomplete $target" >&2; rm -rf "$target"' ERR

# The database first, then the files: every file a dumped row names already exists when the
# tar runs (files are only added, a replaced material keeps its old file).
"$pg_dump" "${connection[@]}" --format=custom --no-owner --file="$target/database.dump"
tar --create --gzip --file="$target/media.tar.gz" --directory="$media_root" .

migrations="$("$psql" "${connection[@]}" --no-psqlrc --quiet --tuples-only --no-align \
  --field-separator=' ' --set=ON_ERROR_STOP=1 --command \
  "SELECT DISTINCT ON (app) app, name FROM django_migrations ORDER BY app, id DESC")"
database="$("$psql" "${connection[@]}" --no-psqlrc --tuples-only --no-align \
  --command "SELECT current_database()")"

{
  echo "format: zhicheng-backup 1"
  echo "created_at: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "database: $database"
  echo "pg_dump: $("$pg_dump" --version)"
  while read -r app name; do
    [ -n "$app" ] && echo "migration: $app $name"
  done <<<"$migrations"
  (cd "$target" && sha256sum database.dump media.tar.gz) | sed 's/^/sha256: /'
} >"$target/MANIFEST"

trap - ERR
echo "$target"
