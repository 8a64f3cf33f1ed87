// The ml.googleapis.com v1 emulator over HTTP. projects.operations.

import { type Json } from "../helpers/emulatorProcess";
import {
    P,
    useEmulator,
    emu,
    api,
    createModel,
    createVersion,
    getOp,
    modelWithVersions,
    expectError,
} from "../helpers/emulatorSuite";

useEmulator();

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
        emu().setDurations({ createVersion: 60000 });
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
        emu().setDurations({ updateVersion: 60000, deleteVersion: 60000 });
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
