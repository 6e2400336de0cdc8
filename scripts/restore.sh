#!/usr/bin/env bash
# Restore a dump made by scripts/backup.sh into a NEW database on the server DATABASE_URL points at.
#
#   DATABASE_URL=postgres://user:password@host:5432/mutuals scripts/restore.sh DUMP NEW_DATABASE
#
# NEW_DATABASE is created if it does not exist. A database that already holds tables (or any
# other object) is refused, so a restore can never overwrite live data: restore side by side,
# check it, then point the portal at it (DATABASE_URL=.../NEW_DATABASE). The restore runs in a
# single transaction: if it fails, NEW_DATABASE is left empty. Needs the right to create databases.
set -euo pipefail

fail() { echo "restore: $*" >&2; exit 1; }

[[ $# -eq 2 ]] || fail "usage: DATABASE_URL=postgres://... $0 DUMP NEW_DATABASE"
dump=$1
target=$2
: "${DATABASE_URL:?Set DATABASE_URL to any database on the PostgreSQL server to restore to}"
case "$DATABASE_URL" in
  postgres://* | postgresql://*) ;;
  *) fail "DATABASE_URL is not a PostgreSQL URL (postgres://...)" ;;
esac
[[ -f $dump ]] || fail "no such dump: $dump"
[[ $target =~ ^[A-Za-z_][A-Za-z0-9_]{0,62}$ ]] || fail "give the new database a plain name (letters, digits, _)"

# The same server and options as DATABASE_URL, another database name.
base=${DATABASE_URL%%\?*}
options=""
[[ $DATABASE_URL == *\?* ]] && options="?${DATABASE_URL#*\?}"
server=${base%/*}
target_url="${server}/${target}${options}"
maintenance_url="${server}/${MAINTENANCE_DATABASE:-postgres}${options}"

exists=$(psql "$maintenance_url" -XAtqc "SELECT 1 FROM pg_database WHERE datname = '${target}'")
if [[ -z $exists ]]; then
  psql "$maintenance_url" -Xqc "CREATE DATABASE \"${target}\""
else
  objects=$(psql "$target_url" -XAtqc "
    SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\_%'")
  ((objects == 0)) || fail "database ${target} is not empty (${objects} objects): choose a new name"
fi

pg_restore --dbname="$target_url" --no-owner --no-privileges --exit-on-error --single-transaction "$dump"
echo "Restored ${dump} into ${target}"
