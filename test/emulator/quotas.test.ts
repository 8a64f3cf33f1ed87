// Google's per-project limits in the emulator: requests per window, concurrent version creates/deletes, and the
// maximum numbers of models and versions; their CLI flags and admin API. Time is a fake clock (no real waiting).

import { Emulator } from "../../emulator/core/emulator";
import { GOOGLE_QUOTAS, startEmulator } from "../../emulator";
import { parseArgs, usage } from "../../emulator/main";
import type { QuotaLimits } from "../../emulator/types";
import { callCore as call } from "../helpers/emulatorCore";
import { ALL_APIS } from "../../emulator/apis";

const P = "quota-project";
let now = 1_000_000;
const clock = () => now;

function emulatorWith(
    quotas: Partial<QuotaLimits>,
    durations = { createVersion: 1000, deleteVersion: 1000 },
): Emulator {
    now = 1_000_000;
    return new Emulator({ apis: ALL_APIS, quotas, durations, clock, projectNumber: "123" });
}

const model = (emu: Emulator, name: string) => call(emu, "POST", `/v1/projects/${P}/models`, { name });
const version = (emu: Emulator, m: string, name: string) =>
    call(emu, "POST", `/v1/projects/${P}/models/${m}/versions`, {
        name,
        deploymentUri: `gs://b/${name}/`,
        runtimeVersion: "2.11",
        pythonVersion: "3.7",
    });

describe("requests per window", () => {
    test("the request past the limit gets Google's 429 RESOURCE_EXHAUSTED with an ErrorInfo and a RetryInfo, and is not counted", () => {
        const emu = emulatorWith({ requestsPerWindow: 3, windowMs: 1000 });
        for (let i = 0; i < 3; i++) {
            expect(call(emu, "GET", `/v1/projects/${P}/models`).status).toBe(200);
            now += 100;
        }
        const refused = call(emu, "GET", `/v1/projects/${P}/models`);
        expect(refused.status).toBe(429);
        expect(refused.body.error).toMatchObject({
            code: 429,
            status: "RESOURCE_EXHAUSTED",
            message: expect.stringMatching(
                /^Quota exceeded for quota metric 'Resource management requests' and limit 'Resource management requests per minute' of service 'ml.googleapis.com' for consumer 'project_number:123'\.$/,
            ),
            details: [
                {
                    "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                    reason: "RATE_LIMIT_EXCEEDED",
                    domain: "googleapis.com",
                    metadata: expect.objectContaining({ quota_limit_value: "3", consumer: "projects/123" }),
                },
                // When the first request (t=0) leaves the window: 700 ms after this refusal (t=300).
                { "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "0.7s" },
            ],
        });
        // Sliding window: the first request (t=0) leaves it at t=1000; the refused one (t=300) never counted.
        now += 699;
        const early = call(emu, "GET", `/v1/projects/${P}/models`);
        expect(early.status).toBe(429);
        expect(JSON.stringify(early.body)).toContain('"retryDelay":"0.001s"');
        now += 1;
        expect(call(emu, "GET", `/v1/projects/${P}/models`).status).toBe(200);
        expect(call(emu, "GET", `/v1/projects/${P}/models`).status).toBe(429);
    });

    test("every v1 method counts, per project; other projects have their own window", () => {
        const emu = emulatorWith({ requestsPerWindow: 2 });
        expect(model(emu, "m").status).toBe(200);
        expect(call(emu, "GET", `/v1/projects/${P}/operations`).status).toBe(200);
        expect(call(emu, "GET", `/v1/projects/${P}/models/m`).status).toBe(429);
        expect(call(emu, "GET", `/v1/projects/other/models`).status).toBe(200);
    });

    test("0 turns it off", () => {
        const emu = emulatorWith({ requestsPerWindow: 0 });
        for (let i = 0; i < 500; i++) expect(call(emu, "GET", `/v1/projects/${P}/models`).status).toBe(200);
    });
});

describe("concurrent version creates and deletes", () => {
    test("the one past the limit is refused with 403 CONCURRENT_OPERATIONS_QUOTA_EXCEEDED until one finishes", () => {
        const emu = emulatorWith({ concurrentOperations: 2 });
        model(emu, "m");
        expect(version(emu, "m", "a").status).toBe(200);
        expect(version(emu, "m", "b").status).toBe(200);
        const refused = version(emu, "m", "c");
        expect(refused.status).toBe(403);
        expect(refused.body.error).toMatchObject({
            code: 403,
            status: "RESOURCE_EXHAUSTED",
            message: expect.stringContaining("Rate Limit Exceeded"),
            details: [
                expect.objectContaining({
                    reason: "CONCURRENT_OPERATIONS_QUOTA_EXCEEDED",
                    metadata: expect.objectContaining({ containerType: "PROJECT", quota_limit_value: "2" }),
                }),
            ],
        });
        // Deletes count too (of versions and of models); reads and patches do not.
        expect(call(emu, "DELETE", `/v1/projects/${P}/models/m`).status).toBe(403);
        expect(call(emu, "GET", `/v1/projects/${P}/models/m/versions/a`).status).toBe(200);
        expect(call(emu, "GET", `/v1/projects/${P}/models/m/versions/c`).status).toBe(404); // nothing was created
        now += 1000; // both creates finish
        expect(version(emu, "m", "c").status).toBe(200);
        expect(call(emu, "DELETE", `/v1/projects/${P}/models/m/versions/b`).status).toBe(200);
        expect(call(emu, "DELETE", `/v1/projects/${P}/models/m/versions/a`).status).toBe(403);
    });

    test("0 turns it off", () => {
        const emu = emulatorWith({ concurrentOperations: 0 });
        model(emu, "m");
        for (let i = 0; i < 30; i++) expect(version(emu, "m", `v${i}`).status).toBe(200);
    });
});

describe("maximum models and versions per project", () => {
    test.each([
        ["models", { maxModels: 2 }, (emu: Emulator, i: number) => model(emu, `m${i}`)],
        [
            "versions",
            { maxVersions: 2, concurrentOperations: 0 },
            (emu: Emulator, i: number) => version(emu, "m", `v${i}`),
        ],
    ] as const)("the %s past the maximum are refused with a clear FAILED_PRECONDITION", (kind, limits, create) => {
        const emu = emulatorWith(limits);
        if (kind === "versions") model(emu, "m");
        expect(create(emu, 0).status).toBe(200);
        expect(create(emu, 1).status).toBe(200);
        const refused = create(emu, 2);
        expect(refused.status).toBe(400);
        expect(refused.body.error).toMatchObject({
            status: "FAILED_PRECONDITION",
            message: `Project ${P} already has 2 ${kind}, the maximum allowed per project (2). Delete unused ${kind} or request a quota increase.`,
        });
    });
});

test("operations.list takes the filter done=false (what a watcher needs), and refuses filters it does not know", () => {
    const emu = emulatorWith({}, { createVersion: 1000, deleteVersion: 1000 });
    model(emu, "m");
    version(emu, "m", "a");
    now += 1000;
    version(emu, "m", "b");
    const names = (filter: string) =>
        (
            call(emu, "GET", `/v1/projects/${P}/operations?filter=${encodeURIComponent(filter)}`).body.operations ?? []
        ).map((o: { name: string }) => o.name.replace(/-\d+$/, ""));
    expect(names("done=false")).toEqual([`projects/${P}/operations/create_m_b`]);
    expect(names("done = true")).toEqual([`projects/${P}/operations/create_m_a`]);
    expect(names("")).toHaveLength(2);
    expect(call(emu, "GET", `/v1/projects/${P}/operations?filter=state%3DRUNNING`).status).toBe(400);
});

describe("on by default, with CLI flags and an admin API to change or turn off each", () => {
    test("defaults are Google's numbers", async () => {
        const emu = await startEmulator();
        try {
            expect(emu.quotas()).toEqual({
                requestsPerWindow: 300,
                windowMs: 60000,
                concurrentOperations: 10,
                maxModels: 100,
                maxVersions: 200,
                // Vertex AI, per project and region (its quotas page; emulator/BEHAVIOUR.md)
                vertexRequestsPerMinute: 600,
                vertexOperationsPerMinute: 60,
                vertexPredictionsPerMinute: 30000,
            });
            expect(GOOGLE_QUOTAS).toEqual(emu.quotas());
        } finally {
            await emu.stop();
        }
    });

    test("flags, environment and --help", () => {
        const opts = parseArgs(
            ["--quota-requests-per-window", "30", "--quota-window-ms=6000", "--quota-concurrent-operations", "0"],
            { ML_EMULATOR_MAX_MODELS: "5", ML_EMULATOR_MAX_VERSIONS: "7" },
        );
        expect(opts).toMatchObject({
            quotas: { requestsPerWindow: 30, windowMs: 6000, concurrentOperations: 0, maxModels: 5, maxVersions: 7 },
        });
        expect(() => parseArgs(["--quota-window-ms", "0"], {})).toThrow(/--quota-window-ms must be at least 1/);
        for (const flag of [
            "--quota-requests-per-window",
            "--quota-window-ms",
            "--quota-concurrent-operations",
            "--max-models",
            "--max-versions",
        ]) {
            expect(usage()).toContain(flag);
        }
    });

    test("admin API: GET and POST /__emulator/quotas; bad keys and values are 400", async () => {
        const emu = await startEmulator();
        const admin = (method: string, body?: unknown) =>
            fetch(`${emu.url}/__emulator/quotas`, {
                method,
                body: body === undefined ? undefined : JSON.stringify(body),
            });
        try {
            const set = await admin("POST", { requestsPerWindow: 0, maxVersions: 3 });
            expect(set.status).toBe(200);
            expect(await set.json()).toMatchObject({ requestsPerWindow: 0, maxVersions: 3, concurrentOperations: 10 });
            expect(await (await admin("GET")).json()).toMatchObject({ requestsPerWindow: 0, maxVersions: 3 });
            expect((await admin("POST", { bogus: 1 })).status).toBe(400);
            expect((await admin("POST", { maxModels: -1 })).status).toBe(400);
            expect((await admin("POST", { windowMs: 0 })).status).toBe(400);
        } finally {
            await emu.stop();
        }
    });
});
