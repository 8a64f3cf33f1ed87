// The ml.googleapis.com v1 emulator over HTTP. Request decoding (ESF transcoding) and authentication.

import { AUTH } from "../helpers/emulatorProcess";
import { BASIC_VERSION, P, REGIONAL, useEmulator, api, createModel, expectError } from "../helpers/emulatorSuite";

useEmulator();

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
        const r = await api("GET", `${P}/models`, undefined, headers);
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
