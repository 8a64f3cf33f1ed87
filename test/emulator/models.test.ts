// The ml.googleapis.com v1 emulator over HTTP. projects.models: create, get, list, patch and delete.

import { type Json } from "../helpers/emulatorProcess";
import {
    BASIC_VERSION,
    PROJECT,
    P,
    ETAG_RE,
    REGIONAL,
    useEmulator,
    emu,
    api,
    createModel,
    expectError,
} from "../helpers/emulatorSuite";

useEmulator();

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
        emu().setQuotas({ maxModels: 0 }); // 105 models: more than Google's 100 per project (quotas.test.ts)
        for (let i = 0; i < 105; i++) await createModel(`m${String(i).padStart(3, "0")}`);
        emu().setQuotas({ maxModels: 100 });
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
