#!/usr/bin/env bash
# The one-command demo (`npm run demo`): emulator up, `pulumi up` of the repository's root project (Pulumi.yaml, whose
# program is examples/basic: a model with two versions),
# stack outputs, a minNodes change shown by `pulumi preview --diff` (an update, not a replace) and applied,
# then destroy and emulator down. Nothing leaves this machine.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
step() { printf '\n\033[1;34m==> %s\033[0m\n' "$*"; }

step "Preparing the Pulumi CLI (built from source on first run, then cached)"
source scripts/pulumi-env.sh demo
echo "pulumi $(pulumi version) at $(command -v pulumi)"

step "Starting the ml.googleapis.com v1 emulator on 127.0.0.1 (versions take ~3 s to create, as a real API takes minutes)"
log="$PULUMI_STATE_DIR/emulator.log"
node dist/emulator/main.js --port 0 --create-ms 3000 --update-ms 1500 --delete-ms 1500 >"$log" 2>&1 &
emulator_pid=$!
cleanup() { kill "$emulator_pid" 2>/dev/null || true; }
trap cleanup EXIT
for _ in $(seq 1 100); do
    url=$(grep -o 'http://127.0.0.1:[0-9]*' "$log" | head -n 1 || true)
    [ -n "$url" ] && break
    sleep 0.1
done
[ -n "${url:-}" ] || { cat "$log"; echo "the emulator did not start" >&2; exit 1; }
echo "emulator at $url"

stack=demo
pulumi stack rm "$stack" --yes --force --non-interactive >/dev/null 2>&1 || true
pulumi stack init "$stack" --non-interactive >/dev/null
pulumi config set aiplatform:project demo-project
pulumi config set aiplatform:endpointOverride "$url"
pulumi config set minNodes 1

step "pulumi up: a model and two versions (blue is the default, with request logging and autoscaling)"
pulumi up --yes --non-interactive --suppress-progress

step "Stack outputs"
pulumi stack output

step "Changing autoScaling.minNodes of blue from 1 to 2: what a reviewer sees in 'pulumi preview --diff'"
pulumi config set minNodes 2
pulumi preview --diff --non-interactive --suppress-progress

step "Applying it: one PATCH ...?updateMask=autoScaling.minNodes, no replacement"
pulumi up --yes --non-interactive --suppress-progress
curl -s "$url/__emulator/requests" | node -e '
let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
    const log = JSON.parse(s).requests ?? JSON.parse(s);
    const patches = log.filter((r) => r.method === "PATCH");
    const last = patches[patches.length - 1];
    console.log(`last mutating call: ${last.method} ${last.path}?updateMask=${last.query.updateMask}`);
});'
pulumi stack output blueMinNodes

step "Destroying the stack (versions first, the default last, then the model)"
pulumi destroy --yes --non-interactive --suppress-progress
pulumi stack rm "$stack" --yes --non-interactive >/dev/null
rm -f "Pulumi.$stack.yaml"

step "Done: the emulator is stopped on exit"
