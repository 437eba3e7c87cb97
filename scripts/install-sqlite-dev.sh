#!/usr/bin/env bash
# SQLite's C header, for the one compiled part (akhbar/search/_fts5rank.c, built by
# `pip install` through setup.py). Without it the build skips that part and search ranks
# with FTS5's own bm25: slower on a large archive, the same results.
set -euo pipefail
if [ -f /usr/include/sqlite3.h ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "install-sqlite-dev: sqlite3.h is missing; install Debian's libsqlite3-dev for the faster ranking" >&2
  exit 0
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libsqlite3-dev >/dev/null
