// Behaviour of the ml.googleapis.com v1 emulator, driven over HTTP.

import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator, type EmulatorHandle, type FaultSpec } from "../../emulator";
import { AUTH, callApi, rawRequest, sleep, type ApiResponse, type Json } from "../helpers/emulatorProcess";

const PROJECT = "demo";
const P = `/v1/projects/${PROJECT}`;
const ETAG_RE = /^[A-Za-z0-9+/]{11}=$/;
const TS_RE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

let emu: EmulatorHandle;

beforeAll(async () => {
    emu = await startEmulator({ port: 0, projectNumber: "123456789012" });
});
afterAll(async () => {
    await emu.stop();
});
beforeEach(() => {
    emu.reset();
    emu.setDurations({ createVersion: 0, updateVersion: 0, deleteVersion: 0, updateModel: 0, deleteModel: 0 });
});

const api = (method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiResponse> =>
    callApi(emu.url, method, path, body, headers);

const BASIC_VERSION = { deploymentUri: "gs://bucket/model", runtimeVersion: "2.11", pythonVersion: "3.7" };
const REGIONAL = "/us-central1";

async function createModel(name: string, extra: Record<string, unknown> = {}, prefix = ""): Promise<Json> {
    const r = await api("POST", `${prefix}${P}/models`, { name, ...extra });
    expect(r.status).toBe(200);
    return r.body;
}

async function createVersion(
    model: string,
    name: string,
    extra: Record<string, unknown> = {},
    prefix = "",
): Promise<Json> {
    const r = await api("POST", `${prefix}${P}/models/${model}/versions`, { name, ...BASIC_VERSION, ...extra });
    expect(r.status).toBe(200);
    return r.body;
}

async function getOp(op: Json, prefix = ""): Promise<Json> {
    const r = await api("GET", `${prefix}/v1/${op.name as string}`);
    expect(r.status).toBe(200);
    return r.body;
}

/** Create model + READY version (durations are 0, so the next request completes the operation). */
async function modelWithVersions(
    model: string,
    versions: string[],
    prefix = "",
    extra: Record<string, unknown> = {},
): Promise<void> {
    await createModel(model, {}, prefix);
    for (const v of versions) {
        const op = await createVersion(model, v, extra, prefix);
        expect((await getOp(op, prefix)).done).toBe(true);
    }
}

function expectError(r: ApiResponse, code: number, status: string, message?: string | RegExp): void {
    expect(r.status).toBe(code);
    expect(r.body.error.code).toBe(code);
    expect(r.body.error.status).toBe(status);
    if (typeof message === "string") expect(r.body.error.message).toBe(message);
    else if (message) expect(r.body.error.message).toMatch(message);
}

// ------------------------------------------------------------------------------------------ models

describe("models.create / get / list", () => {
    test("create is synchronous and returns the Model with full name, etag and default region", async () => {
        const r = await api("POST", `${P}/models`, { name: "m1", description: "d", labels: { env: "dev" } });
        expect(r.status).toBe(200);
        expect(r.body).toEqual({
            name: `projects/${PROJECT}/models/m1`,
            description: "d",
            regions: ["us-central1"],
            labels: { env: "dev" },
            etag: expect.stringMatching(ETAG_RE),
        });
        const g = await api("GET", `${P}/models/m1`);
        expect(g.body).toEqual(r.body);
        expect(g.body.defaultVersion).toBeUndefined();
    });

    test("proto3 defaults are omitted (false booleans)", async () => {
        const m = await createModel("m1", { onlinePredictionLogging: false, onlinePredictionConsoleLogging: true });
        expect(m).not.toHaveProperty("onlinePredictionLogging");
        expect(m.onlinePredictionConsoleLogging).toBe(true);
    });

    test("duplicate name -> 409 ALREADY_EXISTS with BadRequest details (exact)", async () => {
        await createModel("m1");
        const r = await api("POST", `${P}/models`, { name: "m1" });
        expect(r.status).toBe(409);
        expect(r.body).toEqual({
            error: {
                code: 409,
                message: "Field: model.name Error: A model with the same name already exists.",
                status: "ALREADY_EXISTS",
                details: [
                    {
                        "@type": "type.googleapis.com/google.rpc.BadRequest",
                        fieldViolations: [
                            { field: "model.name", description: "A model with the same name already exists." },
                        ],
                    },
                ],
            },
        });
    });

    test.each([
        ["a", true],
        ["A1_b", true],
        ["x".repeat(128), true],
        ["1abc", false],
        ["_a", false],
        ["a-b", false],
        ["a.b", false],
        ["", false],
        ["x".repeat(129), false],
        ["modèle", false],
    ])("model name %j valid=%s", async (name, valid) => {
        const r = await api("POST", `${P}/models`, { name });
        if (valid) {
            expect(r.status).toBe(200);
        } else {
            expectError(r, 400, "INVALID_ARGUMENT", /^Field: model\.name Error: A name should start with a letter/);
            expect(r.body.error.details[0].fieldViolations[0].field).toBe("model.name");
        }
    });

    test("missing name -> 400", async () => {
        expectError(await api("POST", `${P}/models`, {}), 400, "INVALID_ARGUMENT", /model\.name/);
    });

    const sixtyFour = Object.fromEntries(Array.from({ length: 64 }, (_, i) => [`k${i}`, "v"]));
    const sixtyFive = Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`k${i}`, "v"]));
    test.each([
        [{ env: "dev" }, true],
        [{ "k_1-2": "v_1-2" }, true],
        [{ ключ: "значение" }, true],
        [{ 键: "值" }, true],
        [{ a: "" }, true],
        [{ ["a".repeat(63)]: "b".repeat(63) }, true],
        [sixtyFour, true],
        [sixtyFive, false],
        [{ Env: "x" }, false],
        [{ "1a": "x" }, false],
        [{ _a: "x" }, false],
        [{ a: "UP" }, false],
        [{ ["a".repeat(64)]: "x" }, false],
        [{ a: "x".repeat(64) }, false],
        [{ "a b": "c" }, false],
        [{ "": "x" }, false],
        [{ a: "x.y" }, false],
    ])("labels %#: valid=%s (model and version)", async (labels, valid) => {
        const m = await api("POST", `${P}/models`, { name: "m1", labels });
        if (!valid) {
            expectError(m, 400, "INVALID_ARGUMENT", /^Field: model\.labels Error: /);
            return;
        }
        expect(m.status).toBe(200);
        const v = await api("POST", `${P}/models/m1/versions`, { name: "v1", ...BASIC_VERSION, labels });
        expect(v.status).toBe(200);
    });

    test("invalid version labels -> 400 naming version.labels", async () => {
        await createModel("m1");
        const r = await api("POST", `${P}/models/m1/versions`, { name: "v1", ...BASIC_VERSION, labels: { Bad: "x" } });
        expectError(r, 400, "INVALID_ARGUMENT", /^Field: version\.labels Error: /);
    });

    test("regions: more than one, unknown, regional mismatch, console logging on regional -> 400", async () => {
        expectError(
            await api("POST", `${P}/models`, { name: "m1", regions: ["us-central1", "europe-west4"] }),
            400,
            "INVALID_ARGUMENT",
            "Field: model.regions Error: Only one region per model is supported.",
        );
        expectError(
            await api("POST", `${P}/models`, { name: "m1", regions: ["mars-north1"] }),
            400,
            "INVALID_ARGUMENT",
            /model\.regions/,
        );
        expectError(
            await api("POST", `${REGIONAL}${P}/models`, { name: "m1", regions: ["europe-west4"] }),
            400,
            "INVALID_ARGUMENT",
            /model\.regions/,
        );
        expectError(
            await api("POST", `${REGIONAL}${P}/models`, { name: "m1", onlinePredictionConsoleLogging: true }),
            400,
            "INVALID_ARGUMENT",
            /online_prediction_console_logging/,
        );
        const ok = await createModel("m1", { regions: ["europe-west4"] });
        expect(ok.regions).toEqual(["europe-west4"]);
        const regional = await createModel("m1", {}, REGIONAL);
        expect(regional.regions).toEqual(["us-central1"]);
    });

    test("output-only fields in the create body are ignored", async () => {
        const m = await createModel("m1", { etag: "AAAAAAAAAAA=", defaultVersion: { name: "v9" } });
        expect(m.etag).not.toBe("AAAAAAAAAAA=");
        expect(m.defaultVersion).toBeUndefined();
    });

    test("get of a missing model -> 404 NOT_FOUND with BadRequest detail", async () => {
        const r = await api("GET", `${P}/models/nope`);
        expectError(
            r,
            404,
            "NOT_FOUND",
            `Field: name Error: The model resource: "nope" was not found. Please create the model resource first by using 'gcloud ai-platform models create nope'.`,
        );
        expect(r.body.error.details[0]["@type"]).toBe("type.googleapis.com/google.rpc.BadRequest");
    });

    test("list of nothing returns exactly {}", async () => {
        const r = await api("GET", `${P}/models`);
        expect(r.status).toBe(200);
        expect(r.body).toEqual({});
        expect(r.text.trim()).toBe("{}");
    });

    test("list is sorted by name and paginates (default 20, opaque token)", async () => {
        const names = Array.from({ length: 25 }, (_, i) => `m${String(i).padStart(2, "0")}`).reverse();
        for (const n of names) await createModel(n);
        const first = await api("GET", `${P}/models`);
        expect(first.body.models).toHaveLength(20);
        expect(first.body.models[0].name).toBe(`projects/${PROJECT}/models/m00`);
        expect(first.body.models[19].name).toBe(`projects/${PROJECT}/models/m19`);
        expect(typeof first.body.nextPageToken).toBe("string");
        expect(first.body.nextPageToken).not.toMatch(/m19/);
        const second = await api(
            "GET",
            `${P}/models?pageToken=${encodeURIComponent(first.body.nextPageToken as string)}`,
        );
        expect(second.body.models.map((m: Json) => m.name)).toEqual(
            ["m20", "m21", "m22", "m23", "m24"].map((n) => `projects/${PROJECT}/models/${n}`),
        );
        expect(second.body).not.toHaveProperty("nextPageToken");
    });

    test.each([
        ["pageSize=5", 5, true],
        ["page_size=5", 5, true],
        ["pageSize=0", 20, true],
        ["pageSize=500", 100, true],
        ["pageSize=100", 100, true],
    ])("page size %s -> %d items", async (query, expected, more) => {
        emu.setQuotas({ maxModels: 0 }); // 105 models: more than Google's 100 per project (quotas.test.ts)
        for (let i = 0; i < 105; i++) await createModel(`m${String(i).padStart(3, "0")}`);
        emu.setQuotas({ maxModels: 100 });
        const r = await api("GET", `${P}/models?${query}`);
        expect(r.body.models).toHaveLength(expected);
        expect("nextPageToken" in r.body).toBe(more);
    });

    test("invalid pageSize / pageToken -> 400", async () => {
        expectError(await api("GET", `${P}/models?pageSize=abc`), 400, "INVALID_ARGUMENT", /page_size/);
        expectError(await api("GET", `${P}/models?pageToken=garbage`), 400, "INVALID_ARGUMENT", /page_token/);
    });

    test("projects are separate", async () => {
        await createModel("m1");
        expect((await api("GET", "/v1/projects/other/models")).body).toEqual({});
        expect((await api("GET", "/v1/projects/other/models/m1")).status).toBe(404);
    });
});

// ------------------------------------------------------------------------------------------ request decoding

describe("request decoding (ESF transcoding)", () => {
    test("snake_case keys are accepted at every level; label keys are kept verbatim", async () => {
        await createModel("m1");
        const op = await api("POST", `${REGIONAL}${P}/models/m1/versions`, {}); // model m1 is global only
        expect(op.status).toBe(404);
        await createModel("m1", {}, REGIONAL);
        const r = await api("POST", `${REGIONAL}${P}/models/m1/versions`, {
            name: "v1",
            deployment_uri: "gs://b/m",
            runtime_version: "2.11",
            python_version: "3.7",
            machine_type: "n1-standard-4",
            auto_scaling: { min_nodes: 2, max_nodes: "4" },
            labels: { my_key: "my_value" },
        });
        expect(r.status).toBe(200);
        const v = (await api("GET", `${REGIONAL}${P}/models/m1/versions/v1`)).body;
        expect(v).toMatchObject({
            deploymentUri: "gs://b/m",
            runtimeVersion: "2.11",
            pythonVersion: "3.7",
            machineType: "n1-standard-4",
            autoScaling: { minNodes: 2, maxNodes: 4 },
            labels: { my_key: "my_value" },
        });
        expect(Object.keys(v).some((k) => k.includes("_"))).toBe(false);
    });

    test("unknown field -> 400 'Unknown name' (ESF wording, nested path)", async () => {
        const r = await api("POST", `${P}/models`, { name: "m1", colour: "red" });
        expectError(
            r,
            400,
            "INVALID_ARGUMENT",
            `Invalid JSON payload received. Unknown name "colour" at 'model': Cannot find field.`,
        );
        await createModel("m1");
        const v = await api("POST", `${P}/models/m1/versions`, {
            name: "v1",
            ...BASIC_VERSION,
            autoScaling: { minNodez: 1 },
        });
        expectError(
            v,
            400,
            "INVALID_ARGUMENT",
            `Invalid JSON payload received. Unknown name "minNodez" at 'version.auto_scaling': Cannot find field.`,
        );
    });

    test.each([
        [{ description: 5 }, "Invalid value at 'model.description' (TYPE_STRING), 5"],
        [{ onlinePredictionLogging: "yes" }, `Invalid value at 'model.online_prediction_logging' (TYPE_BOOL), "yes"`],
        [{ regions: "us-central1" }, /Invalid value at 'model\.regions'/],
        [{ labels: { a: 1 } }, /Invalid value at 'model\.labels\[a\]' \(TYPE_STRING\), 1/],
        [{ etag: "not base64!" }, /Invalid value at 'model\.etag' \(TYPE_BYTES\)/],
    ])("type error %j -> 400", async (extra, message) => {
        expectError(await api("POST", `${P}/models`, { name: "m1", ...extra }), 400, "INVALID_ARGUMENT", message);
    });

    test("enum and int32 checking on versions", async () => {
        await createModel("m1");
        expectError(
            await api("POST", `${P}/models/m1/versions`, { name: "v1", ...BASIC_VERSION, framework: "PYTORCH" }),
            400,
            "INVALID_ARGUMENT",
            `Invalid value at 'version.framework' (type.googleapis.com/google.cloud.ml.v1.Version.Framework), "PYTORCH"`,
        );
        expectError(
            await api("POST", `${P}/models/m1/versions`, {
                name: "v1",
                ...BASIC_VERSION,
                autoScaling: { minNodes: 1.5 },
            }),
            400,
            "INVALID_ARGUMENT",
            "Invalid value at 'version.auto_scaling.min_nodes' (TYPE_INT32), 1.5",
        );
    });

    test("invalid JSON -> 400", async () => {
        expectError(
            await api("POST", `${P}/models`, "{not json"),
            400,
            "INVALID_ARGUMENT",
            /^Invalid JSON payload received\./,
        );
    });

    test("standard parameters are accepted; prettyPrint=false gives compact JSON", async () => {
        await createModel("m1");
        const r = await api(
            "GET",
            `${P}/models/m1?alt=json&%24.xgafv=2&key=abc&quotaUser=q&fields=name&prettyPrint=false&callback=&upload_protocol=raw&uploadType=media`,
        );
        expect(r.status).toBe(200);
        expect(r.text).not.toContain("\n");
        const pretty = await api("GET", `${P}/models/m1?alt=json`);
        expect(pretty.text).toContain('\n  "name"');
    });

    test("unknown query parameter -> 400 'Cannot bind query parameter'", async () => {
        const r = await api("GET", `${P}/models?colour=red`);
        expectError(
            r,
            400,
            "INVALID_ARGUMENT",
            `Invalid JSON payload received. Unknown name "colour": Cannot bind query parameter. Field 'colour' could not be found in request message.`,
        );
        // updateMask only binds on patch
        expect((await api("GET", `${P}/models?updateMask=description`)).status).toBe(400);
    });

    test("unknown routes and methods -> 404", async () => {
        expect((await api("GET", "/v2/projects/demo/models")).status).toBe(404);
        expect((await api("PUT", `${P}/models/m1`, {})).status).toBe(404);
        expect((await api("GET", `/mars-north1${P}/models`)).status).toBe(404);
    });

    test("X-HTTP-Method-Override on POST is honoured", async () => {
        await createModel("m1");
        const r = await api(
            "POST",
            `${P}/models/m1?updateMask=description`,
            { description: "x" },
            { ...AUTH, "X-HTTP-Method-Override": "PATCH" },
        );
        expect(r.status).toBe(200);
        expect(r.body.metadata.operationType).toBe("UPDATE_MODEL");
    });
});

// ------------------------------------------------------------------------------------------ auth

describe("auth", () => {
    test.each([
        ["no header", {}],
        ["empty bearer", { Authorization: "Bearer " }],
        ["basic auth", { Authorization: "Basic dXNlcjpwYXNz" }],
    ])("%s -> 401 UNAUTHENTICATED", async (_label, headers) => {
        const r = await api("GET", `${P}/models`, undefined, headers as Record<string, string>);
        expectError(r, 401, "UNAUTHENTICATED", /^Request is missing required authentication credential\./);
        expect(r.headers.get("www-authenticate")).toMatch(/^Bearer/);
        expect(r.body.error.details[0]).toMatchObject({
            "@type": "type.googleapis.com/google.rpc.ErrorInfo",
            reason: "CREDENTIALS_MISSING",
            metadata: { method: "google.cloud.ml.v1.ModelService.ListModels", service: "ml.googleapis.com" },
        });
    });

    test("a 401 applies no change", async () => {
        const r = await api("POST", `${P}/models`, { name: "m1" }, {});
        expect(r.status).toBe(401);
        expect((await api("GET", `${P}/models/m1`)).status).toBe(404);
    });

    test("access_token query parameter is accepted", async () => {
        expect((await api("GET", `${P}/models?access_token=tok`, undefined, {})).status).toBe(200);
    });
});

// ------------------------------------------------------------------------------------------ versions

describe("versions.create and the operation it returns", () => {
    test("create returns a running Operation of the documented shape", async () => {
        await createModel("m1", { labels: { team: "a" } });
        const before = Date.now();
        const op = await createVersion("m1", "v1", { labels: { v: "1" } });
        expect(op.name).toMatch(new RegExp(`^projects/${PROJECT}/operations/create_m1_v1-(\\d{13})$`));
        const millis = Number(/-(\d{13})$/.exec(op.name as string)?.[1]);
        expect(millis).toBeGreaterThanOrEqual(before);
        expect(millis).toBeLessThanOrEqual(Date.now());
        expect(op).not.toHaveProperty("done");
        expect(op).not.toHaveProperty("response");
        expect(op.metadata).toEqual({
            "@type": "type.googleapis.com/google.cloud.ml.v1.OperationMetadata",
            createTime: expect.stringMatching(TS_RE),
            startTime: expect.stringMatching(TS_RE),
            operationType: "CREATE_VERSION",
            modelName: `projects/${PROJECT}/models/m1`,
            version: {
                name: `projects/${PROJECT}/models/m1/versions/v1`,
                deploymentUri: "gs://bucket/model",
                createTime: expect.stringMatching(TS_RE),
                runtimeVersion: "2.11",
                machineType: "mls1-c1-m2",
                labels: { v: "1" },
                etag: expect.stringMatching(ETAG_RE),
                framework: "TENSORFLOW",
                pythonVersion: "3.7",
            },
            projectNumber: "123456789012",
            labels: { v: "1" },
        });
    });

    test("finished create: done + response Version (bare name) and the first version becomes default", async () => {
        await createModel("m1");
        const op = await createVersion("m1", "v1");
        const done = await getOp(op);
        expect(done.done).toBe(true);
        expect(done.metadata.endTime).toMatch(TS_RE);
        expect(done).not.toHaveProperty("error");
        expect(done.response).toMatchObject({
            "@type": "type.googleapis.com/google.cloud.ml.v1.Version",
            name: "v1",
            state: "READY",
            isDefault: true,
        });
        const v = (await api("GET", `${P}/models/m1/versions/v1`)).body;
        expect(v).toMatchObject({ name: `projects/${PROJECT}/models/m1/versions/v1`, state: "READY", isDefault: true });
        const m = (await api("GET", `${P}/models/m1`)).body;
        expect(m.defaultVersion).toEqual(v);
    });

    test("second version does not become default", async () => {
        await modelWithVersions("m1", ["v1", "v2"]);
        const v2 = (await api("GET", `${P}/models/m1/versions/v2`)).body;
        expect(v2).not.toHaveProperty("isDefault");
        expect((await api("GET", `${P}/models/m1`)).body.defaultVersion.name).toBe(
            `projects/${PROJECT}/models/m1/versions/v1`,
        );
    });

    test("server defaults: machine type per endpoint, framework, createTime; requestLoggingConfig dropped", async () => {
        await createModel("m1");
        await createModel("m1", {}, REGIONAL);
        await createVersion("m1", "v1", { requestLoggingConfig: { bigqueryTableName: "p.d.t" } });
        await createVersion("m1", "v1", {}, REGIONAL);
        const g = (await api("GET", `${P}/models/m1/versions/v1`)).body;
        const r = (await api("GET", `${REGIONAL}${P}/models/m1/versions/v1`)).body;
        expect(g).toMatchObject({
            machineType: "mls1-c1-m2",
            framework: "TENSORFLOW",
            createTime: expect.stringMatching(TS_RE),
        });
        expect(g).not.toHaveProperty("requestLoggingConfig");
        expect(r.machineType).toBe("n1-standard-2");
        const explicit = await createVersion("m1", "v2", { framework: "SCIKIT_LEARN" });
        expect(explicit.metadata.version.framework).toBe("SCIKIT_LEARN");
        const unspecified = await createVersion("m1", "v3", { framework: "FRAMEWORK_UNSPECIFIED" });
        expect(unspecified.metadata.version.framework).toBe("TENSORFLOW");
    });

    test("container versions get no framework and keep container/routes", async () => {
        await createModel("m1", {}, REGIONAL);
        const op = await api("POST", `${REGIONAL}${P}/models/m1/versions`, {
            name: "c1",
            machineType: "n1-standard-4",
            container: {
                image: "us-central1-docker.pkg.dev/p/r/img:1",
                ports: [{ containerPort: 8080 }],
                env: [{ name: "A", value: "b" }],
            },
            routes: { predict: "/p", health: "/h" },
        });
        expect(op.status).toBe(200);
        expect(op.body.metadata.version).not.toHaveProperty("framework");
        expect(op.body.metadata.version.container.image).toBe("us-central1-docker.pkg.dev/p/r/img:1");
        expect(op.body.metadata.version.routes).toEqual({ predict: "/p", health: "/h" });
    });

    test("duplicate version -> 409 ALREADY_EXISTS (a FAILED version still holds its name)", async () => {
        await createModel("m1");
        emu.injectFault({ kind: "operationFailed" });
        await getOp(await createVersion("m1", "v1"));
        const r = await api("POST", `${P}/models/m1/versions`, { name: "v1", ...BASIC_VERSION });
        expectError(
            r,
            409,
            "ALREADY_EXISTS",
            "Field: version.name Error: A version with the same name already exists.",
        );
    });

    test("create on a missing model -> 404", async () => {
        const r = await api("POST", `${P}/models/nope/versions`, { name: "v1", ...BASIC_VERSION });
        expectError(r, 404, "NOT_FOUND", /The model resource: "nope" was not found/);
    });

    test("version get/list: 404s, sorted list, empty {}", async () => {
        await createModel("m1");
        expect((await api("GET", `${P}/models/m1/versions`)).body).toEqual({});
        expectError(
            await api("GET", `${P}/models/m1/versions/nope`),
            404,
            "NOT_FOUND",
            "Field: name Error: The specified model version was not found.",
        );
        expectError(await api("GET", `${P}/models/nope/versions`), 404, "NOT_FOUND", /"nope" was not found/);
        for (const v of ["vc", "va", "vb"]) await createVersion("m1", v);
        const list = await api("GET", `${P}/models/m1/versions?pageSize=2`);
        expect(list.body.versions.map((v: Json) => v.name)).toEqual(
            ["va", "vb"].map((n) => `projects/${PROJECT}/models/m1/versions/${n}`),
        );
        const rest = await api("GET", `${P}/models/m1/versions?page_token=${list.body.nextPageToken as string}`);
        expect(rest.body.versions.map((v: Json) => v.name)).toEqual([`projects/${PROJECT}/models/m1/versions/vc`]);
    });
});

describe("version validation on create", () => {
    const cases: [string, string, Record<string, unknown>, number, string | RegExp][] = [
        ["missing deploymentUri", "", { deploymentUri: undefined }, 400, /^Field: version\.deployment_uri Error: /],
        ["missing runtimeVersion", "", { runtimeVersion: undefined }, 400, /^Field: version\.runtime_version Error: /],
        [
            "deploymentUri not gs://",
            "",
            { deploymentUri: "/tmp/model" },
            400,
            /^Field: version\.deployment_uri Error: .*gs:\/\//,
        ],
        [
            "unknown machine type",
            "",
            { machineType: "n2-standard-4" },
            400,
            /^Field: version\.machine_type Error: Unsupported machine type 'n2-standard-4'/,
        ],
        [
            "N1 on global",
            "",
            { machineType: "n1-standard-4" },
            400,
            "The specified machine type 'n1-standard-4' is only available on the regional endpoint.",
        ],
        [
            "MLS1 on regional",
            REGIONAL,
            { machineType: "mls1-c1-m2" },
            400,
            /'mls1-c1-m2' is only available on the global endpoint/,
        ],
        [
            "auto + manual scaling",
            REGIONAL,
            { autoScaling: { minNodes: 1 }, manualScaling: { nodes: 1 } },
            400,
            /manual_scaling/,
        ],
        ["manual scaling with 0 nodes", REGIONAL, { manualScaling: {} }, 400, /manual_scaling\.nodes/],
        ["minNodes > maxNodes", "", { autoScaling: { minNodes: 3, maxNodes: 2 } }, 400, /max_nodes/],
        ["negative minNodes", "", { autoScaling: { minNodes: -1 } }, 400, /min_nodes/],
        [
            "accelerator on MLS1",
            "",
            { acceleratorConfig: { count: "1", type: "NVIDIA_TESLA_T4" } },
            400,
            /accelerator_config/,
        ],
        ["routes without container", REGIONAL, { routes: { predict: "/p" } }, 400, /^Field: version\.routes Error: /],
        [
            "serviceAccount without container/predictionClass",
            "",
            { serviceAccount: "sa@p.iam.gserviceaccount.com" },
            400,
            /service_account/,
        ],
        [
            "predictionClass on N1",
            REGIONAL,
            { predictionClass: "m.C", packageUris: ["gs://b/p.tar.gz"] },
            400,
            /prediction_class/,
        ],
        [
            "predictionClass with runtime < 1.4",
            "",
            { predictionClass: "m.C", runtimeVersion: "1.2", pythonVersion: "2.7" },
            400,
            /prediction_class/,
        ],
        [
            "SCIKIT_LEARN with runtime < 1.4",
            "",
            { framework: "SCIKIT_LEARN", runtimeVersion: "1.2", pythonVersion: "2.7" },
            400,
            /version\.framework/,
        ],
        [
            "python 3.7 with runtime 1.14",
            "",
            { runtimeVersion: "1.14", pythonVersion: "3.7" },
            400,
            /runtime version '1\.14' with the Python version '3\.7'/,
        ],
        [
            "python 3.5 with runtime 1.15",
            "",
            { runtimeVersion: "1.15", pythonVersion: "3.5" },
            400,
            /Python version '3\.5'/,
        ],
        [
            "python 2.7 with runtime 2.1",
            "",
            { runtimeVersion: "2.1", pythonVersion: "2.7" },
            400,
            /Python version '2\.7'/,
        ],
        [
            "explanations on MLS1",
            "",
            { explanationConfig: { integratedGradientsAttribution: { numIntegralSteps: 25 } } },
            400,
            "Field: version.machine_type Error: Unsupported machine type 'mls1-c1-m2' for model explanation, must be Compute Engine machine types, see the full list in https://cloud.google.com/ml-engine/docs/machine-types#compute-engine-machine-types.",
        ],
        [
            "container with runtimeVersion",
            REGIONAL,
            { container: { image: "us-central1-docker.pkg.dev/p/r/i" }, machineType: "n1-standard-2" },
            400,
            /^Field: version\.runtime_version Error: /,
        ],
        [
            "container without machineType",
            REGIONAL,
            {
                container: { image: "us-central1-docker.pkg.dev/p/r/i" },
                runtimeVersion: undefined,
                pythonVersion: undefined,
            },
            400,
            /version\.machine_type/,
        ],
        [
            "container without image",
            REGIONAL,
            { container: {}, machineType: "n1-standard-2", runtimeVersion: undefined, pythonVersion: undefined },
            400,
            /version\.container\.image/,
        ],
        [
            "container image from another region",
            REGIONAL,
            {
                container: { image: "europe-west4-docker.pkg.dev/p/r/i" },
                machineType: "n1-standard-2",
                runtimeVersion: undefined,
                pythonVersion: undefined,
            },
            400,
            /version\.container\.image/,
        ],
        [
            "container env AIP_ prefix",
            REGIONAL,
            {
                container: { image: "us-central1-docker.pkg.dev/p/r/i", env: [{ name: "AIP_X", value: "1" }] },
                machineType: "n1-standard-2",
                runtimeVersion: undefined,
                pythonVersion: undefined,
            },
            400,
            /env\[0\]\.name/,
        ],
        [
            "container port out of range",
            REGIONAL,
            {
                container: { image: "us-central1-docker.pkg.dev/p/r/i", ports: [{ containerPort: 70000 }] },
                machineType: "n1-standard-2",
                runtimeVersion: undefined,
                pythonVersion: undefined,
            },
            400,
            /container_port/,
        ],
        [
            "container on global (MLS1)",
            "",
            {
                container: { image: "us-central1-docker.pkg.dev/p/r/i" },
                machineType: "mls1-c1-m2",
                runtimeVersion: undefined,
                pythonVersion: undefined,
            },
            400,
            /machine_type/,
        ],
    ];
    test.each(cases)("%s -> %d", async (_label, prefix, extra, code, message) => {
        await createModel("m1", {}, prefix);
        const body: Record<string, unknown> = { name: "v1", ...BASIC_VERSION, ...extra };
        for (const k of Object.keys(body)) if (body[k] === undefined) delete body[k];
        const r = await api("POST", `${prefix}${P}/models/m1/versions`, body);
        expectError(r, code, "INVALID_ARGUMENT", message);
        // nothing was created
        expect((await api("GET", `${prefix}${P}/models/m1/versions/v1`)).status).toBe(404);
    });

    test("N1-on-global error carries no Field prefix and no details (as observed)", async () => {
        await createModel("m1");
        const r = await api("POST", `${P}/models/m1/versions`, {
            name: "v1",
            ...BASIC_VERSION,
            machineType: "n1-highmem-2",
        });
        expect(r.body.error).not.toHaveProperty("details");
    });

    test.each([
        ["python 3.7 / runtime 1.15", { runtimeVersion: "1.15", pythonVersion: "3.7" }, ""],
        ["python 2.7 / runtime 1.15", { runtimeVersion: "1.15", pythonVersion: "2.7" }, ""],
        ["python 3.5 / runtime 1.14", { runtimeVersion: "1.14", pythonVersion: "3.5" }, ""],
        ["no python version", { pythonVersion: undefined }, ""],
        ["XGBOOST on 2.11", { framework: "XGBOOST" }, ""],
        [
            "CPR on MLS1",
            {
                predictionClass: "m.C",
                packageUris: ["gs://b/p.tar.gz"],
                serviceAccount: "sa@p.iam.gserviceaccount.com",
            },
            "",
        ],
        [
            "explanations on N1",
            { machineType: "n1-standard-4", explanationConfig: { sampledShapleyAttribution: { numPaths: 5 } } },
            REGIONAL,
        ],
        ["manual scaling on N1", { machineType: "n1-standard-4", manualScaling: { nodes: 2 } }, REGIONAL],
        [
            "GPU on N1 (with manualScaling: GPUs cannot autoscale)",
            {
                machineType: "n1-standard-4",
                acceleratorConfig: { count: "1", type: "NVIDIA_TESLA_T4" },
                manualScaling: { nodes: 1 },
            },
            REGIONAL,
        ],
    ])("valid: %s", async (_label, extra, prefix) => {
        await createModel("m1", {}, prefix);
        const body: Record<string, unknown> = { name: "v1", ...BASIC_VERSION, ...extra };
        for (const k of Object.keys(body)) if (body[k] === undefined) delete body[k];
        expect((await api("POST", `${prefix}${P}/models/m1/versions`, body)).status).toBe(200);
    });
});

// ------------------------------------------------------------------------------------------ state machine

describe("version state transitions (time driven)", () => {
    test("CREATING -> READY exactly when the duration elapses; busy versions reject patch/delete", async () => {
        emu.setDurations({ createVersion: 400 });
        await createModel("m1");
        const op = await createVersion("m1", "v1");
        const started = Date.now();
        const v = (await api("GET", `${P}/models/m1/versions/v1`)).body;
        expect(v.state).toBe("CREATING");
        expect(v).not.toHaveProperty("isDefault");
        expect(await getOp(op)).not.toHaveProperty("done");
        expectError(
            await api("PATCH", `${P}/models/m1/versions/v1?updateMask=description`, { description: "x" }),
            400,
            "FAILED_PRECONDITION",
            /CREATING/,
        );
        expectError(await api("DELETE", `${P}/models/m1/versions/v1`), 400, "FAILED_PRECONDITION", /CREATING/);
        expectError(
            await api("POST", `${P}/models/m1/versions/v1:setDefault`, {}),
            400,
            "FAILED_PRECONDITION",
            /CREATING/,
        );
        await sleep(Math.max(0, 400 - (Date.now() - started)) + 20);
        const done = await getOp(op);
        expect(done.done).toBe(true);
        expect((await api("GET", `${P}/models/m1/versions/v1`)).body.state).toBe("READY");
    });

    test("UPDATING -> READY, changes applied only at completion", async () => {
        await modelWithVersions("m1", ["v1"]);
        emu.setDurations({ updateVersion: 300 });
        const op = (await api("PATCH", `${P}/models/m1/versions/v1?updateMask=description`, { description: "new" }))
            .body;
        expect(op.name).toMatch(/\/operations\/update_m1_v1-\d{13}$/);
        expect(op.metadata.operationType).toBe("UPDATE_VERSION");
        const during = (await api("GET", `${P}/models/m1/versions/v1`)).body;
        expect(during.state).toBe("UPDATING");
        expect(during).not.toHaveProperty("description");
        expectError(
            await api("PATCH", `${P}/models/m1/versions/v1?updateMask=description`, { description: "y" }),
            400,
            "FAILED_PRECONDITION",
            /UPDATING/,
        );
        expectError(await api("DELETE", `${P}/models/m1/versions/v1`), 400, "FAILED_PRECONDITION", /UPDATING/);
        await sleep(330);
        const done = await getOp(op);
        expect(done.done).toBe(true);
        expect(done.response).toMatchObject({
            "@type": "type.googleapis.com/google.cloud.ml.v1.Version",
            name: `projects/${PROJECT}/models/m1/versions/v1`,
            description: "new",
            state: "READY",
        });
        expect((await api("GET", `${P}/models/m1/versions/v1`)).body).toMatchObject({
            state: "READY",
            description: "new",
        });
    });

    test("DELETING -> gone; delete of a DELETING version fails", async () => {
        await modelWithVersions("m1", ["v1"]);
        emu.setDurations({ deleteVersion: 300 });
        const op = (await api("DELETE", `${P}/models/m1/versions/v1`)).body;
        expect(op.name).toMatch(/\/operations\/delete_m1_v1-\d{13}$/);
        expect(op.metadata.operationType).toBe("DELETE_VERSION");
        expect(op.metadata.version.name).toBe(`projects/${PROJECT}/models/m1/versions/v1`);
        expect((await api("GET", `${P}/models/m1/versions/v1`)).body.state).toBe("DELETING");
        expectError(await api("DELETE", `${P}/models/m1/versions/v1`), 400, "FAILED_PRECONDITION", /DELETING/);
        await sleep(330);
        const done = await getOp(op);
        expect(done).toMatchObject({ done: true, response: { "@type": "type.googleapis.com/google.protobuf.Empty" } });
        expect((await api("GET", `${P}/models/m1/versions/v1`)).status).toBe(404);
        // deleting the last (default) version clears the model's default
        expect((await api("GET", `${P}/models/m1`)).body).not.toHaveProperty("defaultVersion");
    });

    test("operations complete on timers even when nobody polls (state file shows it)", async () => {
        const dir = mkdtempSync(join(tmpdir(), "mlemu-timer-"));
        const file = join(dir, "state.json");
        const e2 = await startEmulator({ stateFile: file, durations: { createVersion: 150 } });
        try {
            await callApi(e2.url, "POST", `${P}/models`, { name: "m1" });
            await callApi(e2.url, "POST", `${P}/models/m1/versions`, { name: "v1", ...BASIC_VERSION });
            const readState = (): Json => JSON.parse(readFileSync(file, "utf8"));
            expect(readState().namespaces.global.versions[0].state).toBe("CREATING");
            await sleep(300);
            const s = readState();
            expect(s.namespaces.global.versions[0].state).toBe("READY");
            expect(s.namespaces.global.operations[0].done).toBe(true);
        } finally {
            await e2.stop();
            rmSync(dir, { recursive: true, force: true });
        }
    });
});

// ------------------------------------------------------------------------------------------ patch & masks

describe("update masks", () => {
    test.each([
        ["description", { description: "d2" }, { description: "d2" }],
        ["labels", { labels: { a: "b" } }, { labels: { a: "b" } }],
        ["description,labels", { description: "d2", labels: { a: "b" } }, { description: "d2", labels: { a: "b" } }],
        ["etag", {}, {}],
    ])("model mask %s accepted and applied", async (mask, body, expected) => {
        await createModel("m1", { description: "d1" });
        const op = await api("PATCH", `${P}/models/m1?updateMask=${mask}`, body);
        expect(op.status).toBe(200);
        expect(op.body.name).toMatch(/\/operations\/update_model_m1-\d{13}$/);
        expect(op.body.metadata.operationType).toBe("UPDATE_MODEL");
        const done = await getOp(op.body);
        expect(done.response["@type"]).toBe("type.googleapis.com/google.cloud.ml.v1.Model");
        expect(done.response).toMatchObject(expected);
        expect((await api("GET", `${P}/models/m1`)).body).toMatchObject(expected);
    });

    test.each(["default_version.name", "defaultVersion.name"])(
        "model mask %s moves the default version",
        async (mask) => {
            await modelWithVersions("m1", ["v1", "v2"]);
            const op = await api("PATCH", `${P}/models/m1?update_mask=${mask}`, { defaultVersion: { name: "v2" } });
            expect(op.status).toBe(200);
            await getOp(op.body);
            expect((await api("GET", `${P}/models/m1`)).body.defaultVersion.name).toBe(
                `projects/${PROJECT}/models/m1/versions/v2`,
            );
            expect((await api("GET", `${P}/models/m1/versions/v1`)).body).not.toHaveProperty("isDefault");
        },
    );

    test("model mask default_version.name: missing/unknown/non-READY version rejected", async () => {
        await modelWithVersions("m1", ["v1"]);
        expect((await api("PATCH", `${P}/models/m1?updateMask=default_version.name`, {})).status).toBe(400);
        expect(
            (await api("PATCH", `${P}/models/m1?updateMask=default_version.name`, { defaultVersion: { name: "zz" } }))
                .status,
        ).toBe(404);
        emu.setDurations({ createVersion: 10000 });
        await createVersion("m1", "v2");
        expectError(
            await api("PATCH", `${P}/models/m1?updateMask=default_version.name`, { defaultVersion: { name: "v2" } }),
            400,
            "FAILED_PRECONDITION",
            /CREATING/,
        );
    });

    test.each(["", "name", "regions", "onlinePredictionLogging", "description,regions", "defaultVersion"])(
        "model mask %j rejected with INVALID_ARGUMENT naming the path",
        async (mask) => {
            await createModel("m1");
            const r = await api("PATCH", `${P}/models/m1?updateMask=${mask}`, { description: "x" });
            expectError(r, 400, "INVALID_ARGUMENT", /^Field: update_mask Error: /);
            if (mask !== "") expect(r.body.error.message).toContain(`'${mask.split(",").pop() as string}'`);
        },
    );

    test("missing update mask is rejected too", async () => {
        await createModel("m1");
        expectError(await api("PATCH", `${P}/models/m1`, { description: "x" }), 400, "INVALID_ARGUMENT", /update_mask/);
    });

    const versionMaskCases: [string, string, Record<string, unknown>, Record<string, unknown>][] = [
        ["description", "", { description: "d" }, { description: "d" }],
        ["labels", "", { labels: { k: "v" } }, { labels: { k: "v" } }],
        [
            "requestLoggingConfig",
            "",
            { requestLoggingConfig: { bigqueryTableName: "p.d.t", samplingPercentage: 0.5 } },
            { requestLoggingConfig: { bigqueryTableName: "p.d.t", samplingPercentage: 0.5 } },
        ],
        [
            "request_logging_config",
            "",
            { request_logging_config: { bigquery_table_name: "p.d.t" } },
            { requestLoggingConfig: { bigqueryTableName: "p.d.t" } },
        ],
        ["autoScaling.minNodes", "", { autoScaling: { minNodes: 3 } }, { autoScaling: { minNodes: 3 } }],
        ["auto_scaling.min_nodes", "", { auto_scaling: { min_nodes: 3 } }, { autoScaling: { minNodes: 3 } }],
        [
            "autoScaling.maxNodes,autoScaling.minNodes",
            "",
            { autoScaling: { minNodes: 2, maxNodes: 5 } },
            { autoScaling: { minNodes: 2, maxNodes: 5 } },
        ],
        ["manualScaling.nodes", REGIONAL, { manualScaling: { nodes: 4 } }, { manualScaling: { nodes: 4 } }],
        ["etag", "", {}, {}],
    ];
    test.each(versionMaskCases)("version mask %s accepted and applied", async (mask, prefix, body, expected) => {
        await modelWithVersions("m1", ["v1"], prefix);
        const op = await api("PATCH", `${prefix}${P}/models/m1/versions/v1?updateMask=${mask}`, body);
        expect(op.status).toBe(200);
        await getOp(op.body, prefix);
        expect((await api("GET", `${prefix}${P}/models/m1/versions/v1`)).body).toMatchObject({
            state: "READY",
            ...expected,
        });
    });

    test.each([
        ["", "", {}],
        ["machineType", "", { machineType: "mls1-c4-m2" }],
        ["deploymentUri", "", { deploymentUri: "gs://x/y" }],
        ["autoScaling", "", { autoScaling: { minNodes: 1 } }],
        ["predictionClass", "", { predictionClass: "a.B" }],
        ["name", "", { name: "v9" }],
    ])("version mask %j rejected", async (mask, prefix, body) => {
        await modelWithVersions("m1", ["v1"], prefix);
        const r = await api("PATCH", `${prefix}${P}/models/m1/versions/v1?updateMask=${mask}`, body);
        expectError(r, 400, "INVALID_ARGUMENT", /^Field: update_mask Error: /);
    });

    test("manualScaling.nodes only on N1; scaling modes cannot be switched; logging config validated", async () => {
        await modelWithVersions("m1", ["v1"]);
        expectError(
            await api("PATCH", `${P}/models/m1/versions/v1?updateMask=manualScaling.nodes`, {
                manualScaling: { nodes: 2 },
            }),
            400,
            "INVALID_ARGUMENT",
            /^Field: version\.manual_scaling\.nodes Error: .*N1/,
        );
        await modelWithVersions("m2", ["v1"], REGIONAL, { machineType: "n1-standard-2", autoScaling: { minNodes: 1 } });
        expect(
            (
                await api("PATCH", `${REGIONAL}${P}/models/m2/versions/v1?updateMask=manualScaling.nodes`, {
                    manualScaling: { nodes: 2 },
                })
            ).status,
        ).toBe(400);
        expect(
            (
                await api("PATCH", `${P}/models/m1/versions/v1?updateMask=requestLoggingConfig`, {
                    requestLoggingConfig: { samplingPercentage: 0.5 },
                })
            ).status,
        ).toBe(400);
        expect(
            (
                await api("PATCH", `${P}/models/m1/versions/v1?updateMask=requestLoggingConfig`, {
                    requestLoggingConfig: { bigqueryTableName: "p.d.t", samplingPercentage: 2 },
                })
            ).status,
        ).toBe(400);
        expect(
            (await api("PATCH", `${P}/models/m1/versions/v1?updateMask=labels`, { labels: { BAD: "x" } })).status,
        ).toBe(400);
    });

    test("fields outside the mask are ignored; masked fields absent from the body are cleared", async () => {
        await modelWithVersions("m1", ["v1"], "", { description: "keep", labels: { a: "b" } });
        const op = await api("PATCH", `${P}/models/m1/versions/v1?updateMask=labels`, { description: "ignored" });
        await getOp(op.body);
        const v = (await api("GET", `${P}/models/m1/versions/v1`)).body;
        expect(v.description).toBe("keep");
        expect(v).not.toHaveProperty("labels");
    });

    test("patch of a missing resource -> 404; patch of a FAILED version -> 400", async () => {
        expect((await api("PATCH", `${P}/models/nope?updateMask=description`, {})).status).toBe(404);
        await createModel("m1");
        expect((await api("PATCH", `${P}/models/m1/versions/nope?updateMask=description`, {})).status).toBe(404);
        emu.injectFault({ kind: "operationFailed" });
        await getOp(await createVersion("m1", "v1"));
        expectError(
            await api("PATCH", `${P}/models/m1/versions/v1?updateMask=description`, { description: "x" }),
            400,
            "FAILED_PRECONDITION",
            /FAILED/,
        );
    });
});

// ------------------------------------------------------------------------------------------ etags

describe("etags", () => {
    test("stale etag in a PATCH body -> 409 ABORTED, current etag or none -> applied", async () => {
        const m = await createModel("m1");
        const stale = await api("PATCH", `${P}/models/m1?updateMask=description`, {
            description: "x",
            etag: "AAAAAAAAAAA=",
        });
        expectError(stale, 409, "ABORTED", /^The etag in the request does not match the current etag of the resource/);
        const ok = await api("PATCH", `${P}/models/m1?updateMask=description,etag`, { description: "x", etag: m.etag });
        expect(ok.status).toBe(200);
        await getOp(ok.body);
        const after = (await api("GET", `${P}/models/m1`)).body;
        expect(after.etag).not.toBe(m.etag);
        // the old etag is stale now
        expect(
            (await api("PATCH", `${P}/models/m1?updateMask=description`, { description: "y", etag: m.etag })).status,
        ).toBe(409);
        // no etag: blind write
        expect((await api("PATCH", `${P}/models/m1?updateMask=description`, { description: "z" })).status).toBe(200);
    });

    test("version etag checked too", async () => {
        await modelWithVersions("m1", ["v1"]);
        const v = (await api("GET", `${P}/models/m1/versions/v1`)).body;
        expect(
            (
                await api("PATCH", `${P}/models/m1/versions/v1?updateMask=description`, {
                    description: "x",
                    etag: "AAAAAAAAAAA=",
                })
            ).status,
        ).toBe(409);
        expect(
            (
                await api("PATCH", `${P}/models/m1/versions/v1?updateMask=description`, {
                    description: "x",
                    etag: v.etag,
                })
            ).status,
        ).toBe(200);
    });

    test("etags change on create completion, patch completion and setDefault (old, new, model)", async () => {
        await createModel("m1");
        const op = await createVersion("m1", "v1");
        const creatingEtag = op.metadata.version.etag as string;
        await getOp(op);
        const v1 = (await api("GET", `${P}/models/m1/versions/v1`)).body;
        expect(v1.etag).toMatch(ETAG_RE);
        expect(v1.etag).not.toBe(creatingEtag);
        await getOp(await createVersion("m1", "v2"));
        const before = {
            m: (await api("GET", `${P}/models/m1`)).body.etag,
            v1: (await api("GET", `${P}/models/m1/versions/v1`)).body.etag,
            v2: (await api("GET", `${P}/models/m1/versions/v2`)).body.etag,
        };
        const sd = await api("POST", `${P}/models/m1/versions/v2:setDefault`, {});
        expect(sd.status).toBe(200);
        const after = {
            m: (await api("GET", `${P}/models/m1`)).body.etag,
            v1: (await api("GET", `${P}/models/m1/versions/v1`)).body.etag,
            v2: (await api("GET", `${P}/models/m1/versions/v2`)).body.etag,
        };
        expect(after.m).not.toBe(before.m);
        expect(after.v1).not.toBe(before.v1);
        expect(after.v2).not.toBe(before.v2);
        emu.setDurations({ updateVersion: 150 });
        await api("PATCH", `${P}/models/m1/versions/v1?updateMask=description`, { description: "x" });
        // starting an update does not change the etag; completing it does
        expect((await api("GET", `${P}/models/m1/versions/v1`)).body.etag).toBe(after.v1);
        await sleep(180);
        expect((await api("GET", `${P}/models/m1/versions/v1`)).body.etag).not.toBe(after.v1);
    });

    test("reads do not change etags", async () => {
        await modelWithVersions("m1", ["v1"]);
        const a = (await api("GET", `${P}/models/m1`)).body.etag;
        await api("GET", `${P}/models`);
        await api("GET", `${P}/models/m1/versions`);
        expect((await api("GET", `${P}/models/m1`)).body.etag).toBe(a);
    });
});

// ------------------------------------------------------------------------------------------ default versions & deletes

describe("default version and delete rules", () => {
    test("setDefault is synchronous, returns the Version and moves isDefault", async () => {
        await modelWithVersions("m1", ["v1", "v2"]);
        const r = await api("POST", `${P}/models/m1/versions/v2:setDefault`, {});
        expect(r.status).toBe(200);
        expect(r.body).toMatchObject({
            name: `projects/${PROJECT}/models/m1/versions/v2`,
            isDefault: true,
            state: "READY",
        });
        expect(r.body).not.toHaveProperty("metadata");
        expect((await api("GET", `${P}/models/m1/versions/v1`)).body).not.toHaveProperty("isDefault");
        expect((await api("GET", `${P}/models/m1`)).body.defaultVersion.name).toBe(
            `projects/${PROJECT}/models/m1/versions/v2`,
        );
    });

    test("setDefault without a body, unknown body fields, missing version", async () => {
        await modelWithVersions("m1", ["v1"]);
        expect((await api("POST", `${P}/models/m1/versions/v1:setDefault`)).status).toBe(200);
        expect((await api("POST", `${P}/models/m1/versions/v1:setDefault`, { x: 1 })).status).toBe(400);
        expect((await api("POST", `${P}/models/m1/versions/v9:setDefault`, {})).status).toBe(404);
    });

    test("the default version can only be deleted when it is the last one", async () => {
        await modelWithVersions("m1", ["v1", "v2"]);
        expectError(await api("DELETE", `${P}/models/m1/versions/v1`), 400, "FAILED_PRECONDITION", /default version/);
        const del2 = await api("DELETE", `${P}/models/m1/versions/v2`);
        expect(del2.status).toBe(200);
        await getOp(del2.body);
        const del1 = await api("DELETE", `${P}/models/m1/versions/v1`);
        expect(del1.status).toBe(200);
        await getOp(del1.body);
        expect((await api("GET", `${P}/models/m1`)).body).not.toHaveProperty("defaultVersion");
    });

    test("a model with versions cannot be deleted (exact message)", async () => {
        await modelWithVersions("m1", ["v1"]);
        expectError(
            await api("DELETE", `${P}/models/m1`),
            400,
            "FAILED_PRECONDITION",
            "A model with versions cannot be deleted. Please delete the versions first.",
        );
    });

    test("model delete is an operation; model gone when done; missing model -> 404", async () => {
        emu.setDurations({ deleteModel: 200 });
        await createModel("m1", { labels: { l: "1" } });
        const op = (await api("DELETE", `${P}/models/m1`)).body;
        expect(op.name).toMatch(new RegExp(`^projects/${PROJECT}/operations/delete_model_m1-\\d{13}$`));
        expect(op.metadata).toMatchObject({
            operationType: "DELETE_MODEL",
            modelName: `projects/${PROJECT}/models/m1`,
            labels: { l: "1" },
        });
        expect(op.metadata).not.toHaveProperty("version");
        // still there while deleting; new versions and a second delete are refused
        expect((await api("GET", `${P}/models/m1`)).status).toBe(200);
        expect((await api("POST", `${P}/models/m1/versions`, { name: "v1", ...BASIC_VERSION })).status).toBe(400);
        expect((await api("DELETE", `${P}/models/m1`)).status).toBe(400);
        await sleep(230);
        expect((await getOp(op)).response).toEqual({ "@type": "type.googleapis.com/google.protobuf.Empty" });
        expect((await api("GET", `${P}/models/m1`)).status).toBe(404);
        expect((await api("DELETE", `${P}/models/m1`)).status).toBe(404);
    });

    test("a FAILED version is not made default and can be deleted", async () => {
        await createModel("m1");
        emu.injectFault({ kind: "operationFailed" });
        await getOp(await createVersion("m1", "v1"));
        expect((await api("GET", `${P}/models/m1`)).body).not.toHaveProperty("defaultVersion");
        await getOp(await createVersion("m1", "v2"));
        expect((await api("GET", `${P}/models/m1`)).body.defaultVersion.name).toMatch(/versions\/v2$/);
        const del = await api("DELETE", `${P}/models/m1/versions/v1`);
        expect(del.status).toBe(200);
    });
});

// ------------------------------------------------------------------------------------------ operations

describe("projects.operations", () => {
    test("get of a missing operation -> 404", async () => {
        expectError(await api("GET", `${P}/operations/create_x_y-1`), 404, "NOT_FOUND", /create_x_y-1/);
    });

    test("list: {} when empty, creation order, pagination, project scoping", async () => {
        expect((await api("GET", `${P}/operations`)).body).toEqual({});
        await createModel("m1");
        const names: string[] = [];
        for (const v of ["v1", "v2", "v3"]) names.push((await createVersion("m1", v)).name as string);
        const page1 = await api("GET", `${P}/operations?pageSize=2`);
        expect(page1.body.operations.map((o: Json) => o.name)).toEqual(names.slice(0, 2));
        expect(page1.body.operations.every((o: Json) => o.done === true)).toBe(true);
        const page2 = await api("GET", `${P}/operations?pageToken=${page1.body.nextPageToken as string}`);
        expect(page2.body.operations.map((o: Json) => o.name)).toEqual(names.slice(2));
        expect(page2.body).not.toHaveProperty("nextPageToken");
        expect((await api("GET", "/v1/projects/other/operations")).body).toEqual({});
    });

    test("cancel: returns {}, operation ends CANCELLED (code 1), version FAILED", async () => {
        emu.setDurations({ createVersion: 60000 });
        await createModel("m1");
        const op = await createVersion("m1", "v1");
        const c = await api("POST", `/v1/${op.name as string}:cancel`, {});
        expect(c.status).toBe(200);
        expect(c.body).toEqual({});
        const done = await getOp(op);
        expect(done).toMatchObject({ done: true, error: { code: 1 }, metadata: { isCancellationRequested: true } });
        expect(done).not.toHaveProperty("response");
        const v = (await api("GET", `${P}/models/m1/versions/v1`)).body;
        expect(v.state).toBe("FAILED");
        expect(v.errorMessage).toBe(done.error.message);
    });

    test("cancel of an update/delete restores READY; cancel of a done op is a no-op", async () => {
        await modelWithVersions("m1", ["v1"]);
        emu.setDurations({ updateVersion: 60000, deleteVersion: 60000 });
        const upd = (await api("PATCH", `${P}/models/m1/versions/v1?updateMask=description`, { description: "x" }))
            .body;
        await api("POST", `/v1/${upd.name as string}:cancel`);
        const v = (await api("GET", `${P}/models/m1/versions/v1`)).body;
        expect(v.state).toBe("READY");
        expect(v).not.toHaveProperty("description");
        const del = (await api("DELETE", `${P}/models/m1/versions/v1`)).body;
        await api("POST", `/v1/${del.name as string}:cancel`);
        expect((await api("GET", `${P}/models/m1/versions/v1`)).body.state).toBe("READY");
        const again = await api("POST", `/v1/${del.name as string}:cancel`);
        expect(again.status).toBe(200);
        expect((await getOp(del)).error.code).toBe(1);
        expect((await api("POST", `${P}/operations/nope:cancel`)).status).toBe(404);
    });

    test("operation names for update/delete of models and versions", async () => {
        await modelWithVersions("m1", ["v1"]);
        const u = (await api("PATCH", `${P}/models/m1/versions/v1?updateMask=description`, { description: "x" })).body;
        expect(u.name).toMatch(/\/update_m1_v1-\d{13}$/);
        await getOp(u);
        const um = (await api("PATCH", `${P}/models/m1?updateMask=description`, { description: "x" })).body;
        expect(um.name).toMatch(/\/update_model_m1-\d{13}$/);
        const d = (await api("DELETE", `${P}/models/m1/versions/v1`)).body;
        expect(d.name).toMatch(/\/delete_m1_v1-\d{13}$/);
        await getOp(d);
        const dm = (await api("DELETE", `${P}/models/m1`)).body;
        expect(dm.name).toMatch(/\/delete_model_m1-\d{13}$/);
    });

    test("operation names stay unique within the same millisecond", async () => {
        await modelWithVersions("m1", ["v1"]);
        const names = new Set<string>();
        for (let i = 0; i < 5; i++) {
            const op = (await api("PATCH", `${P}/models/m1?updateMask=description`, { description: `d${i}` })).body;
            names.add(op.name as string);
        }
        expect(names.size).toBe(5);
    });
});

// ------------------------------------------------------------------------------------------ namespaces

describe("endpoint namespaces", () => {
    test("global and regional are separate; same model name on both", async () => {
        await createModel("m1", { description: "global" });
        await createModel("m1", { description: "regional" }, REGIONAL);
        expect((await api("GET", `${P}/models/m1`)).body.description).toBe("global");
        expect((await api("GET", `${REGIONAL}${P}/models/m1`)).body.description).toBe("regional");
        expect((await api("GET", `/europe-west4${P}/models/m1`)).status).toBe(404);
    });

    test("Host header {region}-ml.googleapis.com and {region}-<anything> select the region", async () => {
        await createModel("m1", {}, "/europe-west4");
        const byHost = await rawRequest(emu.port, "GET", `${P}/models/m1`, { host: "europe-west4-ml.googleapis.com" });
        expect(byHost.status).toBe(200);
        expect(byHost.body.regions).toEqual(["europe-west4"]);
        const byOther = await rawRequest(emu.port, "GET", `${P}/models/m1`, {
            host: `europe-west4-127.0.0.1:${emu.port}`,
        });
        expect(byOther.status).toBe(200);
        expect((await rawRequest(emu.port, "GET", `${P}/models/m1`, { host: "ml.googleapis.com" })).status).toBe(404);
    });

    test("proxy-style absolute-form targets (how gcloud reaches a regional endpoint)", async () => {
        await createModel("m1", {}, REGIONAL);
        const r = await rawRequest(emu.port, "GET", `http://us-central1-127.0.0.1:${emu.port}${P}/models/m1?alt=json`);
        expect(r.status).toBe(200);
        const log = emu.requests().at(-1);
        expect(log).toMatchObject({ path: `${P}/models/m1`, namespace: "us-central1", query: { alt: "json" } });
    });

    test("operations are scoped to the namespace that created them", async () => {
        await createModel("m1", {}, REGIONAL);
        const op = await createVersion("m1", "v1", {}, REGIONAL);
        expect((await api("GET", `/v1/${op.name as string}`)).status).toBe(404);
        expect((await api("GET", `${REGIONAL}/v1/${op.name as string}`)).status).toBe(200);
        expect((await api("GET", `${P}/operations`)).body).toEqual({});
        expect((await api("GET", `${REGIONAL}${P}/operations`)).body.operations).toHaveLength(1);
        expect(emu.requests().map((r) => r.namespace)).toEqual([
            "us-central1",
            "us-central1",
            "global",
            "us-central1",
            "global",
            "us-central1",
        ]);
    });
});

// ------------------------------------------------------------------------------------------ faults

describe("fault injection", () => {
    test("status fault: error body, Retry-After, change not applied, consumed once", async () => {
        emu.injectFault({ kind: "status", status: 503, retryAfterSeconds: 7, method: "POST", path: "/models$" });
        const r = await api("POST", `${P}/models`, { name: "m1" });
        expectError(r, 503, "UNAVAILABLE");
        expect(r.headers.get("retry-after")).toBe("7");
        expect((await api("GET", `${P}/models/m1`)).status).toBe(404);
        expect((await api("POST", `${P}/models`, { name: "m1" })).status).toBe(200);
        expect(emu.requests().map((x) => [x.status, x.fault])).toEqual([
            [503, "status"],
            [404, undefined],
            [200, undefined],
        ]);
    });

    test.each([
        [429, "RESOURCE_EXHAUSTED"],
        [500, "INTERNAL"],
        [502, "UNAVAILABLE"],
        [403, "PERMISSION_DENIED"],
    ])("status %d -> %s with custom message", async (status, canonical) => {
        emu.injectFault({ kind: "status", status, message: "custom" });
        expectError(await api("GET", `${P}/models`), status, canonical, "custom");
    });

    test("times, unlimited and method/path filters", async () => {
        emu.injectFault({ kind: "status", status: 500, times: 2, method: "GET", path: "/models/m1$" });
        expect((await api("GET", `${P}/models/m2`)).status).toBe(404); // path filter
        expect((await api("POST", `${P}/models`, { name: "m1" })).status).toBe(200); // method filter
        expect((await api("GET", `${P}/models/m1`)).status).toBe(500);
        expect((await api("GET", `${P}/models/m1`)).status).toBe(500);
        expect((await api("GET", `${P}/models/m1`)).status).toBe(200);
        emu.injectFault({ kind: "status", status: 503, times: -1 });
        for (let i = 0; i < 5; i++) expect((await api("GET", `${P}/models`)).status).toBe(503);
        emu.clearFaults();
        expect((await api("GET", `${P}/models`)).status).toBe(200);
        emu.injectFault({ kind: "status", status: 503, times: Infinity });
        expect((await api("GET", `${P}/models`)).status).toBe(503);
        expect((await api("GET", `${P}/models`)).status).toBe(503);
    });

    test("drop: no response, change not applied", async () => {
        emu.injectFault({ kind: "drop", method: "POST" });
        await expect(api("POST", `${P}/models`, { name: "m1" })).rejects.toThrow();
        expect((await api("GET", `${P}/models/m1`)).status).toBe(404);
        expect(emu.requests()[0]).toMatchObject({ method: "POST", status: 0, fault: "drop" });
    });

    test("lostResponse: no response, change applied", async () => {
        emu.injectFault({ kind: "lostResponse", method: "POST" });
        await expect(api("POST", `${P}/models`, { name: "m1" })).rejects.toThrow();
        expect((await api("GET", `${P}/models/m1`)).status).toBe(200);
        expect(emu.requests()[0]).toMatchObject({ status: 200, fault: "lostResponse" });
    });

    test("operationFailed on create: op error (default code 13), version FAILED with errorMessage", async () => {
        await createModel("m1");
        emu.injectFault({ kind: "operationFailed", method: "POST", path: "/versions$" });
        const op = await createVersion("m1", "v1");
        expect(op).not.toHaveProperty("done");
        const done = await getOp(op);
        expect(done.done).toBe(true);
        expect(done.error.code).toBe(13);
        expect(done.error.message).toMatch(/^Create Version failed\. Bad model detected/);
        const v = (await api("GET", `${P}/models/m1/versions/v1`)).body;
        expect(v).toMatchObject({ state: "FAILED", errorMessage: done.error.message });
    });

    test("operationFailed with custom code/message on delete: version back to READY", async () => {
        await modelWithVersions("m1", ["v1", "v2"]);
        emu.injectFault({ kind: "operationFailed", method: "DELETE", code: 9, message: "nope" });
        const op = (await api("DELETE", `${P}/models/m1/versions/v2`)).body;
        expect((await getOp(op)).error).toEqual({ code: 9, message: "nope" });
        expect((await api("GET", `${P}/models/m1/versions/v2`)).body.state).toBe("READY");
    });

    test("operation faults are not used up by rejected requests", async () => {
        await createModel("m1");
        emu.injectFault({ kind: "operationFailed" });
        expect((await api("POST", `${P}/models/m1/versions`, { name: "1bad", ...BASIC_VERSION })).status).toBe(400);
        expect((await api("GET", `${P}/models/m1`)).status).toBe(200);
        const done = await getOp(await createVersion("m1", "v1"));
        expect(done.error.code).toBe(13);
    });

    test("operationHang: never finishes (even after its duration); cancel still works", async () => {
        await createModel("m1");
        emu.injectFault({ kind: "operationHang" });
        const op = await createVersion("m1", "v1");
        await sleep(50);
        expect(await getOp(op)).not.toHaveProperty("done");
        expect((await api("GET", `${P}/models/m1/versions/v1`)).body.state).toBe("CREATING");
        await api("POST", `/v1/${op.name as string}:cancel`);
        expect((await getOp(op)).error.code).toBe(1);
    });

    test("probability is deterministic (seeded) and resets with reset()", async () => {
        const run = async (): Promise<number[]> => {
            emu.injectFault({ kind: "status", status: 503, probability: 0.5, times: -1 });
            const out: number[] = [];
            for (let i = 0; i < 16; i++) out.push((await api("GET", `${P}/models`)).status);
            return out;
        };
        const a = await run();
        emu.reset();
        const b = await run();
        expect(a).toEqual(b);
        expect(a).toContain(503);
        expect(a).toContain(200);
    });

    test.each<[string, unknown]>([
        ["unknown kind", { kind: "explode" }],
        ["times 0", { kind: "drop", times: 0 }],
        ["probability 2", { kind: "drop", probability: 2 }],
        ["bad regexp", { kind: "drop", path: "(" }],
        ["status 200", { kind: "status", status: 200 }],
    ])("invalid fault (%s) rejected", (_label, spec) => {
        expect(() => emu.injectFault(spec as FaultSpec)).toThrow();
    });
});

// ------------------------------------------------------------------------------------------ admin API

describe("admin API (/__emulator/)", () => {
    const admin = (method: string, path: string, body?: unknown): Promise<ApiResponse> =>
        callApi(emu.url, method, `/__emulator/${path}`, body, {});

    test("healthz and state need no auth and are not logged", async () => {
        expect((await admin("GET", "healthz")).body).toEqual({ status: "ok" });
        await createModel("m1");
        const state = (await admin("GET", "state")).body;
        expect(state.namespaces.global.models[0].name).toBe(`projects/${PROJECT}/models/m1`);
        expect(state.durations.createVersion).toBe(0);
        expect(emu.requests()).toHaveLength(1);
    });

    test("requests log shows what the client sent", async () => {
        await api("PATCH", `${P}/models/x?update_mask=labels&alt=json`, { labels: { a: "b" } });
        const log = (await admin("GET", "requests")).body.requests;
        expect(log).toEqual([
            {
                seq: expect.any(Number),
                time: expect.stringMatching(/Z$/),
                method: "PATCH",
                path: `${P}/models/x`,
                query: { update_mask: "labels", alt: "json" },
                body: { labels: { a: "b" } },
                status: 404,
                namespace: "global",
            },
        ]);
        expect((await admin("DELETE", "requests")).status).toBe(200);
        expect((await admin("GET", "requests")).body.requests).toEqual([]);
    });

    test("durations", async () => {
        const r = await admin("POST", "durations", { createVersion: 250 });
        expect(r.body).toMatchObject({ createVersion: 250, deleteModel: 0 });
        await createModel("m1");
        await createVersion("m1", "v1");
        expect((await api("GET", `${P}/models/m1/versions/v1`)).body.state).toBe("CREATING");
        expect((await admin("POST", "durations", { createVersion: -1 })).status).toBe(400);
        expect((await admin("POST", "durations", { bogus: 1 })).status).toBe(400);
    });

    test("faults over HTTP (JSON has no Infinity: times -1)", async () => {
        expect(
            (await admin("POST", "faults", { kind: "status", status: 503, times: -1, path: "/models$" })).status,
        ).toBe(200);
        expect((await admin("GET", "faults")).body.faults).toHaveLength(1);
        expect((await api("GET", `${P}/models`)).status).toBe(503);
        expect((await api("GET", `${P}/models`)).status).toBe(503);
        expect((await admin("DELETE", "faults")).status).toBe(200);
        expect((await api("GET", `${P}/models`)).status).toBe(200);
        expect((await admin("POST", "faults", { kind: "nope" })).status).toBe(400);
        expect((await admin("POST", "faults", "[1]")).status).toBe(400);
    });

    test("oob/patch and oob/delete (bump etag, no operation)", async () => {
        const m = await createModel("m1");
        expect(
            (
                await admin("POST", "oob/patch", {
                    name: `projects/${PROJECT}/models/m1`,
                    fields: { description: "console" },
                })
            ).status,
        ).toBe(200);
        const after = (await api("GET", `${P}/models/m1`)).body;
        expect(after.description).toBe("console");
        expect(after.etag).not.toBe(m.etag);
        expect((await api("GET", `${P}/operations`)).body).toEqual({});
        expect((await admin("POST", "oob/delete", { name: `projects/${PROJECT}/models/m1` })).status).toBe(200);
        expect((await api("GET", `${P}/models/m1`)).status).toBe(404);
        expect((await admin("POST", "oob/delete", { name: `projects/${PROJECT}/models/m1` })).status).toBe(404);
        expect((await admin("POST", "oob/patch", { name: "nonsense", fields: {} })).status).toBe(404);
        expect((await admin("POST", "oob/patch", { name: `projects/${PROJECT}/models/m1` })).status).toBe(400);
    });

    test("oob on a regional namespace and on versions", async () => {
        await modelWithVersions("m1", ["v1", "v2"], REGIONAL);
        const name = `projects/${PROJECT}/models/m1/versions/v2`;
        const before = (await api("GET", `${REGIONAL}/v1/${name}`)).body;
        emu.outOfBand.patch(name, { description: "drift", machine_type: "n1-highcpu-8" }, "us-central1");
        const after = (await api("GET", `${REGIONAL}/v1/${name}`)).body;
        expect(after).toMatchObject({ description: "drift", machineType: "n1-highcpu-8" });
        expect(after.etag).not.toBe(before.etag);
        emu.outOfBand.patch(`projects/${PROJECT}/models/m1`, { defaultVersion: "v2" }, "us-central1");
        expect((await api("GET", `${REGIONAL}${P}/models/m1`)).body.defaultVersion.name).toBe(name);
        emu.outOfBand.delete(name, "us-central1");
        expect((await api("GET", `${REGIONAL}/v1/${name}`)).status).toBe(404);
        expect((await api("GET", `${REGIONAL}${P}/models/m1`)).body).not.toHaveProperty("defaultVersion");
        expect(() => emu.outOfBand.delete(name)).toThrow();
    });

    test("reset clears state, faults and log", async () => {
        await createModel("m1");
        emu.injectFault({ kind: "status", status: 500, times: -1, path: "/nothing" });
        expect((await admin("POST", "reset")).status).toBe(200);
        expect(emu.requests()).toEqual([]);
        expect((await admin("GET", "faults")).body.faults).toEqual([]);
        expect((await api("GET", `${P}/models`)).body).toEqual({});
    });

    test("unknown admin endpoint -> 404; admin paths are never under /v1", async () => {
        expect((await admin("GET", "nope")).status).toBe(404);
        expect((await api("GET", "/v1/__emulator/state")).status).toBe(404);
    });

    test("snapshot() dumps every namespace", async () => {
        await modelWithVersions("m1", ["v1"]);
        await createModel("m2", {}, "/asia-east1");
        const s = emu.snapshot();
        expect(Object.keys(s.namespaces).sort()).toEqual(["asia-east1", "global"]);
        expect(s.namespaces.global?.versions).toHaveLength(1);
        expect(s.namespaces.global?.operations).toHaveLength(1);
        expect(s.namespaces["asia-east1"]?.models).toHaveLength(1);
    });
});

// ------------------------------------------------------------------------------------------ persistence

describe("state file", () => {
    test("state survives a restart; writes are atomic (no temp files left)", async () => {
        const dir = mkdtempSync(join(tmpdir(), "mlemu-state-"));
        const file = join(dir, "nested", "state.json");
        try {
            const a = await startEmulator({ stateFile: file, durations: { deleteVersion: 60000 } });
            await callApi(a.url, "POST", `${P}/models`, { name: "m1" });
            await callApi(a.url, "POST", `${P}/models/m1/versions`, { name: "v1", ...BASIC_VERSION });
            await callApi(a.url, "POST", `/europe-west4${P}/models`, { name: "r1" });
            const v1 = (await callApi(a.url, "GET", `${P}/models/m1/versions/v1`)).body;
            await callApi(a.url, "POST", `${P}/models/m1/versions`, { name: "v2", ...BASIC_VERSION });
            await callApi(a.url, "DELETE", `${P}/models/m1/versions/v2`); // v2 creation completes first (0 ms)
            await a.stop();
            expect(existsSync(file)).toBe(true);
            expect(readdirSync(join(dir, "nested"))).toEqual(["state.json"]);

            const b = await startEmulator({ stateFile: file, durations: { deleteVersion: 0 } });
            try {
                const m = (await callApi(b.url, "GET", `${P}/models/m1`)).body;
                expect(m.defaultVersion.name).toBe(`projects/${PROJECT}/models/m1/versions/v1`);
                expect((await callApi(b.url, "GET", `${P}/models/m1/versions/v1`)).body.etag).toBe(v1.etag);
                expect((await callApi(b.url, "GET", `/europe-west4${P}/models/r1`)).status).toBe(200);
                // the pending delete (60 s) is still pending after restart
                expect((await callApi(b.url, "GET", `${P}/models/m1/versions/v2`)).body.state).toBe("DELETING");
                expect((await callApi(b.url, "GET", `${P}/operations`)).body.operations).toHaveLength(3);
            } finally {
                await b.stop();
            }
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });
});

// ------------------------------------------------------------------------------------------ handle

describe("programmatic handle", () => {
    test("url has no trailing slash and matches port", () => {
        expect(emu.url).toBe(`http://127.0.0.1:${emu.port}`);
    });

    test("setDurations validates", () => {
        expect(() => emu.setDurations({ createVersion: -5 })).toThrow();
        expect(() => emu.setDurations({ createVersion: Number.NaN })).toThrow();
    });

    test("stop() is idempotent and frees the port", async () => {
        const e = await startEmulator();
        await callApi(e.url, "GET", `${P}/models`); // leaves a keep-alive socket behind
        await e.stop();
        await e.stop();
        await expect(fetch(`${e.url}/__emulator/healthz`)).rejects.toThrow();
    });
});
