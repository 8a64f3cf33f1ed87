// models.upload against a real Cloud Storage emulator (fake-gcs-server): with a storage endpoint the emulator checks
// what Vertex AI needs before a prebuilt container can serve (artifactUri lists objects, and the framework's model file
// sits at its root); a failed check ends the upload's operation with INVALID_ARGUMENT and the version is gone. The
// operation is awaited with :wait, which answers the moment it completes (no polling, no sleeps).

import { startEmulator, type EmulatorHandle } from "../../../emulator";
import { callApi, type Json } from "../../helpers/emulatorProcess";
import { startFakeGcs, type FakeGcs } from "../../helpers/fakeGcs";

jest.setTimeout(60_000);

const BUCKET = "vertex-artifacts";
const L = "/v1/projects/p/locations/us-central1";
const PREBUILT = (framework: string) => `us-docker.pkg.dev/vertex-ai/prediction/${framework}:latest`;
let gcs: FakeGcs;
let emulator: EmulatorHandle;
let counter = 0;

beforeAll(async () => {
    gcs = await startFakeGcs();
    await gcs.createBucket(BUCKET);
    emulator = await startEmulator({ port: 0, storageUrl: `${gcs.url}/storage/v1/` });
});
afterAll(async () => {
    await emulator?.stop();
    await gcs?.stop();
});

async function put(name: string): Promise<void> {
    const res = await fetch(
        `${gcs.url}/upload/storage/v1/b/${BUCKET}/o?uploadType=media&name=${encodeURIComponent(name)}`,
        { method: "POST", body: "bytes" },
    );
    expect(res.status).toBe(200);
}

/** Uploads a model from `artifactUri` and returns its finished operation. */
async function upload(modelId: string, artifactUri: string, imageUri: string): Promise<Json> {
    const started = await callApi(emulator.url, "POST", `${L}/models:upload`, {
        modelId,
        model: { displayName: modelId, artifactUri, containerSpec: { imageUri } },
    });
    expect(started.status).toBe(200);
    const done = await callApi(emulator.url, "POST", `/v1/${started.body.name as string}:wait?timeout=30s`, {});
    expect(done.body.done).toBe(true);
    return done.body;
}

describe("models.upload checks Cloud Storage", () => {
    test.each<{ title: string; files: string[]; image: string; uri?: string; error?: string }>([
        { title: "scikit-learn model.joblib", files: ["model.joblib"], image: PREBUILT("sklearn-cpu.1-3") },
        {
            title: "scikit-learn model.pkl beside a folder",
            files: ["model.pkl", "assets/vocab.txt"],
            image: PREBUILT("sklearn-cpu.1-3"),
        },
        { title: "XGBoost model.bst", files: ["model.bst"], image: PREBUILT("xgboost-cpu.1-7") },
        {
            title: "TensorFlow saved_model.pb",
            files: ["saved_model.pb", "variables/v.index"],
            image: PREBUILT("tf2-cpu.2-12"),
        },
        { title: "PyTorch model.mar", files: ["model.mar"], image: PREBUILT("pytorch-gpu.2-1") },
        {
            title: "a custom container loads whatever it likes",
            files: ["weights.bin"],
            image: "us-central1-docker.pkg.dev/p/serving/churn:1",
        },
        {
            title: "scikit-learn without its model file",
            files: ["model.bst", "README.md"],
            image: PREBUILT("sklearn-cpu.1-3"),
            error: "has no model file for the sklearn prebuilt container us-docker.pkg.dev/vertex-ai/prediction/sklearn-cpu.1-3:latest: expected one of model.joblib, model.pkl at its root (found: README.md, model.bst)",
        },
        {
            title: "the model file one folder down",
            files: ["model/model.joblib"],
            image: PREBUILT("sklearn-cpu.1-3"),
            error: "expected one of model.joblib, model.pkl at its root (found: only subdirectories)",
        },
        {
            title: "TensorFlow without a SavedModel",
            files: ["model.h5"],
            image: PREBUILT("tf2-cpu.2-12"),
            error: "expected one of saved_model.pb, saved_model.pbtxt at its root",
        },
        {
            title: "nothing under the URI",
            files: [],
            image: PREBUILT("sklearn-cpu.1-3"),
            error: "is empty: no objects found under it.",
        },
        {
            title: "a bucket that does not exist",
            files: [],
            image: PREBUILT("sklearn-cpu.1-3"),
            uri: "gs://no-such-bucket/m/",
            error: "Model artifact_uri gs://no-such-bucket/m/: the bucket no-such-bucket does not exist.",
        },
    ])("$title", async ({ files, image, uri, error }) => {
        const folder = `case${counter++}`;
        for (const f of files) await put(`${folder}/${f}`);
        const modelId = `m${counter++}`;
        const op = await upload(modelId, uri ?? `gs://${BUCKET}/${folder}/`, image);
        const model = await callApi(emulator.url, "GET", `${L}/models/${modelId}`);
        if (error === undefined) {
            expect(op.error).toBeUndefined();
            expect(op.response).toMatchObject({ modelVersionId: "1" });
            expect(model.status).toBe(200);
        } else {
            // Google's shape for a failed long-running call: the operation ends with a google.rpc.Status
            expect(op.error).toEqual({ code: 3, message: expect.stringContaining(error) });
            expect(op.response).toBeUndefined();
            expect(model.status).toBe(404);
        }
    });

    test("the EMULATOR_PREDICT_FAILS marker uploads fine and makes the version's predictions fail", async () => {
        for (const f of ["model.joblib", "EMULATOR_PREDICT_FAILS"]) await put(`marked/${f}`);
        await upload("marked", `gs://${BUCKET}/marked/`, PREBUILT("sklearn-cpu.1-3"));
        await callApi(emulator.url, "POST", `${L}/endpoints?endpointId=marked`, { displayName: "marked" });
        const deployed = await callApi(emulator.url, "POST", `${L}/endpoints/marked:deployModel`, {
            deployedModel: {
                model: "projects/p/locations/us-central1/models/marked",
                dedicatedResources: { machineSpec: { machineType: "n1-standard-2" }, minReplicaCount: 1 },
            },
            trafficSplit: { "0": 100 },
        });
        expect(deployed.body.done).toBe(true);
        const predicted = await callApi(emulator.url, "POST", `${L}/endpoints/marked:predict`, { instances: [[1]] });
        expect(predicted.status).toBe(500);
        expect(predicted.body.error.message).toContain("EMULATOR_PREDICT_FAILS");
    });
});
