// Evidence under faults, bad input and load: the providers against the emulator's fault injection, with
// assertions on the emulator's request log.

import { type RecordedRequest } from "../../emulator";
import { ResourceInitError } from "../../provider/host/resourceErrors";
import type { VersionInputs, VersionOutputs } from "../../provider/fields/ml/types";
import { invalidCases } from "../fixtures/inputs";
import {
    createModel,
    createVersion,
    type Harness,
    patientVersionProvider,
    PROJECT,
    startHarness,
    updateVersion,
} from "../../harness/providerHarness";

jest.setTimeout(120_000);

let h: Harness;
beforeAll(async () => {
    // Retry base of 50 ms: backoff is visible in the log without slowing the suite.
    h = await startHarness({}, { "aiplatform:retryInitialDelayMs": "50" });
});
afterAll(() => h.stop());
beforeEach(() => h.emulator.reset());

const versionInputs = (model: string, name: string, extra: Partial<VersionInputs> = {}): VersionInputs => ({
    model,
    name,
    deploymentUri: `gs://demo-bucket/${model}/${name}/`,
    runtimeVersion: "2.11",
    pythonVersion: "3.7",
    ...extra,
});
const ms = (r: RecordedRequest) => Date.parse(r.time);
const matching = (method: string, path: RegExp) =>
    h.emulator.requests().filter((r) => r.method === method && path.test(r.path));

describe("transient faults on every kind of call are retried with backoff, and the operation completes", () => {
    const calls: [string, string, RegExp, () => Promise<unknown>][] = [
        ["models.create", "POST", /\/models$/, () => createModel(h, { name: "m" })],
        [
            "versions.create",
            "POST",
            /\/versions$/,
            async () => {
                await createModel(h, { name: "m" });
                return createVersion(h, versionInputs("m", "v"));
            },
        ],
        [
            "versions.patch",
            "PATCH",
            /\/versions\/v$/,
            async () => {
                await createModel(h, { name: "m" });
                const v = await createVersion(h, versionInputs("m", "v"));
                return updateVersion(h, v.id, v.outs, versionInputs("m", "v", { description: "x" }));
            },
        ],
        [
            "versions.setDefault",
            "POST",
            /:setDefault$/,
            async () => {
                await createModel(h, { name: "m" });
                await createVersion(h, versionInputs("m", "a"));
                return createVersion(h, versionInputs("m", "v", { isDefault: true }));
            },
        ],
        [
            "versions.delete",
            "DELETE",
            /\/versions\/v$/,
            async () => {
                await createModel(h, { name: "m" });
                const v = await createVersion(h, versionInputs("m", "v"));
                return h.version.delete(v.id, v.outs);
            },
        ],
        [
            "operations.get",
            "GET",
            /\/operations\//,
            async () => {
                await createModel(h, { name: "m" });
                return createVersion(h, versionInputs("m", "v"));
            },
        ],
    ];
    const faults: [string, { kind: "status" | "drop"; status?: number; retryAfterSeconds?: number }][] = [
        ["429 with Retry-After", { kind: "status", status: 429, retryAfterSeconds: 1 }],
        ["429 without Retry-After", { kind: "status", status: 429 }],
        ["500", { kind: "status", status: 500 }],
        ["503", { kind: "status", status: 503 }],
        ["a dropped connection", { kind: "drop" }],
    ];
    const table = calls.flatMap(([call, method, path, run]) =>
        faults.map(([fault, spec]) => [call, fault, method, path, run, spec] as const),
    );

    test.each(table)("%s survives %s", async (_call, _fault, method, path, run, spec) => {
        h.emulator.injectFault({ method, path: path.source, times: 2, ...spec });
        await run(); // throws if the call did not eventually succeed
        const attempts = matching(method, path);
        const faulted = attempts.filter((r) => r.fault !== undefined);
        expect(faulted).toHaveLength(2);
        // Bounded: the two faults, then success (operations.get keeps polling after that).
        const firstSuccess = attempts.findIndex((r) => r.fault === undefined && r.status < 400);
        expect(firstSuccess).toBe(2);
        // Real time on purpose: the gaps are read from the emulator's request log, i.e. observed at the HTTP boundary
        // as Google would see them, not from the provider's own account of its sleeps. Lower bounds only (a sleep
        // never ends early), so a loaded machine cannot fail them; the Retry-After cases cost about 2 s each.
        const gap1 = ms(attempts[1]) - ms(attempts[0]);
        const gap2 = ms(attempts[2]) - ms(attempts[1]);
        if (spec.retryAfterSeconds) {
            expect(gap1).toBeGreaterThanOrEqual(950); // Retry-After honoured
            expect(gap2).toBeGreaterThanOrEqual(950);
        } else {
            expect(gap1).toBeGreaterThanOrEqual(20); // backoff, not a hot loop (equal jitter: >= half of 50 ms)
            expect(gap2).toBeGreaterThanOrEqual(45); // and growing (>= half of 100 ms)
        }
    });

    test("retries are bounded: a fault that never clears fails with the HTTP status", async () => {
        h.emulator.injectFault({ method: "POST", path: "/models$", kind: "status", status: 503, times: -1 });
        await expect(createModel(h, { name: "m" })).rejects.toThrow(
            /POST v1\/projects\/demo-project\/models failed: HTTP 503/,
        );
        expect(matching("POST", /\/models$/)).toHaveLength(7);
    });

    test("non-retryable errors are not retried", async () => {
        h.emulator.injectFault({
            method: "POST",
            path: "/models$",
            kind: "status",
            status: 403,
            message: "Permission denied",
        });
        await expect(createModel(h, { name: "m" })).rejects.toThrow(/HTTP 403 PERMISSION_DENIED: Permission denied/);
        expect(matching("POST", /\/models$/)).toHaveLength(1);
    });
});

describe("a create whose response is lost after the server applied it", () => {
    test("model: the retry's ALREADY_EXISTS is reconciled, no error, no duplicate", async () => {
        h.emulator.injectFault({ method: "POST", path: "/models$", kind: "lostResponse" });
        const { outs } = await createModel(h, { name: "m", description: "d" });
        expect(outs).toMatchObject({ name: "m", description: "d" });
        expect(matching("POST", /\/models$/).map((r) => r.status)).toEqual([200, 409]);
    });

    test("version: the retry adopts the version being created and waits for it", async () => {
        await createModel(h, { name: "m" });
        h.emulator.injectFault({ method: "POST", path: "/versions$", kind: "lostResponse" });
        const { outs } = await createVersion(
            h,
            versionInputs("m", "v", { requestLoggingConfig: { bigqueryTableName: "demo-project.d.t" } }),
        );
        expect(outs).toMatchObject({ state: "READY", requestLoggingConfig: { bigqueryTableName: "demo-project.d.t" } });
        const list = (await (
            await fetch(`${h.emulator.url}/v1/projects/${PROJECT}/models/m/versions`, {
                headers: { authorization: "Bearer t" },
            })
        ).json()) as { versions: unknown[] };
        expect(list.versions).toHaveLength(1);
    });
});

test("an operation that never finishes: the provider gives up at its deadline naming it, and a later run picks the version up", async () => {
    await createModel(h, { name: "m" });
    h.emulator.injectFault({ method: "POST", path: "/versions$", kind: "operationHang" });
    // Real time on purpose: the deadline is the provider's own (operationTimeoutSeconds, on the system clock the
    // provider runs on); lower bound 0.5 s, and the upper bound only catches a hang.
    const started = Date.now();
    const error = (await createVersion(h, versionInputs("m", "v", { operationTimeoutSeconds: 0.5 })).catch(
        (e: unknown) => e,
    )) as ResourceInitError;
    // It waited out its own deadline (0.5 s, on the same clock), and gave up long before the 30-minute default; the
    // upper bound only bounds a hang, so a stalled machine cannot fail it.
    const elapsedMs = Date.now() - started;
    expect(elapsedMs).toBeGreaterThanOrEqual(500);
    expect(elapsedMs).toBeLessThan(60_000);
    expect(error).toBeInstanceOf(ResourceInitError);
    expect(error.message).toMatch(
        /operation projects\/demo-project\/operations\/create_m_v-\d+ \(creation of .*versions\/v\) did not finish within 1s/,
    );
    // The engine records the resource (id + properties); the next `pulumi up` calls update on it.
    h.emulator.outOfBand.patch(error.id, { state: "READY" });
    h.emulator.clearRequests();
    const olds = error.properties as VersionOutputs;
    const { outs } = await updateVersion(h, error.id, olds, versionInputs("m", "v", { description: "resumed" }));
    expect(outs).toMatchObject({ state: "READY", description: "resumed" });
    expect(matching("POST", /\/versions$/)).toHaveLength(0); // no second create
});

test("a model changed since we read it: one PATCH (no refused etag round trip), fields outside the mask kept", async () => {
    const created = await createModel(h, { name: "m", description: "a" });
    h.emulator.outOfBand.patch(created.id, { labels: { by: "console" } });
    const { outs } = await h.model.update(created.id, created.outs, { ...created.outs, description: "b" });
    expect(outs?.description).toBe("b");
    expect(matching("PATCH", /models\/m$/).map((r) => r.status)).toEqual([200]);
    expect(matching("PATCH", /models\/m$/)[0]?.query).toEqual({ updateMask: "description" });
    const live = await h.model.read(created.id, outs);
    expect(live.props).toMatchObject({ description: "b", labels: { by: "console" } });
});

test("deleting ten versions of a model in parallel: all deleted, the default last", async () => {
    await createModel(h, { name: "m" });
    const versions = [];
    for (let i = 0; i < 10; i++) {
        versions.push(await createVersion(h, versionInputs("m", `v${i}`)));
    }
    h.emulator.clearRequests();
    const patient = await patientVersionProvider(h);
    await Promise.all([...versions].reverse().map((v) => patient.delete(v.id, v.outs)));
    const deleted = matching("DELETE", /versions/)
        .filter((r) => r.status === 200)
        .map((r) => r.path.split("/").pop());
    expect(new Set(deleted).size).toBe(10);
    expect(deleted[deleted.length - 1]).toBe("v0");
});

describe("bad input is rejected before any request reaches the API", () => {
    test.each(invalidCases.map((c) => [c.title, c] as const))("%s", async (_title, c) => {
        const attempt = c.kind === "model" ? createModel(h, c.inputs) : createVersion(h, c.inputs as VersionInputs);
        const error = (await attempt.catch((e: unknown) => e)) as Error;
        expect(error).toBeInstanceOf(Error);
        expect(error.message).toContain(JSON.stringify(c.property));
        expect(h.emulator.requests()).toEqual([]);
    });
});

describe("secrets never leak", () => {
    const token = "ya29.super-secret-test-token";
    const logged: string[] = [];
    let spies: jest.SpyInstance[] = [];

    beforeEach(() => {
        process.env.GOOGLE_OAUTH_ACCESS_TOKEN = token;
        spies = (["log", "error", "warn", "info"] as const).map((m) =>
            jest
                .spyOn(console, m)
                .mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(" "))),
        );
    });
    afterEach(() => {
        delete process.env.GOOGLE_OAUTH_ACCESS_TOKEN;
        spies.forEach((s) => s.mockRestore());
    });

    test("not in outputs, errors or logs, though every request carried it", async () => {
        const texts: string[] = [];
        const m = await createModel(h, { name: "m" });
        const a = await createVersion(h, versionInputs("m", "a"));
        await createVersion(h, versionInputs("m", "b"));
        texts.push(JSON.stringify([m, a]));
        for (const [spec, run] of [
            [
                { method: "POST", path: "/models$", kind: "status", status: 403, message: "denied" },
                () => createModel(h, { name: "n" }),
            ],
            [
                { method: "POST", path: "/versions$", kind: "operationFailed", message: "bad model" },
                () => createVersion(h, versionInputs("m", "c")),
            ],
            [
                { method: "POST", path: "/versions$", kind: "status", status: 503, times: -1 },
                () => createVersion(h, versionInputs("m", "d")),
            ],
            [
                { method: "POST", path: "/versions$", kind: "drop", times: -1 },
                () => createVersion(h, versionInputs("m", "e")),
            ],
        ] as const) {
            h.emulator.injectFault({ ...spec });
            const error = (await run().catch((e: unknown) => e)) as Error;
            texts.push(error.message, String(error.stack));
            h.emulator.clearFaults();
        }
        await h.version.delete(a.id, a.outs); // the default-handoff path logs
        const everything = [...texts, ...logged].join("\n");
        expect(everything).not.toContain(token);
        expect(everything).not.toMatch(/Bearer /);
        expect(h.emulator.requests().length).toBeGreaterThan(10);
    });
});

test("load: 20 models x 10 versions with 10% of calls failing transiently: all READY, none duplicated or lost, then all deleted", async () => {
    h.emulator.injectFault({ kind: "status", status: 503, probability: 0.1, times: -1 });
    const models = Array.from({ length: 20 }, (_, i) => `model${i}`);
    const created: { id: string; outs: VersionOutputs }[] = [];
    // The API allows 10 concurrent version creates per project: run 10 models at a time, versions in sequence.
    for (let i = 0; i < models.length; i += 10) {
        await Promise.all(
            models.slice(i, i + 10).map(async (model) => {
                await createModel(h, { name: model });
                for (let v = 0; v < 10; v++) {
                    created.push(await createVersion(h, versionInputs(model, `v${v}`)));
                }
            }),
        );
    }
    expect(created).toHaveLength(200);
    expect(created.every((c) => c.outs.state === "READY")).toBe(true);
    expect(h.emulator.requests().filter((r) => r.fault !== undefined).length).toBeGreaterThan(20);
    const live = () => h.emulator.snapshot().namespaces.global;
    const versionNames = (live().versions as { name: string }[]).map((v) => v.name);
    expect(versionNames).toHaveLength(200); // none duplicated
    expect(new Set(versionNames).size).toBe(200); // none lost
    expect((live().versions as { state: string }[]).every((v) => v.state === "READY")).toBe(true);

    // As `pulumi destroy` does: every version in parallel, then each model once its versions are gone.
    await Promise.all(
        models.map(async (model) => {
            await Promise.all(created.filter((c) => c.outs.model === model).map((c) => h.version.delete(c.id, c.outs)));
            await h.model.delete(`projects/${PROJECT}/models/${model}`, {
                fullName: `projects/${PROJECT}/models/${model}`,
                name: model,
            });
        }),
    );
    expect(live().models).toEqual([]);
    expect(live().versions).toEqual([]);
});
