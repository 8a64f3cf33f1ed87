// Benchmark section "vertex" (prints figures; asserts nothing): N = 50 deployments (5 endpoints × 10) created at
// once, then mutated at once (a replica change: one :mutateDeployedModel each), then deleted at once, as
// `pulumi up` / `up` / `destroy` with a high --parallel do, through the Vertex Deployment provider against the
// emulator enforcing Google's Vertex quotas (600 requests and 60 operation submissions per minute per project and
// region; the emulator's one-minute window), with each deploy, mutate and undeploy taking OPERATION_MS.
//
// Lower bound of the wall time: every one of the 3 × N operations is an operation submission, so with Q
// submissions per window W the last r = L - floor((L - 1) / Q) × Q of the L = 3N submissions cannot start before
// floor((L - 1) / Q) × W, and on E endpoints one of them runs at least ceil(r / E) operations one after another
// (Vertex refuses a second operation on an endpoint while one runs); and each endpoint's 3N / E operations take
// OPERATION_MS each, one at a time. The bound is the larger of the two. The setup (endpoints, the model version)
// is made over HTTP with the quotas off and is not timed.
//
// notice_median_ms: for each operation, the time from its end (start + OPERATION_MS) to the first answer the
// provider got saying so (the operations:wait answered then, or a later get), from the emulator's request log.

import { type RecordedRequest, NO_QUOTAS } from "../emulator";
import type { DeploymentInputs, DeploymentOutputs } from "../provider/fields/vertex/deploymentFields";
import { median, quantile } from "./stats";
import { created, IMAGE, PROJECT, REGION, startVertexHarness, updated } from "../harness/vertexHarness";

const ENDPOINTS = 5;
const PER_ENDPOINT = 10;
const N = ENDPOINTS * PER_ENDPOINT;
const OPERATION_MS = 1000;
/** Google's Vertex quotas (reference §6), enforced by the emulator over its fixed one-minute window. */
const REQUESTS_PER_MINUTE = 600;
const OPERATIONS_PER_MINUTE = 60;
const WINDOW_MS = 60_000;

const LOCATION = `projects/${PROJECT}/locations/${REGION}`;
const MODEL_VERSION = `${LOCATION}/models/bench@1`;
const endpointName = (e: number) => `${LOCATION}/endpoints/bench-${e}`;

/** The wall-time lower bound described at the top, in ms. */
export function vertexBound(operations: number, endpoints: number, perWindow: number, windowMs: number, opMs: number) {
    const fullWindows = Math.floor((operations - 1) / perWindow);
    const last = operations - fullWindows * perWindow;
    const quota = fullWindows * windowMs + Math.ceil(last / endpoints) * opMs;
    const serial = Math.ceil(operations / endpoints) * opMs;
    return { quota, serial, bound: Math.max(quota, serial) };
}

const at = (r: RecordedRequest) => Date.parse(r.time);

/** ms from each operation's end to the first answer about it after that (its :wait or a get), from the log. */
function noticeDelays(log: readonly RecordedRequest[], operations: readonly { name: string; createTime: string }[]) {
    return operations.flatMap((op) => {
        const end = Date.parse(op.createTime) + OPERATION_MS;
        const path = `/v1/${op.name}`;
        const answer = log.find(
            (r) => r.status === 200 && (r.path === path || r.path === `${path}:wait`) && at(r) >= end,
        );
        return answer ? [at(answer) - end] : [];
    });
}

export async function vertexBench(): Promise<void> {
    const { quota, serial, bound } = vertexBound(3 * N, ENDPOINTS, OPERATIONS_PER_MINUTE, WINDOW_MS, OPERATION_MS);
    console.log(
        `## Vertex: ${N} deployments (${ENDPOINTS} endpoints × ${PER_ENDPOINT}) created, mutated, deleted, all at once ` +
            `(quotas: ${REQUESTS_PER_MINUTE} requests and ${OPERATIONS_PER_MINUTE} operation submissions per ` +
            `${WINDOW_MS} ms per project and region; deploy, mutate, undeploy ${OPERATION_MS} ms each)\n`,
    );
    const h = await startVertexHarness(
        {
            quotas: { ...NO_QUOTAS, vertexRequestsPerMinute: 0, vertexOperationsPerMinute: 0 },
            durations: {
                vertexDeployModel: OPERATION_MS,
                vertexMutateDeployedModel: OPERATION_MS,
                vertexUndeployModel: OPERATION_MS,
            },
        },
        // The provider's own pacing at its defaults (5 % under Google's numbers), its default polling.
        {
            "aiplatform:vertexQuotaRequestsPerWindow": "",
            "aiplatform:vertexQuotaOperationsPerWindow": "",
            "aiplatform:pollInitialIntervalMs": "",
            "aiplatform:pollMaxIntervalMs": "",
            "aiplatform:retryInitialDelayMs": "",
        },
    );
    try {
        // Setup over HTTP with the quotas off (nothing counted): the endpoints and one model version.
        const setup = async (method: string, path: string, body: object) => {
            const res = await fetch(`${h.emulator.url}/v1/${path}`, {
                method,
                headers: { authorization: "Bearer bench", "content-type": "application/json" },
                body: JSON.stringify(body),
            });
            if (res.status !== 200) throw new Error(`setup ${method} ${path}: ${res.status} ${await res.text()}`);
        };
        for (let e = 0; e < ENDPOINTS; e++) {
            await setup("POST", `${LOCATION}/endpoints?endpointId=bench-${e}`, { displayName: `bench-${e}` });
        }
        await setup("POST", `${LOCATION}/models:upload`, {
            modelId: "bench",
            model: { displayName: "bench", artifactUri: "gs://bench/model/", containerSpec: { imageUri: IMAGE } },
        });
        h.emulator.setQuotas({
            vertexRequestsPerMinute: REQUESTS_PER_MINUTE,
            vertexOperationsPerMinute: OPERATIONS_PER_MINUTE,
        });
        h.emulator.clearRequests();

        const inputs: DeploymentInputs[] = Array.from({ length: N }, (_, i) => ({
            endpoint: endpointName(i % ENDPOINTS),
            modelVersion: MODEL_VERSION,
            displayName: `d${i}`,
            minReplicaCount: 1,
            maxReplicaCount: 2,
        }));
        const started = Date.now();
        const creates = await Promise.allSettled(inputs.map((d) => created(h.deployment, d)));
        const live = creates.flatMap((c) => (c.status === "fulfilled" ? [c.value] : []));
        const mutates = await Promise.allSettled(
            live.map((d) =>
                updated(h.deployment, d.id, d.outs, { ...d.inputs, minReplicaCount: 2, maxReplicaCount: 3 }),
            ),
        );
        const deletes = await Promise.allSettled(
            live.map((d, i) => {
                const m = mutates[i];
                const outs: DeploymentOutputs = m.status === "fulfilled" ? m.value.outs : d.outs;
                return h.deployment.delete(d.id, outs);
            }),
        );
        const wall = Date.now() - started;

        const log = h.emulator.requests();
        const rejected = [...creates, ...mutates, ...deletes].filter((r) => r.status === "rejected");
        const failed = rejected.length + (N - live.length) * 2; // a failed create also leaves its mutate and delete undone
        const http429 = log.filter((r) => r.status === 429).length;
        // The deploy, mutate and undeploy operations (the setup's endpoint creates and upload took 0 ms).
        const operations = (h.emulator.snapshot().namespaces.vertex?.operations ?? []) as {
            name: string;
            metadata?: { "@type"?: string; genericMetadata?: { createTime?: string } };
        }[];
        const timed = operations.flatMap((op) => {
            const createTime = op.metadata?.genericMetadata?.createTime;
            const kind = /(DeployModel|UndeployModel|MutateDeployedModel)OperationMetadata$/;
            return createTime && kind.test(op.metadata?.["@type"] ?? "") ? [{ name: op.name, createTime }] : [];
        });
        const delays = noticeDelays(log, timed);
        const submissions = log.filter(
            (r) => r.method === "POST" && /:(deployModel|mutateDeployedModel|undeployModel)$/.test(r.path),
        );
        const ratio = (wall / bound).toFixed(2);
        console.log(
            `wall ${wall} ms; bound ${bound} ms (submission quota ${quota} ms, per-endpoint serial ${serial} ms); ` +
                `${log.length} requests, ${submissions.length} operation submissions (${timed.length} operations), ` +
                `notice delays measured ${delays.length}, p90 ${quantile(delays, 0.9)} ms`,
        );
        for (const r of rejected.slice(0, 3)) console.log(`failure: ${String(r.reason)}`);
        console.log(
            `vertex N=${N}: wall/bound=${ratio} notice_median_ms=${median(delays)} http_429=${http429} failed=${failed}\n`,
        );
    } finally {
        await h.stop();
    }
}
