// ModelDeployment under Pulumi's mocks: the BucketObjects it registers, the Version chained after them, and the
// preview-time refusals.

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { wireNames } from "../../provider/fields/wireNames";
import type {
    ModelDeployment as ModelDeploymentClass,
    ModelDeploymentArgs,
} from "../../provider/resources/modelDeployment";
import type { Model as ModelClass } from "../../provider/resources/model";
import { MLS1_MAX_MODEL_BYTES, N1_MAX_MODEL_BYTES } from "../../provider/plan/ml/modelArtifacts";

const BUCKET_OBJECT = "gcp:storage/bucketObject:BucketObject";
const VERSION = "pulumi-nodejs:dynamic/aiplatform:Version";
const FIXTURES = path.join(__dirname, "..", "fixtures", "models");
const SAVED_MODEL = path.join(FIXTURES, "savedmodel");
const SAVED_MODEL_FILES = [
    "assets/vocab.txt",
    "saved_model.pb",
    "variables/variables.data-00000-of-00001",
    "variables/variables.index",
];
const PACKAGE = path.join(FIXTURES, "packages", "predictor-0.1.tar.gz");

/** Every mock call, in order: "register" when the SDK sends it, "created" when the (delayed) upload finishes. */
const events: { event: "register" | "created"; type: string; name: string }[] = [];
const registered: pulumi.runtime.MockResourceArgs[] = [];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let uploadsStarted = 0;

let ModelDeployment: typeof ModelDeploymentClass;
let Model: typeof ModelClass;

beforeAll(async () => {
    await pulumi.runtime.setMocks(
        {
            newResource: async (args) => {
                registered.push(args);
                events.push({ event: "register", type: args.type, name: args.name });
                if (args.type === BUCKET_OBJECT) {
                    // Uploads finish out of order, deterministically: the n-th upload takes 3 - n % 3 turns of the
                    // event loop (no wall-clock time, no randomness).
                    const turns = 3 - (uploadsStarted++ % 3);
                    for (let turn = 0; turn < turns; turn++) await new Promise((resolve) => setImmediate(resolve));
                    events.push({ event: "created", type: args.type, name: args.name });
                    return {
                        id: `${args.inputs.bucket}/${args.inputs.name}`,
                        state: { ...args.inputs, md5hash: "bWQ1", outputName: args.inputs.name },
                    };
                }
                const name =
                    args.inputs.name ?? `${String(args.inputs[wireNames.autonamePrefix]).replace(/\W/g, "_")}_abc1234`;
                const computed =
                    args.type === VERSION
                        ? {
                              fullName: `projects/demo-project/models/${args.inputs.model}/versions/${name}`,
                              state: "READY",
                              isDefault: args.inputs.isDefault ?? false,
                          }
                        : {
                              fullName: `projects/demo-project/models/${name}`,
                              project: "demo-project",
                              endpoint: args.inputs.endpoint ?? "global",
                          };
                return { id: computed.fullName, state: { ...args.inputs, name, ...computed } };
            },
            call: () => ({}),
        },
        "proj",
        "stack",
    );
    // Import after setMocks, so the resources register against the mock monitor.
    ({ ModelDeployment } = await import("../../provider/resources/modelDeployment"));
    ({ Model } = await import("../../provider/resources/model"));
});

const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), "model-deployment-"));
afterAll(() => fs.rmSync(tmpRoot, { recursive: true, force: true }));

const output = <T>(o: pulumi.Output<T>) => new Promise<T>((resolve) => o.apply(resolve));
const sourcePath = (r: pulumi.runtime.MockResourceArgs) => (r.inputs.source as pulumi.asset.FileAsset).path;
const objectsOf = (component: string) =>
    registered.filter((r) => r.type === BUCKET_OBJECT && r.name.startsWith(`${component}/`));
const versionOf = (component: string) => registered.find((r) => r.type === VERSION && r.name === component);

/** A copy of the SavedModel fixture, optionally edited. */
function copyModel(edit?: (dir: string) => void): string {
    const dir = fs.mkdtempSync(path.join(tmpRoot, "copy-"));
    fs.cpSync(SAVED_MODEL, dir, { recursive: true });
    edit?.(dir);
    return dir;
}

const versionArgs = { runtimeVersion: "2.11", pythonVersion: "3.7", framework: "TENSORFLOW" as const };

async function deploy(name: string, args: Partial<ModelDeploymentArgs> = {}) {
    const dep = new ModelDeployment(name, {
        modelPath: SAVED_MODEL,
        bucket: "demo-bucket",
        model: "census",
        version: versionArgs,
        ...args,
    });
    await output(dep.version.fullName);
    return dep;
}

test("uploads every file as a BucketObject under prefix/hash/relative path", async () => {
    const dep = await deploy("sm");
    expect(dep.contentHash).toMatch(/^[0-9a-f]{16}$/);
    expect(dep.folder).toBe(`sm/${dep.contentHash}`);

    const objects = objectsOf("sm");
    expect(objects.map((o) => o.name).sort()).toEqual(SAVED_MODEL_FILES.map((f) => `sm/${f}`));
    for (const o of objects) {
        const rel = o.name.slice("sm/".length);
        expect(o.inputs).toMatchObject({ bucket: "demo-bucket", name: `sm/${dep.contentHash}/${rel}` });
        expect(o.inputs.source).toBeInstanceOf(pulumi.asset.FileAsset);
        expect(await sourcePath(o)).toBe(path.join(SAVED_MODEL, ...rel.split("/")));
    }
    expect(dep.objects).toHaveLength(SAVED_MODEL_FILES.length);
    expect(dep.packageObjects).toEqual([]);
    expect(await output(dep.packageUris)).toEqual([]);
});

test("registers the Version only after every upload finished, with deploymentUri gs://bucket/prefix/hash/", async () => {
    const dep = await deploy("ordered", { prefix: "models/census" });
    const version = versionOf("ordered");
    const uri = `gs://demo-bucket/models/census/${dep.contentHash}/`;
    expect(version?.inputs).toMatchObject({
        model: "census",
        deploymentUri: uri,
        isDefault: true,
        runtimeVersion: "2.11",
        framework: "TENSORFLOW",
        [wireNames.autonamePrefix]: "ordered",
    });
    expect(version?.inputs.name).toBeUndefined();
    expect(version?.inputs.packageUris).toBeUndefined();
    expect(await output(dep.deploymentUri)).toBe(uri);

    const mine = events.filter((e) => e.name === "ordered" || e.name.startsWith("ordered/"));
    const versionAt = mine.findIndex((e) => e.type === VERSION);
    const created = mine.flatMap((e, i) => (e.event === "created" ? [i] : []));
    expect(created).toHaveLength(SAVED_MODEL_FILES.length);
    expect(Math.max(...created)).toBeLessThan(versionAt);
});

test("waits for uploads into a bucket that is itself an output, and into the bucket's root with an empty prefix", async () => {
    const dep = await deploy("root", { bucket: pulumi.output("late-bucket"), prefix: "" });
    expect(objectsOf("root")[0]?.inputs.name).toMatch(new RegExp(`^${dep.contentHash}/`));
    expect(versionOf("root")?.inputs.deploymentUri).toBe(`gs://late-bucket/${dep.contentHash}/`);
});

test("an unchanged model registers identical objects and the same deploymentUri; a copy elsewhere hashes the same", async () => {
    const a = await deploy("same-a", { prefix: "census" });
    const b = await deploy("same-b", { prefix: "census" });
    const c = await deploy("same-c", { prefix: "census", modelPath: copyModel() });
    expect(b.contentHash).toBe(a.contentHash);
    expect(c.contentHash).toBe(a.contentHash);
    const shape = async (name: string) =>
        Promise.all(
            objectsOf(name).map(async (o) => ({
                file: o.name.slice(name.length),
                bucket: o.inputs.bucket,
                object: o.inputs.name,
                source: await sourcePath(o),
            })),
        );
    expect(await shape("same-b")).toEqual(await shape("same-a"));
    expect(versionOf("same-b")?.inputs.deploymentUri).toBe(versionOf("same-a")?.inputs.deploymentUri);
    expect(versionOf("same-c")?.inputs.deploymentUri).toBe(versionOf("same-a")?.inputs.deploymentUri);
});

test("a changed byte moves every object to a new folder and changes the version's deploymentUri", async () => {
    const before = await deploy("edit-a", { prefix: "census" });
    const changed = copyModel((dir) => {
        const file = path.join(dir, "variables", "variables.data-00000-of-00001");
        const data = fs.readFileSync(file);
        data[100] = (data[100] ?? 0) ^ 1;
        fs.writeFileSync(file, data);
    });
    const after = await deploy("edit-b", { prefix: "census", modelPath: changed });
    expect(after.contentHash).not.toBe(before.contentHash);
    expect(
        objectsOf("edit-b")
            .map((o) => o.inputs.name)
            .sort(),
    ).toEqual(SAVED_MODEL_FILES.map((f) => `census/${after.contentHash}/${f}`));
    expect(versionOf("edit-b")?.inputs.deploymentUri).toBe(`gs://demo-bucket/census/${after.contentHash}/`);
    expect(versionOf("edit-a")?.inputs.deploymentUri).toBe(`gs://demo-bucket/census/${before.contentHash}/`);
});

test("uploads packages under prefix/packages/hash/ and feeds their gs:// URIs to packageUris", async () => {
    const dep = await deploy("cpr", { packages: [PACKAGE], version: { runtimeVersion: "2.11", pythonVersion: "3.7" } });
    const pkg = registered.find((r) => r.type === BUCKET_OBJECT && r.name === "cpr/packages/predictor-0.1.tar.gz");
    expect(pkg?.inputs.name).toMatch(/^cpr\/packages\/[0-9a-f]{16}\/predictor-0\.1\.tar\.gz$/);
    expect(await sourcePath(pkg!)).toBe(PACKAGE);
    const uris = [`gs://demo-bucket/${pkg?.inputs.name}`];
    expect(versionOf("cpr")?.inputs.packageUris).toEqual(uris);
    expect(await output(dep.packageUris)).toEqual(uris);
    const mine = events.filter((e) => e.name.startsWith("cpr"));
    expect(mine.findIndex((e) => e.event === "created" && e.name === pkg?.name)).toBeLessThan(
        mine.findIndex((e) => e.type === VERSION),
    );
});

test("takes the parent from a Model resource and honours makeDefault: false", async () => {
    const model = new Model("census-model", {});
    await deploy("with-model", {
        model,
        makeDefault: false,
        modelPath: path.join(FIXTURES, "sklearn", "model.joblib"),
        version: { runtimeVersion: "2.11", pythonVersion: "3.7", framework: "SCIKIT_LEARN" },
    });
    expect(objectsOf("with-model").map((o) => o.inputs.name)).toEqual([
        expect.stringMatching(/^with-model\/[0-9a-f]{16}\/model\.joblib$/),
    ]);
    expect(versionOf("with-model")?.inputs).toMatchObject({
        model: "census_model_abc1234",
        endpoint: "global",
        isDefault: false,
    });
});

describe("refuses at preview, before registering anything", () => {
    const sparse = (size: number) => {
        const dir = fs.mkdtempSync(path.join(tmpRoot, "big-"));
        fs.writeFileSync(path.join(dir, "model.joblib"), "");
        fs.truncateSync(path.join(dir, "model.joblib"), size);
        return dir;
    };

    test.each<[string, () => Partial<ModelDeploymentArgs>, RegExp | string]>([
        [
            "a missing path",
            () => ({ modelPath: path.join(tmpRoot, "no-such-model") }),
            /^ModelDeployment "bad": model path .*no-such-model does not exist/,
        ],
        [
            "an empty directory",
            () => ({ modelPath: fs.mkdtempSync(path.join(tmpRoot, "empty-")) }),
            /model directory .*empty-\w+ is empty/,
        ],
        [
            "a directory without a model",
            () => ({ modelPath: path.join(FIXTURES, "packages") }),
            /has none of saved_model\.pb.*so AI Platform would reject it/,
        ],
        [
            "a framework that doesn't match the files",
            () => ({ version: { ...versionArgs, framework: "XGBOOST" } }),
            /framework XGBOOST loads model\.bst/,
        ],
        [
            "over 1000 files",
            () => {
                const dir = copyModel();
                for (let i = 0; i < 1000; i++) {
                    fs.writeFileSync(path.join(dir, "assets", `a${i}`), "");
                }
                return { modelPath: dir };
            },
            /holds 1004 files; AI Platform accepts at most 1000 files/,
        ],
        [
            "over 500 MB on the global endpoint (MLS1 by default)",
            () => ({ modelPath: sparse(MLS1_MAX_MODEL_BYTES + 1) }),
            /machine type mls1-c1-m2 \(MLS1\) accepts at most 500\.0 MB/,
        ],
        [
            "over 500 MB when the machine type is an Output (MLS1 assumed)",
            () => ({
                modelPath: sparse(MLS1_MAX_MODEL_BYTES + 1),
                version: { machineType: pulumi.output("n1-standard-4") },
            }),
            /accepts at most 500\.0 MB.*not known at preview/,
        ],
        [
            "over 500 MB on a Model resource without machineType (endpoint unknown, MLS1 assumed)",
            () => ({
                modelPath: sparse(MLS1_MAX_MODEL_BYTES + 1),
                model: new Model("unknown-endpoint", { endpoint: "us-central1" }),
                version: {},
            }),
            /accepts at most 500\.0 MB.*not known at preview/,
        ],
        [
            "over 10 GB on N1",
            () => ({
                modelPath: sparse(N1_MAX_MODEL_BYTES + 1),
                version: { machineType: "n1-standard-4", endpoint: "us-central1" },
            }),
            /is 10\.00 GB \(10,737,418,241 bytes\); machine type n1-standard-4 \(N1\) accepts at most 10\.00 GB/,
        ],
        [
            "a bucket given as a URL",
            () => ({ bucket: "gs://demo-bucket" }),
            /bucket "gs:\/\/demo-bucket" is not a Cloud Storage bucket name/,
        ],
        [
            "a prefix with a space",
            () => ({ prefix: "my model" }),
            /prefix "my model" is not a usable Cloud Storage folder/,
        ],
        [
            "a package that is not a .tar.gz",
            () => ({ packages: [path.join(SAVED_MODEL, "saved_model.pb")] }),
            /saved_model\.pb is not a \.tar\.gz file/,
        ],
    ])("%s", async (_what, args, message) => {
        const before = registered.length;
        const construct = () =>
            new ModelDeployment("bad", {
                modelPath: SAVED_MODEL,
                bucket: "demo-bucket",
                model: "census",
                version: versionArgs,
                ...args(),
            });
        expect(construct).toThrow(message);
        // A RunError: the CLI prints the message without a stack trace.
        expect(construct).toThrow(pulumi.RunError);
        // Observing an absence: there is no event to wait for, so give any registration the constructor might have
        // started a moment (real time) to reach the mock monitor before asserting that none did.
        await sleep(10);
        expect(registered.slice(before).filter((r) => r.name === "bad" || r.name.startsWith("bad/"))).toEqual([]);
    });
});

test.each([
    ["providers: [gcpProvider]", (p: pulumi.ProviderResource) => ({ providers: [p] })],
    ["provider: gcpProvider", (p: pulumi.ProviderResource) => ({ provider: p })],
])("the uploads use the gcp provider passed as %s, not a default one", async (_how, options) => {
    const gcp = await import("@pulumi/gcp");
    const mine = new gcp.Provider("my-gcp", { project: "other-project" });
    const name = `prov${registered.length}`;
    const dep = new ModelDeployment(
        name,
        { modelPath: SAVED_MODEL, bucket: "demo-bucket", model: "census", version: versionArgs },
        options(mine),
    );
    await output(dep.deploymentUri);
    const uploads = objectsOf(name);
    expect(uploads.length).toBeGreaterThan(0);
    for (const upload of uploads) {
        expect(upload.provider).toMatch(/::my-gcp::/);
    }
});
