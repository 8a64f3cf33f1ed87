// The ml.googleapis.com v1 emulator over HTTP. PATCH: update masks and etags.

import {
    PROJECT,
    P,
    ETAG_RE,
    REGIONAL,
    useEmulator,
    elapse,
    emu,
    api,
    createModel,
    createVersion,
    getOp,
    modelWithVersions,
    expectError,
} from "../helpers/emulatorSuite";

useEmulator();

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
        emu().setDurations({ createVersion: 60_000 });
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
        emu().injectFault({ kind: "operationFailed" });
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
        emu().setDurations({ updateVersion: 60_000 });
        await api("PATCH", `${P}/models/m1/versions/v1?updateMask=description`, { description: "x" });
        // starting an update does not change the etag; completing it does
        expect((await api("GET", `${P}/models/m1/versions/v1`)).body.etag).toBe(after.v1);
        elapse(60_000);
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
