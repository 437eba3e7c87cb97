#!/usr/bin/env bash
# Restore a dump made by deploy/backup.sh into the database of $DATABASE_URL (docs/DEPLOY.md,
# "Backups"). Stop the workers and beat first; the web processes may stay up.
set -euo pipefail
: "${DATABASE_URL:?DATABASE_URL is not set}"
dump="${1:?usage: deploy/restore.sh BACKUP.dump}"
pg_restore --clean --if-exists --no-owner --no-privileges --single-transaction \
    --dbname="$DATABASE_URL" "$dump"
echo "restored $dump"
