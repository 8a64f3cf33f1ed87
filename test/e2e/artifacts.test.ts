// The deploy guide end to end under the real engine: `examples/artifacts` (ModelDeployment of the shipped
// scikit-learn model) uploads through the gcp plugin stand-in into fake-gcs-server, and the ml emulator, pointed at
// the same Cloud Storage, checks the files on versions.create as Google does. Assertions come from the request logs
// of both emulators and from their state.

import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { LocalWorkspace, type Stack } from "@pulumi/pulumi/automation";
import { startEmulator, type EmulatorHandle } from "../../emulator";
import { startFakeGcs, type FakeGcs } from "../helpers/fakeGcs";
import { e2eEnv, e2eSkipReason, removeStack, repoRoot } from "./stackHarness";
import { SERVING_VISIBLE_DURATIONS, changes, mutating, shares, vertexLive, whileServing } from "./vertexServing";

const skipReason = e2eSkipReason();
if (skipReason && process.env.CI) {
    throw new Error(`end-to-end tests cannot be skipped in CI: ${skipReason}`);
}
if (skipReason) {
    console.warn(`\n${"#".repeat(80)}\n# SKIPPING the artifact end-to-end tests: ${skipReason}\n${"#".repeat(80)}\n`);
}
// Skipped only outside CI, and only without a Pulumi CLI (reason printed above).
const describeE2e = skipReason ? describe.skip : describe;

jest.setTimeout(240_000);

const BUCKET = "models-e2e";
const exampleDir = path.join(repoRoot, "examples", "artifacts");
const shippedModel = path.join(exampleDir, "model", "model.joblib");
const uploadProgramDir = path.join(__dirname, "uploadProgram");
const rolloutProgramDir = path.join(__dirname, "rolloutProgram");
const stateDir = path.join(repoRoot, ".state", "e2e-artifacts");

interface DefaultSample {
    at: number;
    defaultVersion?: string;
    versions: string[];
}

describeE2e("the deploy guide under the real engine: uploads, then a version Google would accept", () => {
    let gcs: FakeGcs;
    let emulator: EmulatorHandle;
    let env: Record<string, string>;
    const stacks: Stack[] = [];
    let stackCounter = 0;

    beforeAll(async () => {
        fs.rmSync(stateDir, { recursive: true, force: true });
        fs.mkdirSync(path.join(stateDir, "backend"), { recursive: true });
        fs.mkdirSync(path.join(stateDir, "home"), { recursive: true });
        env = e2eEnv({
            PULUMI_BACKEND_URL: `file://${path.join(stateDir, "backend")}`,
            PULUMI_HOME: path.join(stateDir, "home"),
        });
        // The engine finds the gcp plugin stand-in where it looks for gcp v9.37.0 (a hermetic plugin cache).
        execFileSync("bash", [path.join(repoRoot, "test", "gcpPluginStandIn", "install.sh"), env.PULUMI_HOME]);
        gcs = await startFakeGcs();
        await gcs.createBucket(BUCKET);
        emulator = await startEmulator({
            storageUrl: gcs.url,
            durations: {
                createVersion: 300,
                updateVersion: 200,
                deleteVersion: 200,
                updateModel: 100,
                deleteModel: 100,
                ...SERVING_VISIBLE_DURATIONS, // ModelRollout's Vertex AI operations
            },
        });
    });
    afterAll(async () => {
        for (const stack of stacks) {
            await stack.destroy().catch(() => undefined);
            await removeStack(stack);
        }
        await emulator?.stop();
        await gcs?.stop();
    });

    async function newStack(workDir: string, config: Record<string, string>): Promise<Stack> {
        const stackName = `artifacts-${process.pid}-${stackCounter++}`;
        const stack = await LocalWorkspace.createOrSelectStack({ stackName, workDir }, { envVars: env });
        stacks.push(stack);
        const all: Record<string, string> = {
            "gcp:project": "demo-project",
            "gcp:storageCustomEndpoint": `${gcs.url}/storage/v1/`,
            "aiplatform:project": "demo-project",
            "aiplatform:endpointOverride": emulator.url,
            "aiplatform:pollInitialIntervalMs": "50",
            "aiplatform:pollMaxIntervalMs": "200",
            "aiplatform:retryInitialDelayMs": "20",
            ...config,
        };
        await stack.setAllConfig(Object.fromEntries(Object.entries(all).map(([k, v]) => [k, { value: v }])));
        return stack;
    }

    /** Versions and default of every model, as the emulator holds them (not a request: not in its log). */
    function liveModels(): { name: string; defaultVersion?: string; versions: { name: string; state: string }[] }[] {
        const ns = emulator.snapshot().namespaces.global;
        const models = (ns?.models ?? []) as { name: string; defaultVersion?: { name: string } }[];
        const versions = (ns?.versions ?? []) as { name: string; state: string }[];
        return models.map((m) => ({
            name: m.name,
            defaultVersion: m.defaultVersion?.name,
            versions: versions
                .filter((v) => v.name.startsWith(`${m.name}/versions/`))
                .map((v) => ({ name: v.name, state: v.state })),
        }));
    }

    const uploads = () => gcs.requests().filter((r) => r.method === "POST" && r.target.startsWith("/upload/"));
    const objectDeletes = () => gcs.requests().filter((r) => r.method === "DELETE");
    const mlMutations = () => emulator.requests().filter((r) => r.method !== "GET");
    const requestTime = (r: { time: string }) => Date.parse(r.time);

    async function download(name: string): Promise<Buffer> {
        const res = await fetch(`${gcs.url}/download/storage/v1/b/${BUCKET}/o/${encodeURIComponent(name)}?alt=media`);
        expect(res.status).toBe(200);
        return Buffer.from(await res.arrayBuffer());
    }

    describe("examples/artifacts", () => {
        let stack: Stack;
        let firstHash: string;
        let firstVersion: string;
        let resourceCount: number;

        beforeAll(async () => {
            stack = await newStack(exampleDir, { bucket: BUCKET });
        });

        test("up uploads every file, and the version is created only after the last object exists: READY, default", async () => {
            gcs.clearRequests();
            emulator.clearRequests();
            const up = await stack.up();
            const outputs = up.outputs;
            firstHash = outputs.contentHash?.value as string;
            firstVersion = outputs.versionName?.value as string;
            expect(firstHash).toMatch(/^[0-9a-f]{16}$/);
            const folder = `models/classifier/${firstHash}`;
            expect(outputs.deploymentUri?.value).toBe(`gs://${BUCKET}/${folder}/`);
            expect(outputs.uploadedObjects?.value).toEqual([`${folder}/model.joblib`]);

            // Every file of the model, byte for byte.
            expect(await gcs.listObjects(BUCKET)).toEqual([`${folder}/model.joblib`]);
            expect((await download(`${folder}/model.joblib`)).equals(fs.readFileSync(shippedModel))).toBe(true);
            expect(uploads()).toHaveLength(1);

            // versions.create arrived after the last upload had finished (the log line is read after the server
            // answered), and the emulator's own check of the bucket at that moment passed.
            const creates = mlMutations().filter((r) => r.method === "POST" && r.path.endsWith("/versions"));
            expect(creates).toHaveLength(1);
            const createdAt = requestTime(creates[0]);
            for (const u of uploads()) expect(u.receivedAt).toBeLessThanOrEqual(createdAt);

            const [model] = liveModels();
            expect(model?.versions).toEqual([{ name: `${model?.name}/versions/${firstVersion}`, state: "READY" }]);
            expect(model?.defaultVersion).toBe(`${model?.name}/versions/${firstVersion}`);
            resourceCount = Object.values(up.summary.resourceChanges ?? {}).reduce((n, c) => n + c, 0);
        });

        test("unchanged model: preview shows no change, and up uploads nothing and calls nothing", async () => {
            const preview = await stack.preview({ diff: true });
            expect(preview.changeSummary).toEqual({ same: resourceCount });
            gcs.clearRequests();
            emulator.clearRequests();
            const up = await stack.up();
            expect(up.summary.resourceChanges).toEqual({ same: resourceCount });
            expect(gcs.requests().filter((r) => r.method !== "GET")).toEqual([]);
            expect(mlMutations()).toEqual([]);
        });

        test("an object overwritten out of band: refresh reads it, and preview replaces the object (detectMd5hash)", async () => {
            const name = `models/classifier/${firstHash}/model.joblib`;
            const overwrite = async (body: Buffer | string) => {
                const res = await fetch(
                    `${gcs.url}/upload/storage/v1/b/${BUCKET}/o?uploadType=media&name=${encodeURIComponent(name)}`,
                    { method: "POST", body },
                );
                expect(res.status).toBe(200);
            };
            await overwrite("tampered");
            const refresh = await stack.refresh();
            expect(refresh.summary.resourceChanges?.update).toBeGreaterThanOrEqual(1);
            const preview = await stack.preview({ diff: true });
            expect(preview.changeSummary.replace).toBeGreaterThanOrEqual(1);
            expect(preview.stdout).toMatch(/\+-gcp:storage\/bucketObject:BucketObject: \(replace\)/);
            expect(preview.stdout).toContain("detectMd5hash");

            // Put the bytes back; after a refresh the stack is as before (the next test's preview shows only its change).
            await overwrite(fs.readFileSync(shippedModel));
            await stack.refresh();
        });

        test("one byte changed: new objects under a new hash, a new version, the default moved with no gap, then the old ones deleted", async () => {
            const changedDir = path.join(stateDir, "model-one-byte-changed");
            fs.mkdirSync(changedDir, { recursive: true });
            const bytes = Buffer.from(fs.readFileSync(shippedModel));
            bytes[bytes.length - 1] = bytes[bytes.length - 1] ^ 0x01;
            fs.writeFileSync(path.join(changedDir, "model.joblib"), bytes);
            await stack.setConfig("modelPath", { value: changedDir });

            const preview = await stack.preview({ diff: true });
            expect(preview.changeSummary).toEqual({ replace: 2, same: resourceCount - 2 }); // the object and the version
            expect(preview.stdout).toContain("detectMd5hash");

            gcs.clearRequests();
            emulator.clearRequests();
            // Poll the model's default all through the update.
            const samples: DefaultSample[] = [];
            let polling = true;
            const poller = (async () => {
                // Bounded: stops when `up` returns, or after 30 000 samples (10 min at 20 ms) should it hang.
                while (polling && samples.length < 30_000) {
                    const [m] = liveModels();
                    samples.push({
                        at: Date.now(),
                        defaultVersion: m?.defaultVersion,
                        versions: m?.versions.map((v) => v.name) ?? [],
                    });
                    await new Promise((r) => setTimeout(r, 20));
                }
            })();
            let up;
            try {
                up = await stack.up();
            } finally {
                polling = false;
                await poller;
            }

            const secondHash = up.outputs.contentHash?.value as string;
            const secondVersion = up.outputs.versionName?.value as string;
            expect(secondHash).not.toBe(firstHash);
            expect(secondVersion).not.toBe(firstVersion);
            const folder = `models/classifier/${secondHash}`;
            // Only the new object is left, holding the new bytes.
            expect(await gcs.listObjects(BUCKET)).toEqual([`${folder}/model.joblib`]);
            expect((await download(`${folder}/model.joblib`)).equals(bytes)).toBe(true);

            const [model] = liveModels();
            const oldName = `${model?.name}/versions/${firstVersion}`;
            const newName = `${model?.name}/versions/${secondVersion}`;
            expect(model?.versions).toEqual([{ name: newName, state: "READY" }]);
            expect(model?.defaultVersion).toBe(newName);

            // Never a moment without a default: every sample has one, and it moved once, from old to new.
            expect(samples.length).toBeGreaterThan(5);
            expect(samples.filter((s) => s.defaultVersion === undefined)).toEqual([]);
            const defaults = samples.map((s) => s.defaultVersion).filter((d, i, all) => i === 0 || d !== all[i - 1]);
            expect(defaults).toEqual([oldName, newName]);

            // Order: upload, create the new version, make it the default, delete the old version, then its object.
            const ml = mlMutations();
            const create = ml.find((r) => r.method === "POST" && r.path.endsWith("/versions"));
            const setDefault = ml.find((r) => r.path.endsWith(`${secondVersion}:setDefault`));
            const deleteOld = ml.find((r) => r.method === "DELETE" && r.path.endsWith(`/versions/${firstVersion}`));
            expect(create && setDefault && deleteOld).toBeTruthy();
            expect(uploads()).toHaveLength(1);
            expect(uploads()[0]?.receivedAt).toBeLessThanOrEqual(requestTime(create as { time: string }));
            expect(requestTime(create as { time: string })).toBeLessThanOrEqual(
                requestTime(setDefault as { time: string }),
            );
            expect(requestTime(setDefault as { time: string })).toBeLessThanOrEqual(
                requestTime(deleteOld as { time: string }),
            );
            const deletes = objectDeletes();
            expect(deletes.map((d) => decodeURIComponent(d.target))).toEqual([
                `/storage/v1/b/${BUCKET}/o/models/classifier/${firstHash}/model.joblib`,
            ]);
            expect(deletes[0]?.receivedAt).toBeGreaterThanOrEqual(requestTime(deleteOld as { time: string }));
        });

        test("destroy leaves the bucket and the ml emulator empty", async () => {
            await stack.destroy();
            expect(await gcs.listObjects(BUCKET)).toEqual([]);
            expect(liveModels()).toEqual([]);
        });
    });

    describe("ModelRollout (Vertex AI): files, then a registry version, its deployment and all the traffic", () => {
        let stack: Stack;
        let resourceCount: number;
        let first: { folder: string; versionId: string; deployedModelId: string };
        const goodModel = path.join(exampleDir, "model");
        const misnamedDir = path.join(stateDir, "rollout-misnamed");
        const live = () => vertexLive(emulator);
        /** Vertex AI calls that changed something (ml v1's paths have no location). */
        const vertexMutations = () => mutating(emulator.requests()).filter((r) => r.path.includes("/locations/"));
        const rolloutObjects = () => gcs.listObjects(BUCKET, "census/");
        const outputs = async () => {
            const o = await stack.outputs();
            return {
                folder: o.folder?.value as string,
                versionId: (o.versionName?.value as string).split("@")[1],
                deployedModelId: o.deployedModelId?.value as string,
            };
        };

        /** `preview --refresh --expect-no-changes`: succeeds (it fails on any change), and calls nothing that writes. */
        async function expectCleanRefreshPreview(): Promise<void> {
            gcs.clearRequests();
            emulator.clearRequests();
            const preview = await stack.preview({ refresh: true, expectNoChanges: true });
            expect(preview.changeSummary).toEqual({ same: resourceCount });
            expect(emulator.requests().filter((r) => r.method !== "GET")).toEqual([]);
            expect(gcs.requests().filter((r) => r.method !== "GET")).toEqual([]);
        }

        test("up: every object before models:upload from their folder, then the deployment with 100 % of the endpoint", async () => {
            stack = await newStack(rolloutProgramDir, {
                bucket: BUCKET,
                modelPath: goodModel,
                "aiplatform:vertexEndpointOverride": emulator.url,
                "aiplatform:watchIntervalMs": "100",
            });
            gcs.clearRequests();
            emulator.clearRequests();
            const { result: up } = await whileServing(emulator, () => stack.up());
            resourceCount = Object.values(up.summary.resourceChanges ?? {}).reduce((n, c) => n + c, 0);
            first = await outputs();
            expect(first.folder).toMatch(/^census\/[0-9a-f]{16}$/);
            expect(await rolloutObjects()).toEqual([`${first.folder}/model.joblib`]);

            const upload = vertexMutations().filter((r) => r.path.endsWith("/models:upload"));
            expect(upload).toHaveLength(1);
            expect((upload[0].body as { model: { artifactUri: string } }).model.artifactUri).toBe(
                `gs://${BUCKET}/${first.folder}/`,
            );
            expect(uploads()).toHaveLength(1);
            for (const u of uploads()) expect(u.receivedAt).toBeLessThanOrEqual(requestTime(upload[0]));

            const [endpoint, ...others] = live().endpoints;
            expect(others).toEqual([]);
            expect((endpoint?.deployedModels ?? []).map((d) => d.id)).toEqual([first.deployedModelId]);
            expect(shares(endpoint?.trafficSplit ?? {}, {})).toEqual({ [first.deployedModelId]: 100 });
            expect(live().models.map((v) => v.versionId)).toEqual([first.versionId]);

            await expectCleanRefreshPreview();
        });

        test("a misnamed model file: preview refuses it, naming the rollout, the file and the fix, and calls nothing", async () => {
            fs.mkdirSync(misnamedDir, { recursive: true });
            fs.copyFileSync(shippedModel, path.join(misnamedDir, "model.jbolib"));
            await stack.setConfig("modelPath", { value: misnamedDir });
            gcs.clearRequests();
            emulator.clearRequests();
            const failure = await stack.preview().then(
                () => undefined,
                (e: unknown) => e as Error,
            );
            const message = String(failure?.message);
            expect(message).toMatch(
                /ModelRollout "census": the sklearn container \S+ loads model\.joblib or model\.pkl from the top of artifactUri, but model path \S+rollout-misnamed has model\.jbolib; rename the model file \(e\.g\. to model\.joblib\)/,
            );
            // A user mistake, not a crash: no stack trace.
            expect(message).not.toMatch(/\bat .+\.[jt]s:\d+:\d+/);
            expect(gcs.requests().filter((r) => r.method !== "GET")).toEqual([]);
            expect(emulator.requests().filter((r) => r.method !== "GET")).toEqual([]);
        });

        test("the same file when the image is only known to the engine: uploaded, refused by Google's check, the old deployment serving on, nothing orphaned", async () => {
            await stack.setConfig("imageFromOutput", { value: "true" });
            gcs.clearRequests();
            emulator.clearRequests();
            const { result: failure, samples } = await whileServing(emulator, () =>
                stack.up().then(
                    () => undefined,
                    (e: unknown) => e as Error,
                ),
            );
            const message = String(failure?.message);
            expect(message).toMatch(
                /has no model file for the sklearn prebuilt container \S+: expected one of model\.joblib, model\.pkl at its root \(found: model\.jbolib\)/,
            );
            // The misnamed object went up and is tracked; the refused upload left no version behind; the old
            // deployment kept all the traffic throughout.
            const objects = await rolloutObjects();
            expect(objects).toHaveLength(2);
            expect(objects).toContain(`${first.folder}/model.joblib`);
            const misnamed = objects.find((o) => o.endsWith("/model.jbolib"));
            expect(misnamed).toBeDefined();
            const state = await stack.exportStack();
            const tracked = (state.deployment.resources as { type: string; outputs?: { name?: string } }[])
                .filter((r) => r.type === "gcp:storage/bucketObject:BucketObject")
                .map((r) => r.outputs?.name);
            expect(tracked).toContain(misnamed);
            expect(live().models.map((v) => v.versionId)).toEqual([first.versionId]);
            expect(changes(samples.map((s) => shares(s.split, {})))).toEqual([{ [first.deployedModelId]: 100 }]);

            // Back to the right files: up deletes the misnamed object and changes nothing else.
            await stack.setAllConfig({ modelPath: { value: goodModel }, imageFromOutput: { value: "false" } });
            gcs.clearRequests();
            emulator.clearRequests();
            const up = await stack.up();
            expect(up.summary.resourceChanges).toEqual({ delete: 1, same: resourceCount });
            expect(await rolloutObjects()).toEqual([`${first.folder}/model.joblib`]);
            expect(vertexMutations()).toEqual([]);
            expect(await outputs()).toEqual(first);

            await expectCleanRefreshPreview();
        });

        test("one byte changed: a parentModel upload deployed and given 100 % in one PATCH, then the old deployment, version and objects go", async () => {
            const changedDir = path.join(stateDir, "rollout-one-byte-changed");
            fs.mkdirSync(changedDir, { recursive: true });
            const bytes = Buffer.from(fs.readFileSync(shippedModel));
            bytes[0] = bytes[0] ^ 0x01;
            fs.writeFileSync(path.join(changedDir, "model.joblib"), bytes);
            await stack.setConfig("modelPath", { value: changedDir });

            // The object, the version and the deployment replaced; the split's deployed-model ID updated.
            const preview = await stack.preview({ diff: true });
            expect(preview.changeSummary).toEqual({ replace: 3, update: 1, same: resourceCount - 4 });

            gcs.clearRequests();
            emulator.clearRequests();
            const { samples } = await whileServing(emulator, () => stack.up());
            const second = await outputs();
            expect(second.folder).not.toBe(first.folder);
            expect(second.versionId).not.toBe(first.versionId);
            expect(second.deployedModelId).not.toBe(first.deployedModelId);
            expect(await rolloutObjects()).toEqual([`${second.folder}/model.joblib`]);
            expect(live().models.map((v) => v.versionId)).toEqual([second.versionId]);
            const [endpoint] = live().endpoints;
            expect((endpoint?.deployedModels ?? []).map((d) => d.id)).toEqual([second.deployedModelId]);
            expect(shares(endpoint?.trafficSplit ?? {}, {})).toEqual({ [second.deployedModelId]: 100 });
            // Traffic moved once, from the old deployment to the new one, with no read in between.
            expect(changes(samples.map((s) => shares(s.split, {})))).toEqual([
                { [first.deployedModelId]: 100 },
                { [second.deployedModelId]: 100 },
            ]);

            // Order: the object, a new version of the same model, its deployment, the traffic, then the old
            // deployment undeployed, the old version deleted and, last, its object.
            const sent = vertexMutations();
            const at = (pred: (r: (typeof sent)[number]) => boolean) => sent.find(pred);
            const upload = at((r) => r.path.endsWith("/models:upload"));
            const deploy = at((r) => r.path.endsWith(":deployModel"));
            const patch = at((r) => r.method === "PATCH" && r.query.updateMask === "trafficSplit");
            const undeploy = at((r) => r.path.endsWith(":undeployModel"));
            const deleteVersion = at((r) => r.path.endsWith(`@${first.versionId}:deleteVersion`));
            expect((upload?.body as { parentModel?: string } | undefined)?.parentModel).toBeDefined();
            expect((undeploy?.body as { deployedModelId?: string } | undefined)?.deployedModelId).toBe(
                first.deployedModelId,
            );
            const times = [upload, deploy, patch, undeploy, deleteVersion].map((r) => {
                expect(r).toBeDefined();
                return requestTime(r as { time: string });
            });
            expect(uploads()).toHaveLength(1);
            expect(uploads()[0]?.receivedAt).toBeLessThanOrEqual(times[0]);
            expect([...times].sort((a, b) => a - b)).toEqual(times);
            const deletes = objectDeletes();
            expect(deletes.map((d) => decodeURIComponent(d.target))).toEqual([
                `/storage/v1/b/${BUCKET}/o/${first.folder}/model.joblib`,
            ]);
            expect(deletes[0]?.receivedAt).toBeGreaterThanOrEqual(times[4]);

            await expectCleanRefreshPreview();
        });

        test("destroy: serving until the last undeploy, no call refused, the bucket and the Vertex AI registry left empty", async () => {
            emulator.clearRequests();
            await whileServing(emulator, () => stack.destroy());
            expect(await rolloutObjects()).toEqual([]);
            expect(live()).toEqual({ endpoints: [], models: [] });
            const refused = emulator.requests().filter((r) => r.status >= 400 && r.status !== 404);
            expect(refused.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([]);
        });
    });

    test("a model directory without its model file is uploaded, the version fails with Google's message, and nothing is orphaned", async () => {
        const stack = await newStack(uploadProgramDir, {
            bucket: BUCKET,
            folder: "typo",
            // The scikit-learn model under a misspelled name: only the API's own check can catch this.
            files: JSON.stringify({ "model.jbolib": shippedModel }),
        });
        emulator.clearRequests();
        const failure = await stack.up().then(
            () => undefined,
            (e: unknown) => e as Error,
        );
        expect(failure).toBeDefined();
        const message = String(failure?.message);
        expect(message).toContain(
            `Could not find a model file under gs://${BUCKET}/typo/; SCIKIT_LEARN expects one of model.joblib, model.pkl (found: model.jbolib)`,
        );
        expect(message).toMatch(/Version "uploads_[a-z0-9]{7}"|uploads_[a-z0-9]{7}/);

        // The object is uploaded and tracked; the failed version was removed; the model is tracked.
        expect(await gcs.listObjects(BUCKET, "typo/")).toEqual(["typo/model.jbolib"]);
        const [model] = liveModels();
        expect(model?.versions).toEqual([]);
        const state = await stack.exportStack();
        const types = (state.deployment.resources as { type: string }[]).map((r) => r.type).sort();
        expect(types).toEqual(
            expect.arrayContaining(["gcp:storage/bucketObject:BucketObject", "pulumi-nodejs:dynamic/aiplatform:Model"]),
        );
        expect(types).not.toContain("pulumi-nodejs:dynamic/aiplatform:Version");

        await stack.destroy();
        expect(await gcs.listObjects(BUCKET)).toEqual([]);
        expect(liveModels()).toEqual([]);
    });
});
