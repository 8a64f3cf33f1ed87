// ModelRollout under Pulumi's mocks: the BucketObjects it registers, the ModelVersion chained after them, the
// Deployment and the TrafficSplit giving it 100 %, and the preview-time refusals of model files the container
// would not find.

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { ModelRollout as ModelRolloutClass, ModelRolloutArgs } from "../../provider/resources/vertex/modelRollout";

const BUCKET_OBJECT = "gcp:storage/bucketObject:BucketObject";
const VERTEX = "pulumi-nodejs:dynamic/aiplatform/vertex:";
const FIXTURES = path.join(__dirname, "..", "fixtures", "models");
const SKLEARN = path.join(FIXTURES, "sklearn");
const SAVED_MODEL = path.join(FIXTURES, "savedmodel");
const SKLEARN_IMAGE = "us-docker.pkg.dev/vertex-ai/prediction/sklearn-cpu.1-3:latest";
const ENDPOINT = "projects/demo-project/locations/us-central1/endpoints/census";
const MODEL = "projects/demo-project/locations/us-central1/models/census";

/** Every mock call, in order: "register" when the SDK sends it, "created" when the (delayed) upload finishes. */
const events: { event: "register" | "created"; type: string; name: string }[] = [];
const registered: pulumi.runtime.MockResourceArgs[] = [];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let deployedModels = 0;

let ModelRollout: typeof ModelRolloutClass;

beforeAll(async () => {
    await pulumi.runtime.setMocks(
        {
            newResource: async (args) => {
                registered.push(args);
                events.push({ event: "register", type: args.type, name: args.name });
                if (args.type === BUCKET_OBJECT) {
                    // Uploads finish a few event-loop turns later (no wall-clock time).
                    for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setImmediate(resolve));
                    events.push({ event: "created", type: args.type, name: args.name });
                    return {
                        id: `${args.inputs.bucket}/${args.inputs.name}`,
                        state: { ...args.inputs, md5hash: "bWQ1" },
                    };
                }
                const inputs = args.inputs as Record<string, string>;
                const id = args.type.endsWith(":ModelVersion")
                    ? `${inputs.model}@1`
                    : args.type.endsWith(":Deployment")
                      ? `${inputs.endpoint}/deployedModels/${2000 + ++deployedModels}`
                      : `${inputs.endpoint}/trafficSplit`;
                return { id, state: { ...args.inputs } };
            },
            call: () => ({}),
        },
        "proj",
        "stack",
    );
    // Import after setMocks, so the resources register against the mock monitor.
    ({ ModelRollout } = await import("../../provider/resources/vertex/modelRollout"));
});

const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), "model-rollout-"));
afterAll(() => fs.rmSync(tmpRoot, { recursive: true, force: true }));

const output = <T>(o: pulumi.Output<T>) => new Promise<T>((resolve) => o.apply(resolve));
const ofComponent = (component: string, type: string) =>
    registered.filter((r) => r.type === type && (r.name === component || r.name.startsWith(`${component}/`)));

const baseArgs: ModelRolloutArgs = {
    modelPath: SKLEARN,
    bucket: "demo-bucket",
    model: MODEL,
    endpoint: ENDPOINT,
    version: { container: { imageUri: SKLEARN_IMAGE } },
};

async function rollout(name: string, args: Partial<ModelRolloutArgs> = {}) {
    const r = new ModelRollout(name, { ...baseArgs, ...args });
    await output(r.trafficSplit.deployedModelIds);
    return r;
}

test("uploads the files, then the version from their folder, deploys it and gives it 100 % of the endpoint", async () => {
    const r = await rollout("census", { prefix: "models/census", deployment: { machineType: "n1-standard-4" } });
    expect(r.contentHash).toMatch(/^[0-9a-f]{16}$/);
    expect(r.folder).toBe(`models/census/${r.contentHash}`);

    const objects = ofComponent("census", BUCKET_OBJECT);
    expect(objects.map((o) => [o.name, o.inputs.name])).toEqual([
        ["census/model.joblib", `models/census/${r.contentHash}/model.joblib`],
    ]);
    const [version] = ofComponent("census", `${VERTEX}ModelVersion`);
    expect(version.inputs).toMatchObject({
        model: MODEL,
        artifactUri: `gs://demo-bucket/models/census/${r.contentHash}/`,
        container: { imageUri: SKLEARN_IMAGE },
    });
    // The upload is registered only after every object was created.
    const created = events.findIndex((e) => e.event === "created" && e.name === "census/model.joblib");
    const versionRegistered = events.findIndex((e) => e.type === `${VERTEX}ModelVersion` && e.name === "census");
    expect(created).toBeGreaterThanOrEqual(0);
    expect(versionRegistered).toBeGreaterThan(created);

    const [deployment] = ofComponent("census", `${VERTEX}Deployment`);
    expect(deployment.inputs).toMatchObject({
        endpoint: ENDPOINT,
        modelVersion: `${MODEL}@1`,
        displayName: "census",
        machineType: "n1-standard-4",
        minReplicaCount: 1,
    });
    const deployedModelId = await output(r.deployment.deployedModelId);
    const [split] = ofComponent("census", `${VERTEX}TrafficSplit`);
    expect(split.inputs).toMatchObject({
        endpoint: ENDPOINT,
        percentages: { census: 100 },
        deployedModelIds: { census: deployedModelId },
    });
});

test("a custom container takes whatever files the model has", async () => {
    const r = await rollout("custom", {
        modelPath: SAVED_MODEL,
        version: { container: { imageUri: "us-central1-docker.pkg.dev/my-project/serving/census:7" } },
    });
    expect(r.objects).toHaveLength(4);
});

test("a single model.mar file goes to a PyTorch container", async () => {
    const dir = fs.mkdtempSync(path.join(tmpRoot, "torch-"));
    fs.writeFileSync(path.join(dir, "model.mar"), "archive");
    const r = await rollout("torch", {
        modelPath: path.join(dir, "model.mar"),
        version: { container: { imageUri: "us-docker.pkg.dev/vertex-ai/prediction/pytorch-cpu.2-4:latest" } },
    });
    expect(ofComponent("torch", BUCKET_OBJECT).map((o) => o.inputs.name)).toEqual([`torch/${r.contentHash}/model.mar`]);
});

describe("refuses at preview, before registering anything", () => {
    const misnamed = () => {
        const dir = fs.mkdtempSync(path.join(tmpRoot, "misnamed-"));
        fs.copyFileSync(path.join(SKLEARN, "model.joblib"), path.join(dir, "modle.joblib"));
        return dir;
    };
    const nested = () => {
        const dir = fs.mkdtempSync(path.join(tmpRoot, "nested-"));
        fs.cpSync(SKLEARN, path.join(dir, "export"), { recursive: true });
        return dir;
    };

    test.each<[string, () => Partial<ModelRolloutArgs>, RegExp]>([
        [
            "a misnamed model file in the directory",
            () => ({ modelPath: misnamed() }),
            /^ModelRollout "bad": the sklearn container \S+ loads model\.joblib or model\.pkl from the top of artifactUri, but model path \S+misnamed-\w+ has modle\.joblib; rename the model file \(e\.g\. to model\.joblib\)/,
        ],
        [
            "a misnamed single file",
            () => ({ modelPath: path.join(misnamed(), "modle.joblib") }),
            /the sklearn container .* but model path \S+modle\.joblib has modle\.joblib; rename the model file/,
        ],
        [
            "a SavedModel for an sklearn container",
            () => ({ modelPath: SAVED_MODEL }),
            /loads model\.joblib or model\.pkl .* has saved_model\.pb; rename/,
        ],
        [
            "the model one folder down",
            () => ({ modelPath: nested() }),
            /has no file at its top; it has export\/model\.joblib: point modelPath at \S+export instead/,
        ],
        [
            "a missing path",
            () => ({ modelPath: path.join(tmpRoot, "no-such-model") }),
            /^ModelRollout "bad": model path .*no-such-model does not exist/,
        ],
        [
            "a bucket given as a URL",
            () => ({ bucket: "gs://demo-bucket" }),
            /bucket "gs:\/\/demo-bucket" is not a Cloud Storage bucket name/,
        ],
    ])("%s", async (_what, args, message) => {
        const before = registered.length;
        const construct = () => new ModelRollout("bad", { ...baseArgs, ...args() });
        expect(construct).toThrow(message);
        // A RunError: the CLI prints the message without a stack trace.
        expect(construct).toThrow(pulumi.RunError);
        // Observing an absence: give any registration the constructor might have started a moment (real time) to
        // reach the mock monitor before asserting that none did.
        await sleep(10);
        expect(registered.slice(before).filter((r) => r.name === "bad" || r.name.startsWith("bad/"))).toEqual([]);
    });
});
