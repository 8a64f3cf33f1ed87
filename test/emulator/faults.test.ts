// The ml.googleapis.com v1 emulator over HTTP. Fault injection.

import { type FaultSpec } from "../../emulator";
import {
    BASIC_VERSION,
    P,
    useEmulator,
    emu,
    api,
    createModel,
    createVersion,
    getOp,
    modelWithVersions,
    expectError,
    elapse,
} from "../helpers/emulatorSuite";

useEmulator();

// ------------------------------------------------------------------------------------------ faults

describe("fault injection", () => {
    test("status fault: error body, Retry-After, change not applied, consumed once", async () => {
        emu().injectFault({ kind: "status", status: 503, retryAfterSeconds: 7, method: "POST", path: "/models$" });
        const r = await api("POST", `${P}/models`, { name: "m1" });
        expectError(r, 503, "UNAVAILABLE");
        expect(r.headers.get("retry-after")).toBe("7");
        expect((await api("GET", `${P}/models/m1`)).status).toBe(404);
        expect((await api("POST", `${P}/models`, { name: "m1" })).status).toBe(200);
        expect(
            emu()
                .requests()
                .map((x) => [x.status, x.fault]),
        ).toEqual([
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
        emu().injectFault({ kind: "status", status, message: "custom" });
        expectError(await api("GET", `${P}/models`), status, canonical, "custom");
    });

    test("times, unlimited and method/path filters", async () => {
        emu().injectFault({ kind: "status", status: 500, times: 2, method: "GET", path: "/models/m1$" });
        expect((await api("GET", `${P}/models/m2`)).status).toBe(404); // path filter
        expect((await api("POST", `${P}/models`, { name: "m1" })).status).toBe(200); // method filter
        expect((await api("GET", `${P}/models/m1`)).status).toBe(500);
        expect((await api("GET", `${P}/models/m1`)).status).toBe(500);
        expect((await api("GET", `${P}/models/m1`)).status).toBe(200);
        emu().injectFault({ kind: "status", status: 503, times: -1 });
        for (let i = 0; i < 5; i++) expect((await api("GET", `${P}/models`)).status).toBe(503);
        emu().clearFaults();
        expect((await api("GET", `${P}/models`)).status).toBe(200);
        emu().injectFault({ kind: "status", status: 503, times: Infinity });
        expect((await api("GET", `${P}/models`)).status).toBe(503);
        expect((await api("GET", `${P}/models`)).status).toBe(503);
    });

    test("drop: no response, change not applied", async () => {
        emu().injectFault({ kind: "drop", method: "POST" });
        await expect(api("POST", `${P}/models`, { name: "m1" })).rejects.toThrow();
        expect((await api("GET", `${P}/models/m1`)).status).toBe(404);
        expect(emu().requests()[0]).toMatchObject({ method: "POST", status: 0, fault: "drop" });
    });

    test("lostResponse: no response, change applied", async () => {
        emu().injectFault({ kind: "lostResponse", method: "POST" });
        await expect(api("POST", `${P}/models`, { name: "m1" })).rejects.toThrow();
        expect((await api("GET", `${P}/models/m1`)).status).toBe(200);
        expect(emu().requests()[0]).toMatchObject({ status: 200, fault: "lostResponse" });
    });

    test("operationFailed on create: op error (default code 13), version FAILED with errorMessage", async () => {
        await createModel("m1");
        emu().injectFault({ kind: "operationFailed", method: "POST", path: "/versions$" });
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
        emu().injectFault({ kind: "operationFailed", method: "DELETE", code: 9, message: "nope" });
        const op = (await api("DELETE", `${P}/models/m1/versions/v2`)).body;
        expect((await getOp(op)).error).toEqual({ code: 9, message: "nope" });
        expect((await api("GET", `${P}/models/m1/versions/v2`)).body.state).toBe("READY");
    });

    test("operation faults are not used up by rejected requests", async () => {
        await createModel("m1");
        emu().injectFault({ kind: "operationFailed" });
        expect((await api("POST", `${P}/models/m1/versions`, { name: "1bad", ...BASIC_VERSION })).status).toBe(400);
        expect((await api("GET", `${P}/models/m1`)).status).toBe(200);
        const done = await getOp(await createVersion("m1", "v1"));
        expect(done.error.code).toBe(13);
    });

    test("operationHang: never finishes (even after its duration); cancel still works", async () => {
        await createModel("m1");
        emu().injectFault({ kind: "operationHang" });
        const op = await createVersion("m1", "v1");
        elapse(60 * 60_000); // an hour past any duration, on the emulator's clock
        expect(await getOp(op)).not.toHaveProperty("done");
        expect((await api("GET", `${P}/models/m1/versions/v1`)).body.state).toBe("CREATING");
        await api("POST", `/v1/${op.name as string}:cancel`);
        expect((await getOp(op)).error.code).toBe(1);
    });

    test("probability is deterministic (seeded) and resets with reset()", async () => {
        const run = async (): Promise<number[]> => {
            emu().injectFault({ kind: "status", status: 503, probability: 0.5, times: -1 });
            const out: number[] = [];
            for (let i = 0; i < 16; i++) out.push((await api("GET", `${P}/models`)).status);
            return out;
        };
        const a = await run();
        emu().reset();
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
        expect(() => emu().injectFault(spec as FaultSpec)).toThrow();
    });
});
