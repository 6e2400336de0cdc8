#!/usr/bin/env bash
# Back up the portal's PostgreSQL database with pg_dump, in its custom format (compressed; read
# back by scripts/restore.sh or pg_restore), to a file named with the time in UTC.
#
#   DATABASE_URL=postgres://user:password@host:5432/mutuals scripts/backup.sh [FOLDER]
#
# FOLDER defaults to var/backups. Prints the path of the dump. A dump is written under a
# temporary name, checked (pg_restore --list reads it back) and only then given its final name,
# so a file named *.dump is always a complete one. Uploaded files (MEDIA_ROOT or the object
# store) are not in the database: back them up as well (see the README).
set -euo pipefail

fail() { echo "backup: $*" >&2; exit 1; }

: "${DATABASE_URL:?Set DATABASE_URL to the PostgreSQL database to back up}"
case "$DATABASE_URL" in
  postgres://* | postgresql://*) ;;
  *) fail "DATABASE_URL is not a PostgreSQL URL (postgres://...): nothing to back up with pg_dump" ;;
esac
command -v pg_dump >/dev/null || fail "pg_dump is missing: install postgresql-client (the server's major version)"

folder="${1:-var/backups}"
mkdir -p "$folder"
umask 077  # the dump holds personal data: readable by this user only

# pg_dump cannot dump a server newer than itself.
client_major=$(pg_dump --version | grep -oE '[0-9]+' | head -1)
server_num=$(psql "$DATABASE_URL" -XAtqc "SHOW server_version_num")
server_major=$((server_num / 10000))
if ((client_major < server_major)); then
  fail "pg_dump ${client_major} cannot dump a PostgreSQL ${server_major} server: install postgresql-client-${server_major}"
fi

database=$(psql "$DATABASE_URL" -XAtqc "SELECT current_database()")
file="${folder%/}/${database}-$(date -u +%Y%m%dT%H%M%SZ).dump"
partial="${file}.partial"
trap 'rm -f "$partial"' EXIT

pg_dump --format=custom --file="$partial" "$DATABASE_URL"
pg_restore --list "$partial" >/dev/null
mv "$partial" "$file"
echo "$file"
