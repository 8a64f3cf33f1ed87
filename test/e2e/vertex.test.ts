// Vertex AI under the real engine (issue 18): one stack of test/e2e/vertexProgram against the emulator, whose
// models:upload checks the model files in fake-gcs-server, taken through the story a platform team lives: create
// (endpoint, registry model, two versions, two deployments, split 100/0), a replica change, the 90/10 and 0/100
// shifts, new artifacts, traffic changed outside Pulumi, destroy. After each `up`, `preview --refresh
// --expect-no-changes` is clean. Throughout every `up` and `destroy`, a poller reads the endpoint as the API would
// answer it and the serving invariant is asserted over every read: a split over deployed models summing to 100
// whenever a model is deployed, never traffic to nothing.

import * as fs from "node:fs";
import * as path from "node:path";
import { LocalWorkspace, type Stack } from "@pulumi/pulumi/automation";
import { type EmulatorHandle, type RecordedRequest, startEmulator } from "../../emulator";
import { startFakeGcs, type FakeGcs } from "../helpers/fakeGcs";
import { e2eEnv, e2eSkipReason, removeStack, repoRoot } from "./stackHarness";
import {
    SERVING_VISIBLE_DURATIONS,
    type LiveEndpoint,
    changes,
    mutating,
    shares,
    vertexLive,
    whileServing as servingWhile,
} from "./vertexServing";

const skipReason = e2eSkipReason();
if (skipReason && process.env.CI) {
    throw new Error(`end-to-end tests cannot be skipped in CI: ${skipReason}`);
}
// Skipped only outside CI, and only without a Pulumi CLI (engine.test.ts prints the reason loudly).
const describeE2e = skipReason ? describe.skip : describe;

jest.setTimeout(240_000);

const REGION = "us-central1";
const BUCKET = "vertex-e2e";
const IMAGE = "us-docker.pkg.dev/vertex-ai/prediction/sklearn-cpu.1-3:latest";
const shippedModel = path.join(repoRoot, "examples", "artifacts", "model", "model.joblib");
const programDir = path.join(__dirname, "vertexProgram");

/** What the program declares (test/e2e/vertexProgram/index.ts reads it from the `spec` config value). */
interface Declared {
    /** Percent to blue and green; no TrafficSplit when absent. */
    split?: { blue: number; green: number };
    blueReplicas?: { min: number; max: number };
    /** The folder green's version is uploaded from. */
    greenFolder?: string;
}

function spec(d: Declared): Record<string, unknown> {
    const replicas = d.blueReplicas ?? { min: 1, max: 3 };
    return {
        region: REGION,
        endpoint: { description: "Census income classifier", labels: { team: "ml" } },
        model: { displayName: "census" },
        imageUri: IMAGE,
        versions: [
            { logical: "blue", artifactUri: `gs://${BUCKET}/census/blue/` },
            { logical: "green", artifactUri: `gs://${BUCKET}/${d.greenFolder ?? "census/green"}/` },
        ],
        deployments: [
            {
                logical: "blue",
                version: "blue",
                machineType: "n1-standard-2",
                minReplicaCount: replicas.min,
                maxReplicaCount: replicas.max,
            },
            { logical: "green", version: "green", machineType: "n1-standard-2" },
        ],
        ...(d.split
            ? {
                  split: [
                      { deployment: "blue", percent: d.split.blue },
                      { deployment: "green", percent: d.split.green },
                  ],
              }
            : {}),
    };
}

describeE2e("Vertex AI under the real engine: declared, reviewed, never without serving", () => {
    let gcs: FakeGcs;
    let emulator: EmulatorHandle;
    let stack: Stack;
    /** Deployed-model ID → logical deployment, as the stack reports them (the old green's kept after a replace). */
    const logicalOf: Record<string, string> = {};

    beforeAll(async () => {
        gcs = await startFakeGcs();
        await gcs.createBucket(BUCKET);
        // The model files every version is uploaded from: models:upload checks them as Google does.
        for (const folder of ["census/blue", "census/green", "census/green-2"]) {
            const res = await fetch(
                `${gcs.url}/upload/storage/v1/b/${BUCKET}/o?uploadType=media&name=${encodeURIComponent(`${folder}/model.joblib`)}`,
                { method: "POST", body: fs.readFileSync(shippedModel) },
            );
            expect(res.status).toBe(200);
        }
        emulator = await startEmulator({ storageUrl: gcs.url, durations: SERVING_VISIBLE_DURATIONS });
        stack = await LocalWorkspace.createOrSelectStack(
            { stackName: `vertex-${process.pid}-${Date.now()}`, workDir: programDir },
            { envVars: e2eEnv() },
        );
        await stack.setAllConfig({
            "aiplatform:project": { value: "demo-project" },
            "aiplatform:vertexEndpointOverride": { value: emulator.url },
            "aiplatform:retryInitialDelayMs": { value: "20" },
            "aiplatform:watchIntervalMs": { value: "100" },
        });
    });
    afterAll(async () => {
        if (stack) {
            await stack.destroy().catch(() => undefined);
            await removeStack(stack);
        }
        await emulator?.stop();
        await gcs?.stop();
    });

    const declare = (d: Declared) => stack.setConfig("spec", { value: JSON.stringify(spec(d)) });

    const live = () => vertexLive(emulator);
    function liveEndpoint(): LiveEndpoint {
        const [endpoint, ...others] = live().endpoints;
        expect(others).toEqual([]);
        expect(endpoint).toBeDefined();
        return endpoint;
    }

    const whileServing = <T>(operation: () => Promise<T>) => servingWhile(emulator, operation);

    async function deployedModelIds(): Promise<Record<string, string>> {
        const ids = (await stack.outputs()).deployedModelIds?.value as Record<string, string>;
        for (const [logical, id] of Object.entries(ids)) logicalOf[id] = logical;
        return ids;
    }

    /** `preview --refresh --expect-no-changes`: succeeds (it fails on any change), and only reads. */
    async function expectCleanRefreshPreview(): Promise<void> {
        emulator.clearRequests();
        const preview = await stack.preview({ refresh: true, expectNoChanges: true, diff: true });
        expect(Object.keys(preview.changeSummary)).toEqual(["same"]);
        expect(emulator.requests().filter((r) => r.method !== "GET")).toEqual([]);
    }

    test("create: endpoint, registry model with two versions (the second a parentModel upload), two deployments, split 100/0", async () => {
        await declare({ split: { blue: 100, green: 0 } });
        emulator.clearRequests();
        const { result: up, samples } = await whileServing(() => stack.up());
        expect(up.summary.result).toBe("succeeded");
        // The stack, the endpoint, the model, 2 versions, 2 deployments, the split.
        expect(up.summary.resourceChanges).toEqual({ create: 8 });

        const ids = await deployedModelIds();
        const endpoint = liveEndpoint();
        expect((endpoint.deployedModels ?? []).map((d) => d.id).sort()).toEqual([ids.blue, ids.green].sort());
        expect(shares(endpoint.trafficSplit ?? {}, logicalOf)).toEqual({ blue: 100 });
        const blue = endpoint.deployedModels?.find((d) => d.id === ids.blue);
        expect(blue?.displayName).toBe("blue");
        expect(blue?.dedicatedResources).toMatchObject({ minReplicaCount: 1, maxReplicaCount: 3 });

        // One registry model holding versions 1 and 2: the first upload created it, the second named it as parent.
        const versions = live().models;
        expect(versions.map((v) => v.versionId).sort()).toEqual(["1", "2"]);
        expect(new Set(versions.map((v) => v.name.split("@")[0])).size).toBe(1);
        const uploads = mutating(emulator.requests()).filter((r) => r.path.endsWith("/models:upload"));
        expect(uploads).toHaveLength(2);
        expect(uploads.filter((r) => (r.body as { parentModel?: string }).parentModel !== undefined)).toHaveLength(1);

        // Serving from the first deployment on: every read after it shows traffic.
        const firstServing = samples.findIndex((s) => s.deployed.length > 0);
        expect(firstServing).toBeGreaterThanOrEqual(0);
        expect(samples.slice(firstServing).filter((s) => s.deployed.length === 0)).toEqual([]);

        await expectCleanRefreshPreview();
    });

    test("replicas: one :mutateDeployedModel with the replica paths in its updateMask, no redeploy", async () => {
        const before = await deployedModelIds();
        await declare({ split: { blue: 100, green: 0 }, blueReplicas: { min: 2, max: 4 } });
        emulator.clearRequests();
        const { result: up } = await whileServing(() => stack.up({ diff: true }));
        expect(up.summary.resourceChanges).toEqual({ update: 1, same: 7 });
        expect(up.stdout).toMatch(/minReplicaCount\s*:\s*1 => 2/);
        expect(up.stdout).toMatch(/maxReplicaCount\s*:\s*3 => 4/);

        const sent = mutating(emulator.requests());
        expect(sent.map((r) => `${r.method} ${r.path.split("/").pop()}`)).toEqual([
            `POST ${liveEndpoint().name.split("/").pop()}:mutateDeployedModel`,
        ]);
        const body = sent[0].body as { deployedModel?: { id?: string }; updateMask?: string };
        expect(body.deployedModel?.id).toBe(before.blue);
        const mask = body.updateMask ?? sent[0].query.updateMask;
        expect(mask.split(",").sort()).toEqual([
            "dedicatedResources.maxReplicaCount",
            "dedicatedResources.minReplicaCount",
        ]);
        expect(await deployedModelIds()).toEqual(before);
        const blue = liveEndpoint().deployedModels?.find((d) => d.id === before.blue);
        expect(blue?.dedicatedResources).toMatchObject({ minReplicaCount: 2, maxReplicaCount: 4 });

        await expectCleanRefreshPreview();
    });

    /** A shift reviewed in `preview --diff`, applied as one PATCH; the reads see the old split, then the new. */
    async function shift(from: { blue: number; green: number }, to: { blue: number; green: number }): Promise<void> {
        const ids = await deployedModelIds();
        await declare({ split: to, blueReplicas: { min: 2, max: 4 } });

        const preview = await stack.preview({ diff: true });
        expect(preview.changeSummary).toEqual({ update: 1, same: 7 });
        // Percentages per logical deployment, never the API's deployed-model IDs.
        expect(preview.stdout).toMatch(/~\s+pulumi-nodejs:dynamic\/aiplatform\/vertex:TrafficSplit/);
        expect(preview.stdout).toMatch(new RegExp(`blue\\s*:\\s*${from.blue} => ${to.blue}`));
        expect(preview.stdout).toMatch(new RegExp(`green\\s*:\\s*${from.green} => ${to.green}`));
        // (The unchanged inputs, deployedModelIds among them, are listed too; no changed line names an ID.)
        const changedLines = preview.stdout.split("\n").filter((line) => /^\s*[~+-]/.test(line));
        for (const id of Object.values(ids)) expect(changedLines.filter((line) => line.includes(id))).toEqual([]);

        emulator.clearRequests();
        const { result: up, samples } = await whileServing(() => stack.up());
        expect(up.summary.resourceChanges).toEqual({ update: 1, same: 7 });
        const sent = mutating(emulator.requests());
        expect(sent).toHaveLength(1);
        expect(sent[0].method).toBe("PATCH");
        // The API names the project by number, a client by ID: compare from the location on.
        expect(sent[0].path).toMatch(new RegExp(`/${liveEndpoint().name.split("/").slice(2).join("/")}$`));
        expect(sent[0].query.updateMask).toBe("trafficSplit");
        expect(shares((sent[0].body as { trafficSplit: Record<string, number> }).trafficSplit, logicalOf)).toEqual(
            shares({ [ids.blue]: to.blue, [ids.green]: to.green }, logicalOf),
        );
        expect(changes(samples.map((s) => shares(s.split, logicalOf)))).toEqual([
            shares({ [ids.blue]: from.blue, [ids.green]: from.green }, logicalOf),
            shares({ [ids.blue]: to.blue, [ids.green]: to.green }, logicalOf),
        ]);

        await expectCleanRefreshPreview();
    }

    test("100/0 → 90/10: the diff shows blue 100 => 90 and green 0 => 10; one PATCH ?updateMask=trafficSplit", () =>
        shift({ blue: 100, green: 0 }, { blue: 90, green: 10 }));

    test("90/10 → 0/100: the same, one PATCH, and blue stays deployed at 0 %", async () => {
        await shift({ blue: 90, green: 10 }, { blue: 0, green: 100 });
        const ids = await deployedModelIds();
        expect((liveEndpoint().deployedModels ?? []).map((d) => d.id).sort()).toEqual([ids.blue, ids.green].sort());
    });

    test("new artifacts for green (serving 100 %): a parentModel upload, a new deployment, the split moved, then the old ones go", async () => {
        const before = await deployedModelIds();
        const oldVersion = ((await stack.outputs()).versionNames?.value as Record<string, string>).green;
        await declare({
            split: { blue: 0, green: 100 },
            blueReplicas: { min: 2, max: 4 },
            greenFolder: "census/green-2",
        });
        emulator.clearRequests();
        const { result: up, samples } = await whileServing(() => stack.up({ diff: true }));
        // Green's version and deployment replaced, the split's deployed-model ID updated.
        expect(up.summary.resourceChanges).toEqual({ replace: 2, update: 1, same: 5 });
        expect(up.stdout).toContain("census/green-2/");

        const after = await deployedModelIds();
        expect(after.blue).toBe(before.blue);
        expect(after.green).not.toBe(before.green);
        const endpoint = liveEndpoint();
        expect((endpoint.deployedModels ?? []).map((d) => d.id).sort()).toEqual([after.blue, after.green].sort());
        expect(shares(endpoint.trafficSplit ?? {}, {})).toEqual({ [after.green]: 100 });
        // The model gained version 3 and lost green's old one (1 or 2: both were uploaded at once); blue's stays.
        const blueVersion = ((await stack.outputs()).versionNames?.value as Record<string, string>).blue;
        expect(
            live()
                .models.map((v) => v.versionId)
                .sort(),
        ).toEqual([blueVersion.split("@")[1], "3"].sort());
        expect(oldVersion.split("@")[1]).not.toBe(blueVersion.split("@")[1]);

        // Order: upload (parentModel), deploy the new green, move the traffic, undeploy the old green.
        const sent = mutating(emulator.requests());
        const at = (pred: (r: RecordedRequest) => boolean) => sent.findIndex(pred);
        const upload = at((r) => r.path.endsWith("/models:upload"));
        const deploy = at((r) => r.path.endsWith(":deployModel"));
        const patch = at((r) => r.method === "PATCH" && r.query.updateMask === "trafficSplit");
        const undeploy = at(
            (r) =>
                r.path.endsWith(":undeployModel") &&
                (r.body as { deployedModelId?: string }).deployedModelId === before.green,
        );
        expect((sent[upload]?.body as { parentModel?: string }).parentModel).toBeDefined();
        expect([upload, deploy, patch, undeploy].every((i) => i >= 0)).toBe(true);
        expect(upload).toBeLessThan(deploy);
        expect(deploy).toBeLessThan(patch);
        expect(patch).toBeLessThan(undeploy);
        // Traffic moved once, from the old green to the new one, with no read in between.
        expect(changes(samples.map((s) => shares(s.split, {})))).toEqual([
            { [before.green]: 100 },
            { [after.green]: 100 },
        ]);

        await expectCleanRefreshPreview();
    });

    test("traffic changed outside Pulumi: preview --refresh and refresh show the drift, up restores the declared split", async () => {
        const ids = await deployedModelIds();
        const endpoint = liveEndpoint().name;
        const res = await fetch(`${emulator.url}/v1/${endpoint}?updateMask=trafficSplit`, {
            method: "PATCH",
            headers: { authorization: "Bearer console", "content-type": "application/json" },
            body: JSON.stringify({ trafficSplit: { [ids.blue]: 30, [ids.green]: 70 } }),
        });
        expect(res.status).toBe(200);

        const drift = await stack.preview({ refresh: true, diff: true });
        expect(drift.changeSummary).toEqual({ update: 1, same: 7 });
        expect(drift.stdout).toMatch(/blue\s*:\s*30 => 0/);
        expect(drift.stdout).toMatch(/green\s*:\s*70 => 100/);
        const refresh = await stack.refresh();
        expect(refresh.summary.resourceChanges).toMatchObject({ update: 1 });

        emulator.clearRequests();
        const { result: up } = await whileServing(() => stack.up());
        expect(up.summary.resourceChanges).toEqual({ update: 1, same: 7 });
        const sent = mutating(emulator.requests());
        expect(sent.map((r) => `${r.method} ${r.query.updateMask}`)).toEqual(["PATCH trafficSplit"]);
        expect(shares(liveEndpoint().trafficSplit ?? {}, {})).toEqual({ [ids.green]: 100 });

        await expectCleanRefreshPreview();
    });

    test("destroy: serving until the last undeploy, no call refused, the emulator left without endpoints or models", async () => {
        emulator.clearRequests();
        const { result: destroy } = await whileServing(() => stack.destroy());
        expect(destroy.summary.result).toBe("succeeded");
        expect(live()).toEqual({ endpoints: [], models: [] });
        const refused = emulator.requests().filter((r) => r.status >= 400 && r.status !== 404);
        expect(refused.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([]);
    });
});
