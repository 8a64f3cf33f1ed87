// Property-based tests (fast-check): random and malformed bodies, names, query strings and orders of
// calls thrown at the v1 endpoints. After every step: never a 5xx, and the store's invariants hold.
// The seed is fixed so the suite is deterministic; set FC_SEED to explore other sequences.

import fc from "fast-check";
import { Emulator } from "../../emulator/core/emulator";
import type { ModelRecord, VersionRecord } from "../../emulator/ml/records";
import { ALL_APIS } from "../../emulator/apis";
import { MODELS, VERSIONS, versionsOf } from "../../emulator/ml/records";
import { OPERATIONS } from "../../emulator/core/operations";

const SEED = process.env.FC_SEED ? Number(process.env.FC_SEED) : 20261122;
const HEADERS = { authorization: "Bearer t" };
const PREFIXES = ["", "/us-central1"] as const;

// ---- arbitraries ----------------------------------------------------------------------------------

const modelId = fc.constantFrom("m1", "m2");
const versionId = fc.constantFrom("v1", "v2", "v3");
/** Names: mostly valid, sometimes hostile (encoded slashes, dots, unicode, over-long). */
const segment = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom("m1", "m2", "v1", "v2") },
    {
        weight: 1,
        arbitrary: fc.constantFrom("..", ".", "%2e%2e", "a%2Fb", "%2F", "x%3Fy", "%20", "%00", "日本", "a".repeat(200)),
    },
    { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 8 }).map(encodeURIComponent) },
);
const labels = fc.dictionary(
    fc.oneof(fc.constantFrom("team", "env", "日本", "Upper", "_x", ""), fc.string({ maxLength: 4 })),
    fc.oneof(fc.constantFrom("a", "", "prod"), fc.string({ maxLength: 4 })),
    { maxKeys: 3 },
);
const machine = fc.constantFrom(undefined, "mls1-c1-m2", "n1-standard-2", "n1-highmem-4", "banana");
const scaling = fc.oneof(
    fc.constant({}),
    fc.record({ autoScaling: fc.record({ minNodes: fc.integer({ min: -1, max: 3 }) }, { requiredKeys: [] }) }),
    fc.record({ manualScaling: fc.record({ nodes: fc.integer({ min: -1, max: 3 }) }) }),
);
/** A valid-looking base, sometimes with one extra field that may break a cross-field rule. */
const versionBody = fc.oneof(
    {
        weight: 8,
        arbitrary: fc
            .record({
                name: versionId,
                deploymentUri: fc.constantFrom("gs://b/m/", "gs://b/m/", "s3://x"),
                runtimeVersion: fc.constantFrom("2.11", "2.11", "1.15", "banana"),
                pythonVersion: fc.constantFrom("3.7", "3.7", "2.7"),
            })
            .chain((base) =>
                fc
                    .option(
                        fc.oneof(
                            fc.record({ machineType: machine }),
                            fc.record({ labels }),
                            fc.record({
                                machineType: machine,
                                acceleratorConfig: fc.record({
                                    count: fc.constantFrom(1, "0", -1),
                                    type: fc.constantFrom("NVIDIA_TESLA_T4", "TPU_V2"),
                                }),
                                manualScaling: fc.record({ nodes: fc.integer({ min: 0, max: 2 }) }),
                            }),
                            fc.record({
                                explanationConfig: fc.constantFrom(
                                    { xraiAttribution: { numIntegralSteps: 5 } },
                                    { xraiAttribution: {}, sampledShapleyAttribution: {} },
                                ),
                            }),
                            scaling,
                        ),
                        { freq: 2 },
                    )
                    .map((extra) => ({ ...base, ...(extra ?? {}) })),
            ),
    },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
);
const modelBody = fc.oneof(
    {
        weight: 4,
        arbitrary: fc.record({ name: modelId, labels, description: fc.string() }, { requiredKeys: ["name"] }),
    },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);
const mask = fc.oneof(
    { weight: 4, arbitrary: fc.subarray(["description", "labels", "autoScaling.minNodes", "manualScaling.nodes"]) },
    { weight: 1, arbitrary: fc.constant(["bogus"]) },
);
const query = fc.oneof(
    { weight: 4, arbitrary: fc.constant("") },
    {
        weight: 1,
        arbitrary: fc.constantFrom("?pageSize=1", "?pageSize=-5", "?pageToken=%%%", "?nope=1", "?prettyPrint=false"),
    },
);

interface Step {
    method: string;
    path: string;
    body?: unknown;
    /** Advance the clock by this much before the request (lets operations complete). */
    waitMs: number;
}

const step: fc.Arbitrary<Step> = fc
    .tuple(
        fc.nat({ max: 3 }).map((n) => [0, 0, 500, 5000][n]),
        fc.oneof(
            modelBody.map((body) => ({ method: "POST", path: "/v1/projects/p/models", body })),
            {
                weight: 5,
                arbitrary: fc
                    .tuple(modelId, versionBody)
                    .map(([m, body]) => ({ method: "POST", path: `/v1/projects/p/models/${m}/versions`, body })),
            },
            {
                weight: 3,
                arbitrary: fc.tuple(modelId, versionId, mask, versionBody).map(([m, v, paths, body]) => ({
                    method: "PATCH",
                    path: `/v1/projects/p/models/${m}/versions/${v}?updateMask=${paths.join(",")}`,
                    body: { ...(typeof body === "object" && body !== null ? body : {}), description: "x" },
                })),
            },
            {
                weight: 2,
                arbitrary: fc
                    .tuple(modelId, versionId)
                    .map(([m, v]) => ({ method: "DELETE", path: `/v1/projects/p/models/${m}/versions/${v}` })),
            },
            modelId.map((m) => ({ method: "DELETE", path: `/v1/projects/p/models/${m}` })),
            fc
                .tuple(modelId, versionId)
                .map(([m, v]) => ({ method: "POST", path: `/v1/projects/p/models/${m}/versions/${v}:setDefault` })),
            fc.tuple(modelId, versionId).map(([m, v]) => ({
                method: "PATCH",
                path: `/v1/projects/p/models/${m}?updateMask=defaultVersion.name`,
                body: { defaultVersion: { name: v } },
            })),
            fc
                .tuple(modelId, query)
                .map(([m, q]) => ({ method: "GET", path: `/v1/projects/p/models/${m}/versions${q}` })),
            query.map((q) => ({ method: "GET", path: `/v1/projects/p/models${q}` })),
            query.map((q) => ({ method: "GET", path: `/v1/projects/p/operations${q}` })),
            fc
                .tuple(
                    segment,
                    segment,
                    fc.constantFrom("GET", "POST", "PATCH", "DELETE"),
                    fc.jsonValue({ maxDepth: 2 }),
                )
                .map(([a, b, method, body]) => ({ method, path: `/v1/projects/${a}/models/${b}/versions`, body })),
        ),
    )
    .map(([waitMs, s]) => ({ ...s, waitMs }));

// ---- invariants -----------------------------------------------------------------------------------

const TRANSITIONAL = ["CREATING", "UPDATING", "DELETING"];

function content(r: ModelRecord | VersionRecord): string {
    return JSON.stringify("modelName" in r ? r.fields : { fields: r.fields, defaultVersion: r.defaultVersion });
}

function checkInvariants(e: Emulator, etags: Map<string, { etag: string; content: string }>): void {
    for (const namespace of e.store.namespaceNames()) {
        const ns = e.store.ns(namespace);
        for (const v of ns.of(VERSIONS).values()) {
            // no version without its model
            expect(ns.of(MODELS).has(v.modelName)).toBe(true);
            // no transitional state without a running operation (and no running operation on a settled version)
            if (TRANSITIONAL.includes(v.state)) {
                const op = v.pendingOperation === undefined ? undefined : ns.of(OPERATIONS).get(v.pendingOperation);
                expect({ version: v.name, state: v.state, running: op !== undefined && !op.done }).toEqual({
                    version: v.name,
                    state: v.state,
                    running: true,
                });
            } else {
                expect(v.pendingOperation).toBeUndefined();
            }
        }
        for (const m of ns.of(MODELS).values()) {
            const versions = versionsOf(ns, m.name);
            // one default per model with a deployed version, and it is one of its own versions
            if (m.defaultVersion !== undefined) {
                expect(versions.map((v) => v.name)).toContain(m.defaultVersion);
            }
            if (versions.some((v) => v.state === "READY")) expect(m.defaultVersion).toBeDefined();
        }
        // etags change on every write of a resource's content
        for (const r of [...ns.of(MODELS).values(), ...ns.of(VERSIONS).values()]) {
            const key = `${namespace}|${r.name}`;
            const before = etags.get(key);
            const now = { etag: r.etag, content: content(r) };
            if (before && before.content !== now.content) expect(now.etag).not.toBe(before.etag);
            etags.set(key, now);
        }
    }
}

// ---- the property ---------------------------------------------------------------------------------

test("random call sequences: never a 5xx, invariants hold after every step", () => {
    fc.assert(
        fc.property(
            fc.constantFrom(...PREFIXES),
            fc.array(step, { minLength: 10, maxLength: 40, size: "max" }),
            (prefix, steps) => {
                let now = Date.UTC(2026, 0, 1);
                const e = new Emulator({
                    apis: ALL_APIS,
                    clock: () => now,
                    durations: {
                        createVersion: 1000,
                        updateVersion: 1000,
                        deleteVersion: 1000,
                        updateModel: 1000,
                        deleteModel: 1000,
                    },
                });
                const etags = new Map<string, { etag: string; content: string }>();
                // Most sequences start with models to work on; the random steps may delete them.
                const preamble: Step[] = ["m1", "m2"].map((name) => ({
                    method: "POST",
                    path: "/v1/projects/p/models",
                    body: { name },
                    waitMs: 0,
                }));
                try {
                    for (const s of [...preamble, ...steps].map((s) => ({ ...s, path: `${prefix}${s.path}` }))) {
                        now += s.waitMs;
                        const [path, q = ""] = s.path.split("?");
                        const outcome = e.handleApi({
                            method: s.method,
                            path: path,
                            query: new URLSearchParams(q),
                            headers: HEADERS,
                            bodyText: s.body === undefined ? "" : JSON.stringify(s.body),
                        });
                        if (outcome.kind === "respond") {
                            expect({ step: s, status: outcome.status < 500 ? "ok" : outcome.body }).toEqual({
                                step: s,
                                status: "ok",
                            });
                        }
                        checkInvariants(e, etags);
                    }
                    // Every pending operation eventually completes and leaves settled states behind.
                    now += 10_000;
                    e.handleApi({
                        method: "GET",
                        path: "/v1/projects/p/models",
                        query: new URLSearchParams(),
                        headers: HEADERS,
                        bodyText: "",
                    });
                    checkInvariants(e, etags);
                } finally {
                    e.shutdown();
                }
            },
        ),
        { seed: SEED, numRuns: 300 },
    );
});

test("random request targets and bodies never get a 5xx", () => {
    const target = fc.tuple(
        fc.constantFrom("", "/us-central1", "/nowhere-1"),
        fc.array(
            fc.oneof(segment, fc.constantFrom("v1", "projects", "models", "versions", "operations", "x:setDefault")),
            {
                maxLength: 7,
            },
        ),
        fc.webQueryParameters(),
    );
    fc.assert(
        fc.property(
            target,
            fc.constantFrom("GET", "POST", "PATCH", "DELETE", "PUT"),
            fc.oneof(fc.string(), fc.json()),
            ([prefix, segs, q], method, bodyText) => {
                const e = new Emulator({ apis: ALL_APIS, durations: {} });
                try {
                    const outcome = e.handleApi({
                        method,
                        path: `${prefix}/${segs.join("/")}`,
                        query: new URLSearchParams(q),
                        headers: HEADERS,
                        bodyText,
                    });
                    if (outcome.kind === "respond") expect(outcome.status).toBeLessThan(500);
                } finally {
                    e.shutdown();
                }
            },
        ),
        { seed: SEED, numRuns: 300 },
    );
});
