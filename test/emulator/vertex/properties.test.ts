// Property-based tests (fast-check) of Vertex traffic: random sequences of deploy, undeploy, mutate, traffic-split
// patches, predictions, cancels, endpoint deletes and creates, and the passing of time on two endpoints. After every step: never a 5xx; an
// endpoint's split is empty or sums to 100 over models deployed on it (empty when none is); a refused call changes
// nothing at all; predict answers from a model with traffic, or FAILED_PRECONDITION when the split is empty.
// The seed is fixed so the suite is deterministic; set FC_SEED to explore other sequences.

import fc from "fast-check";
import { ALL_APIS } from "../../../emulator/apis";
import { Emulator, recordKindsOf } from "../../../emulator/core/emulator";
import { OPERATIONS } from "../../../emulator/core/operations";
import { ENDPOINTS, VERTEX_NAMESPACE, type EndpointRecord } from "../../../emulator/vertex/records";
import { callCore } from "../../helpers/emulatorCore";
import type { Json } from "../../helpers/emulatorProcess";

const SEED = process.env.FC_SEED ? Number(process.env.FC_SEED) : 20261122;
const L = "/v1/projects/p/locations/us-central1";
const N = "projects/p/locations/us-central1";
const IMAGE = "us-docker.pkg.dev/vertex-ai/prediction/sklearn-cpu.1-3:latest";
const DEDICATED = { machineSpec: { machineType: "n1-standard-2" }, minReplicaCount: 1 };

// ---- arbitraries ----------------------------------------------------------------------------------

const endpointId = fc.constantFrom("e1", "e2");
/** Deployed model IDs: "0" (the one being deployed, in a deploy's split) and a few the steps reuse. */
const deployedId = fc.constantFrom("1", "2", "3", "4");
const splitKey = fc.constantFrom("0", "0", "1", "1", "2", "3", "4", "9");
/** Splits: mostly 100 shared among a few keys, sometimes a wrong sum, a negative or an empty map. */
const split: fc.Arbitrary<Record<string, number> | undefined> = fc.oneof(
    {
        weight: 5,
        arbitrary: fc.uniqueArray(splitKey, { minLength: 1, maxLength: 3 }).chain((keys) =>
            fc
                .array(fc.integer({ min: 0, max: 100 }), { minLength: keys.length - 1, maxLength: keys.length - 1 })
                .map((cuts) => {
                    const points = [0, ...cuts.sort((a, b) => a - b), 100];
                    return Object.fromEntries(keys.map((k, i) => [k, (points[i + 1] ?? 0) - (points[i] ?? 0)]));
                }),
        ),
    },
    { weight: 1, arbitrary: fc.dictionary(splitKey, fc.integer({ min: -10, max: 110 }), { maxKeys: 3 }) },
    { weight: 2, arbitrary: fc.constantFrom<Record<string, number> | undefined>(undefined, {}, { "0": 100 }) },
);

interface Step {
    method: string;
    path: string;
    body?: unknown;
    /** Advance the clock by this much before the call (operations complete). */
    waitMs: number;
}

const call: fc.Arbitrary<Omit<Step, "waitMs">> = fc.oneof(
    {
        weight: 6,
        arbitrary: fc
            .tuple(endpointId, fc.constantFrom("@1", "@2", ""), deployedId, split)
            .map(([e, version, id, trafficSplit]) => ({
                method: "POST",
                path: `${L}/endpoints/${e}:deployModel`,
                body: {
                    deployedModel: { id, model: `${N}/models/m${version}`, dedicatedResources: DEDICATED },
                    ...(trafficSplit ? { trafficSplit } : {}),
                },
            })),
    },
    {
        weight: 3,
        arbitrary: fc.tuple(endpointId, deployedId, split).map(([e, id, trafficSplit]) => ({
            method: "POST",
            path: `${L}/endpoints/${e}:undeployModel`,
            body: { deployedModelId: id, ...(trafficSplit ? { trafficSplit } : {}) },
        })),
    },
    {
        weight: 3,
        arbitrary: fc.tuple(endpointId, split).map(([e, trafficSplit]) => ({
            method: "PATCH",
            path: `${L}/endpoints/${e}?updateMask=traffic_split`,
            body: trafficSplit === undefined ? {} : { trafficSplit },
        })),
    },
    fc.tuple(endpointId, deployedId, fc.integer({ min: 0, max: 3 })).map(([e, id, min]) => ({
        method: "POST",
        path: `${L}/endpoints/${e}:mutateDeployedModel`,
        body: {
            deployedModel: { id, dedicatedResources: { minReplicaCount: min, maxReplicaCount: 3 } },
            updateMask: "dedicatedResources.minReplicaCount,dedicatedResources.maxReplicaCount",
        },
    })),
    {
        weight: 2,
        arbitrary: endpointId.map((e) => ({
            method: "POST",
            path: `${L}/endpoints/${e}:predict`,
            body: { instances: [[1, 2]] },
        })),
    },
    fc.nat().map((pick) => ({ method: "CANCEL", path: String(pick) })),
    endpointId.map((e) => ({ method: "DELETE", path: `${L}/endpoints/${e}` })),
    {
        weight: 2,
        arbitrary: endpointId.map((e) => ({
            method: "POST",
            path: `${L}/endpoints?endpointId=${e}`,
            body: { displayName: e },
        })),
    },
);

const step: fc.Arbitrary<Step> = fc
    .tuple(fc.constantFrom(0, 0, 500, 5000), call)
    .map(([waitMs, c]) => ({ ...c, waitMs }));

// ---- invariants -----------------------------------------------------------------------------------

function endpoints(e: Emulator): EndpointRecord[] {
    return [...e.store.ns(VERTEX_NAMESPACE).of(ENDPOINTS).values()];
}

/** The split rule of every endpoint, as a value a failing test prints whole. */
function checkSplits(e: Emulator, s: Step): void {
    for (const endpoint of endpoints(e)) {
        const deployed = endpoint.deployedModels.map((d) => d.id);
        const entries = Object.entries(endpoint.trafficSplit);
        const sum = entries.reduce((total, [, percent]) => total + percent, 0);
        const holds =
            (entries.length === 0 || sum === 100) &&
            entries.every(([id, percent]) => deployed.includes(id) && Number.isInteger(percent) && percent >= 0) &&
            (deployed.length > 0 || entries.length === 0);
        expect({ step: s, endpoint: endpoint.name, split: endpoint.trafficSplit, deployed, holds }).toEqual({
            step: s,
            endpoint: endpoint.name,
            split: endpoint.trafficSplit,
            deployed,
            holds: true,
        });
    }
}

const RECORD_KINDS = recordKindsOf(ALL_APIS);

/** Everything the store holds. */
function dump(e: Emulator): unknown {
    const ns = e.store.ns(VERTEX_NAMESPACE);
    return JSON.parse(
        JSON.stringify(Object.fromEntries(RECORD_KINDS.map((kind) => [kind.name, [...ns.records(kind.name)]]))),
    ) as unknown;
}

// ---- the property ---------------------------------------------------------------------------------

test("random traffic changes: the split always sums to 100 over deployed models, refusals change nothing", () => {
    fc.assert(
        fc.property(
            fc.constantFrom(0, 1000),
            fc.array(step, { minLength: 10, maxLength: 50, size: "max" }),
            (duration, steps) => {
                let now = Date.UTC(2026, 0, 1);
                const e = new Emulator({
                    apis: ALL_APIS,
                    clock: () => now,
                    durations: {
                        vertexDeployModel: duration,
                        vertexUndeployModel: duration,
                        vertexMutateDeployedModel: duration,
                        vertexDeleteEndpoint: duration,
                    },
                });
                const api = (method: string, path: string, body?: unknown) => callCore(e, method, path, body);
                try {
                    for (const id of ["e1", "e2"]) api("POST", `${L}/endpoints?endpointId=${id}`, { displayName: id });
                    for (const request of [{ modelId: "m" }, { parentModel: `${N}/models/m` }]) {
                        api("POST", `${L}/models:upload`, {
                            ...request,
                            model: { displayName: "m", artifactUri: "gs://b/m/", containerSpec: { imageUri: IMAGE } },
                        });
                    }
                    for (const s of steps) {
                        now += s.waitMs;
                        // What is due completes first (any request does that), so a refusal is compared with the
                        // state it was refused in.
                        api("GET", `${L}/endpoints`);
                        checkSplits(e, s);
                        const before = dump(e);
                        let res: { status: number; body: Json };
                        if (s.method === "CANCEL") {
                            const pending = [...e.store.ns(VERTEX_NAMESPACE).of(OPERATIONS).values()]
                                .filter((op) => !op.done)
                                .sort((a, b) => a.seq - b.seq);
                            const op = pending[Number(s.path) % Math.max(1, pending.length)];
                            if (op === undefined) continue;
                            res = api("POST", `/v1/${op.name}:cancel`, {});
                        } else {
                            res = api(s.method, s.path, s.body);
                        }
                        expect({ step: s, status: res.status < 500 ? "ok" : res.body }).toEqual({
                            step: s,
                            status: "ok",
                        });
                        if (res.status >= 400)
                            expect({ step: s, refused: dump(e) }).toEqual({ step: s, refused: before });
                        checkSplits(e, s);
                        if (s.path.endsWith(":predict")) {
                            const endpoint = endpoints(e).find((x) =>
                                s.path.includes(`/endpoints/${x.name.split("/").pop() as string}:`),
                            );
                            const split = endpoint?.trafficSplit ?? {};
                            if (endpoint === undefined) expect(res.status).toBe(404);
                            else if (Object.keys(split).length === 0) {
                                expect({ status: res.status, error: res.body.error.status }).toEqual({
                                    status: 400,
                                    error: "FAILED_PRECONDITION",
                                });
                            } else {
                                expect(res.status).toBe(200);
                                expect(split[res.body.deployedModelId as string]).toBeGreaterThan(0);
                            }
                        }
                    }
                    // Whatever is still running completes, and the rule still holds.
                    now += 60_000;
                    api("GET", `${L}/endpoints`);
                    checkSplits(e, { method: "GET", path: "(after every operation completed)", waitMs: 60_000 });
                } finally {
                    e.shutdown();
                }
            },
        ),
        { seed: SEED, numRuns: 200 },
    );
});
