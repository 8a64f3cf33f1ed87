#!/usr/bin/env bash
# The whole test suite: type check, unit + emulator + gcloud conformance tests, then the end-to-end tests
# under the real Pulumi CLI. `npm test` runs scripts/ensure-deps.sh (npm ci when needed) and then this script; CI
# runs `npm test`.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p .state

echo "==> build, type check and formatting"
npm run --silent build
npx tsc -p tsconfig.json --noEmit
npx prettier --check "**/*.{ts,js,json}" --log-level warn

echo "==> lint (typescript-eslint, typed: eslint.config.mjs)"
npx eslint . --max-warnings 0

echo "==> Pulumi CLI for the end-to-end tests"
if cli_dir=$(bash scripts/ensure-pulumi-cli.sh); then
    export PATH="$cli_dir:$PATH"
    echo "using $(command -v pulumi) ($(pulumi version))"
else
    if [ -n "${CI:-}" ]; then
        echo "FATAL: the Pulumi CLI could not be found or built, and CI must run the end-to-end tests" >&2
        exit 1
    fi
    echo "################################################################################" >&2
    echo "# WARNING: no Pulumi CLI: the end-to-end tests will be SKIPPED (see above)      #" >&2
    echo "################################################################################" >&2
    export AIPLATFORM_E2E_SKIP=1
fi

echo "==> fake-gcs-server (the Cloud Storage emulator; built from its Go module the first time, about 80 s)"
gcs_dir=$(bash scripts/ensure-fake-gcs-server.sh | tail -n 1)
export PATH="$gcs_dir:$PATH"

status=0
echo "==> unit, provider, emulator and gcloud conformance tests"
npx jest --selectProjects unit --ci --json --outputFile=.state/jest-unit.json || status=$?
echo "==> end-to-end tests (pulumi up / preview / refresh / destroy against the emulator)"
npx jest --selectProjects e2e --ci --runInBand --json --outputFile=.state/jest-e2e.json || status=$?

# One plain closing line for the whole run.
node -e '
const fs = require("fs");
let passed = 0, failed = 0, skipped = 0;
for (const f of [".state/jest-unit.json", ".state/jest-e2e.json"]) {
    if (!fs.existsSync(f)) { failed++; continue; }
    const r = JSON.parse(fs.readFileSync(f, "utf8"));
    passed += r.numPassedTests; failed += r.numFailedTests + r.numRuntimeErrorTestSuites; skipped += r.numPendingTests + r.numTodoTests;
}
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
'
exit $status
