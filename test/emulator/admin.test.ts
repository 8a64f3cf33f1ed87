// The ml.googleapis.com v1 emulator over HTTP. The admin API (/__emulator/), the state file and the programmatic handle.

import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator } from "../../emulator";
import { callApi, type ApiResponse } from "../helpers/emulatorProcess";
import {
    BASIC_VERSION,
    PROJECT,
    P,
    REGIONAL,
    useEmulator,
    emu,
    api,
    createModel,
    createVersion,
    modelWithVersions,
} from "../helpers/emulatorSuite";

useEmulator();

// ------------------------------------------------------------------------------------------ admin API

describe("admin API (/__emulator/)", () => {
    const admin = (method: string, path: string, body?: unknown): Promise<ApiResponse> =>
        callApi(emu().url, method, `/__emulator/${path}`, body, {});

    test("healthz and state need no auth and are not logged", async () => {
        expect((await admin("GET", "healthz")).body).toEqual({ status: "ok" });
        await createModel("m1");
        const state = (await admin("GET", "state")).body;
        expect(state.namespaces.global.models[0].name).toBe(`projects/${PROJECT}/models/m1`);
        expect(state.durations.createVersion).toBe(0);
        // Only the API call is in the request log: admin requests are not.
        expect(
            emu()
                .requests()
                .map((r) => `${r.method} ${r.path}`),
        ).toEqual([`POST ${P}/models`]);
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
        emu().outOfBand.patch(name, { description: "drift", machine_type: "n1-highcpu-8" }, "us-central1");
        const after = (await api("GET", `${REGIONAL}/v1/${name}`)).body;
        expect(after).toMatchObject({ description: "drift", machineType: "n1-highcpu-8" });
        expect(after.etag).not.toBe(before.etag);
        emu().outOfBand.patch(`projects/${PROJECT}/models/m1`, { defaultVersion: "v2" }, "us-central1");
        expect((await api("GET", `${REGIONAL}${P}/models/m1`)).body.defaultVersion.name).toBe(name);
        emu().outOfBand.delete(name, "us-central1");
        expect((await api("GET", `${REGIONAL}/v1/${name}`)).status).toBe(404);
        expect((await api("GET", `${REGIONAL}${P}/models/m1`)).body).not.toHaveProperty("defaultVersion");
        expect(() => emu().outOfBand.delete(name)).toThrow();
    });

    test("reset clears state, faults and log", async () => {
        await createModel("m1");
        emu().injectFault({ kind: "status", status: 500, times: -1, path: "/nothing" });
        expect((await admin("POST", "reset")).status).toBe(200);
        expect(emu().requests()).toEqual([]);
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
        const s = emu().snapshot();
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
        expect(emu().url).toBe(`http://127.0.0.1:${emu().port}`);
    });

    test("setDurations validates", () => {
        expect(() => emu().setDurations({ createVersion: -5 })).toThrow();
        expect(() => emu().setDurations({ createVersion: Number.NaN })).toThrow();
    });

    test("stop() is idempotent and frees the port", async () => {
        const e = await startEmulator();
        await callApi(e.url, "GET", `${P}/models`); // leaves a keep-alive socket behind
        await e.stop();
        await e.stop();
        await expect(fetch(`${e.url}/__emulator/healthz`)).rejects.toThrow();
    });
});
