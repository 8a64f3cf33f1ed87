// The ml.googleapis.com v1 emulator over HTTP. Version states over time, the default version and the delete rules.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator } from "../../emulator";
import { callApi, sleep, type Json } from "../helpers/emulatorProcess";
import { readStateFiles } from "../helpers/stateFiles";
import {
    BASIC_VERSION,
    PROJECT,
    P,
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

// ------------------------------------------------------------------------------------------ state machine

describe("version state transitions (time driven)", () => {
    // Durations of a minute, then elapse(): the intermediate states are looked at long before they could end.
    test("CREATING -> READY when the duration elapses; busy versions reject patch/delete", async () => {
        emu().setDurations({ createVersion: 60_000 });
        await createModel("m1");
        const op = await createVersion("m1", "v1");
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
        elapse(60_000);
        const done = await getOp(op);
        expect(done.done).toBe(true);
        expect((await api("GET", `${P}/models/m1/versions/v1`)).body.state).toBe("READY");
    });

    test("UPDATING -> READY, changes applied only at completion", async () => {
        await modelWithVersions("m1", ["v1"]);
        emu().setDurations({ updateVersion: 60_000 });
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
        elapse(60_000);
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
        emu().setDurations({ deleteVersion: 60_000 });
        const op = (await api("DELETE", `${P}/models/m1/versions/v1`)).body;
        expect(op.name).toMatch(/\/operations\/delete_m1_v1-\d{13}$/);
        expect(op.metadata.operationType).toBe("DELETE_VERSION");
        expect(op.metadata.version.name).toBe(`projects/${PROJECT}/models/m1/versions/v1`);
        expect((await api("GET", `${P}/models/m1/versions/v1`)).body.state).toBe("DELETING");
        expectError(await api("DELETE", `${P}/models/m1/versions/v1`), 400, "FAILED_PRECONDITION", /DELETING/);
        elapse(60_000);
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
            const created = await callApi(e2.url, "POST", `${P}/models/m1/versions`, { name: "v1", ...BASIC_VERSION });
            // Started CREATING (reading the file instead would race the 150 ms timer on a stalled machine).
            expect(created.body.done).toBeUndefined();
            const readState = (): Json => readStateFiles(file);
            // No request from here on: only the emulator's own timer can finish the operation. The deadline only
            // bounds a hang (the journal is appended to once per event-loop turn, after the timer).
            const deadline = Date.now() + 30_000;
            while (!readState().namespaces.global.operations[0].done && Date.now() < deadline) await sleep(20);
            const s = readState();
            expect(s.namespaces.global.versions[0].state).toBe("READY");
            expect(s.namespaces.global.operations[0].done).toBe(true);
        } finally {
            await e2.stop();
            rmSync(dir, { recursive: true, force: true });
        }
        // Jest's 5 s default is not a bound on the emulator: only the 30 s hang guard above is.
    }, 60_000);
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
        emu().setDurations({ deleteModel: 60_000 });
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
        elapse(60_000);
        expect((await getOp(op)).response).toEqual({ "@type": "type.googleapis.com/google.protobuf.Empty" });
        expect((await api("GET", `${P}/models/m1`)).status).toBe(404);
        expect((await api("DELETE", `${P}/models/m1`)).status).toBe(404);
    });

    test("a FAILED version is not made default and can be deleted", async () => {
        await createModel("m1");
        emu().injectFault({ kind: "operationFailed" });
        await getOp(await createVersion("m1", "v1"));
        expect((await api("GET", `${P}/models/m1`)).body).not.toHaveProperty("defaultVersion");
        await getOp(await createVersion("m1", "v2"));
        expect((await api("GET", `${P}/models/m1`)).body.defaultVersion.name).toMatch(/versions\/v2$/);
        const del = await api("DELETE", `${P}/models/m1/versions/v1`);
        expect(del.status).toBe(200);
    });
});
