#!/usr/bin/env bash
# Debian's nginx, for the test that checks the shipped deploy/nginx.conf (`nginx -t`) and for
# bench/bench_pages.py. Installed without starting its service: the tests run their own.
set -euo pipefail
if command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "install-nginx: run as root, or install Debian's nginx package by hand" >&2
  exit 1
fi
# a policy-rc.d that refuses service starts, for the length of the install only
policy=/usr/sbin/policy-rc.d
restore=""
if [ -e "$policy" ]; then
  restore=$(mktemp)
  cp -p "$policy" "$restore"
fi
trap 'if [ -n "$restore" ]; then mv "$restore" "$policy"; else rm -f "$policy"; fi' EXIT
printf '#!/bin/sh\nexit 101\n' > "$policy"
chmod +x "$policy"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null
