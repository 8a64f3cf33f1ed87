#!/usr/bin/env bash
# Installs the npm dependencies with `npm ci` only when needed: no node_modules yet, or package-lock.json changed
# since the last install (npm rewrites node_modules/.package-lock.json on every install), or CI (always a clean
# install there). So a fresh clone still needs only `npm test`, and a second `npm test` does not reinstall.
set -euo pipefail
cd "$(dirname "$0")/.."
installed=node_modules/.package-lock.json
if [ -n "${CI:-}" ]; then
    reason="CI"
elif [ ! -f "$installed" ]; then
    reason="no node_modules yet"
elif [ package-lock.json -nt "$installed" ]; then
    reason="package-lock.json is newer than the installed node_modules"
else
    echo "==> npm dependencies up to date (package-lock.json unchanged since the last install); no npm ci"
    exit 0
fi
echo "==> npm ci ($reason)"
npm ci --no-audit --no-fund
