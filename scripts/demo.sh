#!/usr/bin/env bash
# The one-command demo (`npm run demo`): emulator up, `pulumi up` of the repository's root project (Pulumi.yaml, whose
# program is examples/basic: a model with two versions),
# stack outputs, a minNodes change shown by `pulumi preview --diff` (an update, not a replace) and applied,
# then destroy; then the deploy guide's artifact flow with examples/artifacts against fake-gcs-server (the Cloud Storage
# emulator) through the gcp plugin stand-in: upload -> model -> version -> new bytes -> new default -> destroy;
# then Vertex AI with examples/vertex-rollout on the same emulator: upload -> deploy blue -> 10 % canary to green
# (the diff shown) -> 100 % -> blue undeployed -> destroy, with predictions answered by each side. Emulators down on exit. Nothing leaves this machine.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
step() { printf '\n\033[1;34m==> %s\033[0m\n' "$*"; }

step "Preparing the Pulumi CLI (built from source on first run, then cached)"
source scripts/pulumi-env.sh demo
echo "pulumi $(pulumi version) at $(command -v pulumi)"

step "Starting the emulator on 127.0.0.1: ml.googleapis.com v1 and Vertex AI v1 on one URL (versions take ~3 s to create, as a real API takes minutes)"
log="$PULUMI_STATE_DIR/emulator.log"
node dist/emulator/main.js --port 0 --create-ms 3000 --update-ms 1500 --delete-ms 1500 >"$log" 2>&1 &
emulator_pid=$!
gcs_pid=""
cleanup() { kill "$emulator_pid" $gcs_pid 2>/dev/null || true; }
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

step "Artifacts: starting fake-gcs-server (Cloud Storage emulator; built from its Go module on first run, then cached)"
gcs_bin="$(bash scripts/ensure-fake-gcs-server.sh | tail -n 1)/fake-gcs-server"
gcs_port=$(node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')
gcs="http://127.0.0.1:$gcs_port"
"$gcs_bin" -backend memory -scheme http -host 127.0.0.1 -port "$gcs_port" -external-url "$gcs" \
    >"$PULUMI_STATE_DIR/fake-gcs.log" 2>&1 &
gcs_pid=$!
for _ in $(seq 1 100); do curl -sf "$gcs/storage/v1/b" >/dev/null && break; sleep 0.1; done
curl -sf -X POST "$gcs/storage/v1/b?project=demo-project" -d '{"name":"demo-models"}' >/dev/null
# From now on versions.create checks the model files in that Cloud Storage, as Google does.
curl -sf -X POST "$url/__emulator/storage" -d "{\"url\":\"$gcs\"}" >/dev/null
# The gcp plugin cannot be downloaded here: a test double of it (test/gcpPluginStandIn) plays it, for Cloud Storage only.
bash test/gcpPluginStandIn/install.sh "$PULUMI_HOME" >/dev/null
echo "fake-gcs-server at $gcs, bucket gs://demo-models; ml emulator checks model files there"

# Object names in the bucket, and the model's versions and default, as both emulators hold them.
show_state() {
    curl -s "$gcs/storage/v1/b/demo-models/o" | node -e '
let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
    const items = JSON.parse(s).items ?? [];
    console.log(`bucket: ${items.length} object(s)` + items.map((o) => `\n  gs://demo-models/${o.name} (${o.size} bytes)`).join(""));
});'
    curl -s "$url/__emulator/state" | node -e '
let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
    const ns = JSON.parse(s).namespaces.global ?? { models: [], versions: [] };
    for (const m of ns.models) console.log(`model ${m.name}: default ${m.defaultVersion?.name ?? "(none)"}`);
    for (const v of ns.versions) console.log(`  version ${v.name}: ${v.state} from ${v.deploymentUri}`);
    if (ns.models.length === 0) console.log("ml emulator: no models");
});'
}

cd examples/artifacts
astack=demo-artifacts
pulumi stack rm "$astack" --yes --force --non-interactive >/dev/null 2>&1 || true
pulumi stack init "$astack" --non-interactive >/dev/null
pulumi config set gcp:project demo-project
pulumi config set gcp:storageCustomEndpoint "$gcs/storage/v1/"
pulumi config set aiplatform:project demo-project
pulumi config set aiplatform:endpointOverride "$url"
pulumi config set bucket demo-models

step "pulumi up of examples/artifacts: upload the shipped scikit-learn model, then a version from it (the default)"
pulumi up --yes --non-interactive --suppress-progress
show_state

step "New bytes: the same model with its last byte changed; what 'pulumi preview --diff' shows"
v2="$PULUMI_STATE_DIR/model-v2"
mkdir -p "$v2"
node -e 'const fs = require("fs"); const b = fs.readFileSync(process.argv[1]); b[b.length - 1] ^= 1; fs.writeFileSync(process.argv[2], b);' \
    model/model.joblib "$v2/model.joblib"
pulumi config set modelPath "$v2"
pulumi preview --diff --non-interactive --suppress-progress

step "Applying it: upload to a new folder, new version, default moved to it, then the old version and object deleted"
pulumi up --yes --non-interactive --suppress-progress
show_state

step "Destroying the artifact stack: the bucket and the ml emulator end empty"
pulumi destroy --yes --non-interactive --suppress-progress
show_state
pulumi stack rm "$astack" --yes --non-interactive >/dev/null
rm -f "Pulumi.$astack.yaml"
cd "$root"

# Vertex AI: the same emulator serves aiplatform.googleapis.com v1 on the same URL; its models:upload checks the
# model files in fake-gcs-server as the ml API's versions.create does.
# The endpoint as the emulator holds it: each deployed model, and the split by display name.
show_endpoint() {
    curl -s "$url/__emulator/state" | node -e '
let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
    const ns = JSON.parse(s).namespaces.vertex ?? { endpoints: [], models: [] };
    for (const e of ns.endpoints) {
        const names = Object.fromEntries((e.deployedModels ?? []).map((d) => [d.id, d.displayName]));
        console.log(`endpoint ${e.name}`);
        for (const d of e.deployedModels ?? [])
            console.log(`  deployed ${d.displayName} (id ${d.id}): ${d.model}@${d.modelVersionId}, replicas ${d.dedicatedResources.minReplicaCount}-${d.dedicatedResources.maxReplicaCount}`);
        const split = Object.entries(e.trafficSplit ?? {}).map(([id, p]) => `${names[id] ?? id} ${p} %`);
        console.log(`  traffic: ${split.length > 0 ? split.join(", ") : "(none)"}`);
    }
    if (ns.endpoints.length === 0) console.log("Vertex emulator: no endpoints");
    console.log(`registry: ${ns.models.length === 0 ? "no models" : ns.models.map((m) => `${m.name} (${m.displayName})`).join(", ")}`);
});'
}
# N predictions on the endpoint (POST .../endpoints/E:predict): which deployment answered each, by display name.
predict() {
    node -e '
const [url, endpoint, n] = process.argv.slice(1);
const auth = { authorization: "Bearer demo", "content-type": "application/json" };
(async () => {
    const e = await (await fetch(`${url}/v1/${endpoint}`, { headers: auth })).json();
    const names = Object.fromEntries((e.deployedModels ?? []).map((d) => [d.id, d.displayName]));
    const counts = {};
    let first = {};
    for (let i = 0; i < Number(n); i++) {
        const res = await fetch(`${url}/v1/${endpoint}:predict`, { method: "POST", headers: auth, body: JSON.stringify({ instances: [[1.0, 1.0]] }) });
        const answer = await res.json();
        if (!res.ok) { console.log(`predict: HTTP ${res.status} ${answer.error?.message}`); return; }
        const side = names[answer.deployedModelId] ?? answer.deployedModelId;
        counts[side] = (counts[side] ?? 0) + 1;
        first[side] ??= answer;
    }
    console.log(`${n} predictions: ` + Object.entries(counts).map(([side, c]) => `${side} answered ${c}`).join(", "));
    for (const [side, a] of Object.entries(first))
        console.log(`  e.g. ${side}: {"predictions": ${JSON.stringify(a.predictions)}, "deployedModelId": "${a.deployedModelId}", "modelVersionId": "${a.modelVersionId}"}`);
})();' "$url" "$(pulumi stack output endpointName)" "$1"
}

step "Vertex AI: the model files of blue and green into gs://demo-models (the Vertex emulator checks them on upload)"
for side in blue green; do
    curl -sf -X POST --data-binary @examples/artifacts/model/model.joblib \
        "$gcs/upload/storage/v1/b/demo-models/o?uploadType=media&name=census/$side/model.joblib" >/dev/null
    echo "gs://demo-models/census/$side/model.joblib"
done

cd examples/vertex-rollout
vstack=demo-vertex
pulumi stack rm "$vstack" --yes --force --non-interactive >/dev/null 2>&1 || true
pulumi stack init "$vstack" --non-interactive >/dev/null
pulumi config set aiplatform:project demo-project
pulumi config set aiplatform:vertexEndpointOverride "$url"
pulumi config set bucket demo-models

step "pulumi up of examples/vertex-rollout: endpoint, registry model (blue uploaded as version 1), blue deployed with all the traffic"
pulumi up --yes --non-interactive --suppress-progress
show_endpoint
predict 5

step "A 10 % canary of green: what a reviewer sees in 'pulumi preview --diff' (percentages per deployment, not IDs)"
pulumi config set deploy blue,green
pulumi config set greenPercent 10
pulumi preview --diff --non-interactive --suppress-progress

step "Applying it: green uploaded (version 2 of the same model), deployed at 0 %, then one PATCH ?updateMask=trafficSplit"
pulumi up --yes --non-interactive --suppress-progress
show_endpoint
predict 40

step "All traffic to green: one PATCH of the split"
pulumi config set greenPercent 100
pulumi up --yes --non-interactive --suppress-progress
show_endpoint
predict 5

step "Blue undeployed (it has no traffic left; its version stays in the registry for a rollback)"
pulumi config set deploy green
pulumi up --yes --non-interactive --suppress-progress
show_endpoint

step "Destroying the Vertex stack: green undeployed last, then the endpoint and the model"
pulumi destroy --yes --non-interactive --suppress-progress
show_endpoint
pulumi stack rm "$vstack" --yes --non-interactive >/dev/null
rm -f "Pulumi.$vstack.yaml"
cd "$root"

step "Done: both emulators are stopped on exit"
