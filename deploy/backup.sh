#!/usr/bin/env bash
# A consistent backup of the whole archive (docs/DEPLOY.md, "Backups"): pg_dump's custom
# format, compressed, restorable table by table with pg_restore. Redis holds nothing that
# needs a backup (cache, queue notifications and locks; the database is the record).
# Keeps the newest $BACKUP_KEEP dumps (default 14).
set -euo pipefail
: "${DATABASE_URL:?DATABASE_URL is not set}"
: "${BACKUP_DIR:?BACKUP_DIR is not set}"
mkdir -p "$BACKUP_DIR"
target="$BACKUP_DIR/akhbar-$(date -u +%Y%m%dT%H%M%SZ).dump"
pg_dump --format=custom --compress=6 --no-owner --no-privileges --file="$target.partial" "$DATABASE_URL"
mv "$target.partial" "$target"  # a dump is complete or absent, never half there
ls -1t "$BACKUP_DIR"/akhbar-*.dump | tail -n +"$((${BACKUP_KEEP:-14} + 1))" | xargs -r rm --
echo "$target"
