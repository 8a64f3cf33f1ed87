// versions.create against a real Cloud Storage emulator (fake-gcs-server): with a storage endpoint the emulator checks
// what Google checks (deploymentUri holds a model file for the framework at its root, every packageUris object
// exists) and a failed check ends the operation with an error and the version FAILED; without one, nothing is checked.

import { startEmulator, type EmulatorHandle } from "../../emulator";
import { parseArgs } from "../../emulator/main";
import { callApi, sleep, type Json } from "../helpers/emulatorProcess";
import { startFakeGcs, type FakeGcs } from "../helpers/fakeGcs";

jest.setTimeout(60_000);

const BUCKET = "artifacts-test";
let gcs: FakeGcs;
let emulator: EmulatorHandle;
let counter = 0;

beforeAll(async () => {
    gcs = await startFakeGcs();
    await gcs.createBucket(BUCKET);
    emulator = await startEmulator({ storageUrl: `${gcs.url}/storage/v1/` });
});
afterAll(async () => {
    await emulator?.stop();
    await gcs?.stop();
});

async function upload(name: string, body = "bytes"): Promise<void> {
    const res = await fetch(
        `${gcs.url}/upload/storage/v1/b/${BUCKET}/o?uploadType=media&name=${encodeURIComponent(name)}`,
        {
            method: "POST",
            body,
        },
    );
    expect(res.status).toBe(200);
}

/** Creates a model and a version in it, waits for the operation, and returns the version as the API shows it. */
async function createVersion(version: Record<string, unknown>): Promise<Json> {
    const model = `m${counter++}`;
    expect((await callApi(emulator.url, "POST", "/v1/projects/p/models", { name: model })).status).toBe(200);
    const created = await callApi(emulator.url, "POST", `/v1/projects/p/models/${model}/versions`, {
        name: "v1",
        runtimeVersion: "2.11",
        pythonVersion: "3.7",
        ...version,
    });
    expect(created.status).toBe(200);
    for (let i = 0; i < 200; i++) {
        const op = await callApi(emulator.url, "GET", `/v1/${created.body.name as string}`);
        if (op.body.done) break;
        await sleep(25);
    }
    return (await callApi(emulator.url, "GET", `/v1/projects/p/models/${model}/versions/v1`)).body;
}

const uri = (folder: string) => `gs://${BUCKET}/${folder}/`;

describe("versions.create checks Cloud Storage", () => {
    const cases: {
        title: string;
        files: string[];
        version: (dir: string) => Record<string, unknown>;
        error?: string;
    }[] = [
        {
            title: "scikit-learn model.joblib",
            files: ["model.joblib"],
            version: (d) => ({ deploymentUri: d, framework: "SCIKIT_LEARN" }),
        },
        {
            title: "scikit-learn model.pkl beside other files",
            files: ["model.pkl", "assets/vocab.txt"],
            version: (d) => ({ deploymentUri: d, framework: "SCIKIT_LEARN" }),
        },
        {
            title: "XGBoost model.bst",
            files: ["model.bst"],
            version: (d) => ({ deploymentUri: d, framework: "XGBOOST" }),
        },
        {
            title: "SavedModel (framework defaults to TENSORFLOW)",
            files: ["saved_model.pb", "variables/variables.index"],
            version: (d) => ({ deploymentUri: d }),
        },
        {
            title: "a deploymentUri without the trailing slash",
            files: ["model.joblib"],
            version: (d) => ({ deploymentUri: d.replace(/\/$/, ""), framework: "SCIKIT_LEARN" }),
        },
        {
            title: "scikit-learn with only an XGBoost file",
            files: ["model.bst"],
            version: (d) => ({ deploymentUri: d, framework: "SCIKIT_LEARN" }),
            error: "Could not find a model file under gs://artifacts-test/F/; SCIKIT_LEARN expects one of model.joblib, model.pkl (found: model.bst)",
        },
        {
            title: "a misspelled model file",
            files: ["model.jolib"],
            version: (d) => ({ deploymentUri: d, framework: "SCIKIT_LEARN" }),
            error: "(found: model.jolib)",
        },
        {
            title: "the model file one directory too deep",
            files: ["export/model.joblib"],
            version: (d) => ({ deploymentUri: d, framework: "SCIKIT_LEARN" }),
            error: "(found: only subdirectories)",
        },
        {
            title: "a SavedModel directory without saved_model.pb",
            files: ["variables/variables.index"],
            version: (d) => ({ deploymentUri: d, framework: "TENSORFLOW" }),
            error: "Create Version failed. Model validation failed: SavedModel directory gs://artifacts-test/F/ is expected to contain exactly one of: [saved_model.pb, saved_model.pbtxt].",
        },
        {
            title: "an empty directory",
            files: [],
            version: (d) => ({ deploymentUri: d, framework: "SCIKIT_LEARN" }),
            error: 'Create Version failed. Bad model detected with error: "Failed to load model: no objects found under gs://artifacts-test/F/ (Error code: 0)"',
        },
        {
            title: "a bucket that does not exist",
            files: [],
            version: () => ({ deploymentUri: "gs://no-such-bucket/m/", framework: "SCIKIT_LEARN" }),
            error: "the bucket no-such-bucket does not exist",
        },
        {
            title: "a custom prediction routine whose package is missing",
            files: ["model.pkl"],
            version: (d) => ({
                deploymentUri: d,
                framework: "SCIKIT_LEARN",
                predictionClass: "predictor.MyPredictor",
                packageUris: [`gs://${BUCKET}/packages/missing.tar.gz`],
            }),
            error: `the package gs://${BUCKET}/packages/missing.tar.gz does not exist`,
        },
        {
            title: "a custom prediction routine whose package exists (no model file needed)",
            files: ["predictor.pkl", "../packages/present.tar.gz"],
            version: (d) => ({
                deploymentUri: d,
                predictionClass: "predictor.MyPredictor",
                packageUris: [`gs://${BUCKET}/packages/present.tar.gz`],
            }),
        },
    ];

    test.each(cases)("$title", async ({ files, version, error }) => {
        const folder = `case${counter++}`;
        for (const f of files) await upload(f.startsWith("../") ? f.slice(3) : `${folder}/${f}`);
        const v = await createVersion(version(uri(folder)));
        if (error === undefined) {
            expect(v).toMatchObject({ state: "READY" });
            expect(v.errorMessage).toBeUndefined();
        } else {
            expect(v.state).toBe("FAILED");
            expect(v.errorMessage).toContain(error.replace(/\/F\//g, `/${folder}/`));
        }
    });

    test("files are checked as they are when versions.create arrives, not when the operation ends", async () => {
        emulator.setDurations({ createVersion: 1000 });
        try {
            const folder = `late${counter++}`;
            const model = `m${counter++}`;
            await callApi(emulator.url, "POST", "/v1/projects/p/models", { name: model });
            const created = await callApi(emulator.url, "POST", `/v1/projects/p/models/${model}/versions`, {
                name: "v1",
                runtimeVersion: "2.11",
                pythonVersion: "3.7",
                framework: "SCIKIT_LEARN",
                deploymentUri: uri(folder),
            });
            expect(created.status).toBe(200);
            // Upload only once the emulator's listing of the folder has been answered (the log line is written
            // after the response), so the outcome does not depend on which request a loaded machine serves first.
            const listed = () =>
                gcs
                    .requests()
                    .some((r) => r.method === "GET" && decodeURIComponent(r.target).includes(`prefix=${folder}/`));
            for (const deadline = Date.now() + 30_000; !listed() && Date.now() < deadline;) await sleep(20);
            expect(listed()).toBe(true);
            await upload(`${folder}/model.joblib`); // too late: Google copies the files at create time
            let op: Json;
            do {
                await sleep(50);
                op = (await callApi(emulator.url, "GET", `/v1/${created.body.name as string}`)).body;
            } while (!op.done);
            expect(op.error).toEqual({ code: 3, message: expect.stringContaining("no objects found under") });
        } finally {
            emulator.setDurations({ createVersion: 0 });
        }
    }, 60_000);

    test("the failed operation and the FAILED version carry the same Google-style message", async () => {
        const folder = `same${counter++}`;
        await upload(`${folder}/model.bst`);
        const v = await createVersion({ deploymentUri: uri(folder), framework: "SCIKIT_LEARN" });
        const ops = (await callApi(emulator.url, "GET", "/v1/projects/p/operations")).body.operations as Json[];
        const op = ops.find((o) => o.metadata.version?.deploymentUri === uri(folder));
        expect(op.error.message).toBe(v.errorMessage);
        expect(v.errorMessage).toMatch(
            /^Create Version failed\. Bad model detected with error: ".*\(Error code: 0\)"$/,
        );
    });
});

describe("the Cloud Storage endpoint", () => {
    test("is set, read and removed through the admin API; without it nothing is checked", async () => {
        const admin = `${emulator.url}/__emulator/storage`;
        expect((await callApi(emulator.url, "GET", "/__emulator/storage")).body).toEqual({ url: gcs.url });
        const off = await fetch(admin, { method: "POST", body: JSON.stringify({ url: null }) });
        expect(await off.json()).toEqual({ url: null });
        try {
            // Nothing at that path and no such bucket: READY all the same, as before this check existed.
            const v = await createVersion({ deploymentUri: "gs://no-such-bucket/m/", framework: "SCIKIT_LEARN" });
            expect(v.state).toBe("READY");
        } finally {
            const on = await fetch(admin, { method: "POST", body: JSON.stringify({ url: `${gcs.url}/storage/v1/` }) });
            expect(await on.json()).toEqual({ url: gcs.url });
        }
        const bad = await fetch(admin, { method: "POST", body: JSON.stringify({ url: 42 }) });
        expect(bad.status).toBe(400);
    });

    test("a reset keeps it, like the durations", async () => {
        emulator.reset();
        expect((await callApi(emulator.url, "GET", "/__emulator/storage")).body).toEqual({ url: gcs.url });
    });
});

describe("--storage-url", () => {
    test("sets the endpoint, from the flag or ML_EMULATOR_STORAGE_URL", () => {
        expect(parseArgs(["--storage-url", "http://127.0.0.1:4443/storage/v1/"], {})).toMatchObject({
            storageUrl: "http://127.0.0.1:4443/storage/v1/",
        });
        expect(parseArgs([], { ML_EMULATOR_STORAGE_URL: "http://localhost:9000" })).toMatchObject({
            storageUrl: "http://localhost:9000",
        });
        expect(parseArgs([], {})).not.toHaveProperty("storageUrl");
    });

    test.each(["https://storage.googleapis.com", "http://10.0.0.1:4443", "not a url"])("refuses %s", (url) => {
        expect(() => parseArgs(["--storage-url", url], {})).toThrow();
    });
});
