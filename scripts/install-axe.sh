#!/usr/bin/env bash
# axe-core (the accessibility engine the browser tests inject into each page), from the
# npm registry into the project-local node_modules/ (idempotent; git ignores it).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -f node_modules/axe-core/axe.min.js ]; then
  exit 0
fi
if ! command -v npm >/dev/null; then
  echo "install-axe: npm is missing (Debian: apt-get install npm)" >&2
  exit 1
fi
npm install --no-save --no-package-lock --no-audit --no-fund --prefix . axe-core@4 >/dev/null
test -f node_modules/axe-core/axe.min.js
