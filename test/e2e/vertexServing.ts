// The serving invariant of issue 18, shared by the Vertex AI end-to-end tests (vertex.test.ts for declared
// deployments and splits, artifacts.test.ts for ModelRollout): while the engine changes a stack, every read of the
// endpoint shows a split over deployed models summing to 100 whenever a model is deployed, and never traffic to
// nothing. The endpoint is read from the emulator's state in process: no request, so nothing logged or counted.

import type { EmulatorHandle, OperationDurations, RecordedRequest } from "../../emulator";

/** Vertex AI operations lasting a few hundred ms, so the poller (every 20 ms) sees every change in flight. */
export const SERVING_VISIBLE_DURATIONS: Partial<OperationDurations> = {
    vertexCreateEndpoint: 100,
    vertexDeleteEndpoint: 100,
    vertexUploadModel: 200,
    vertexDeployModel: 400,
    vertexUndeployModel: 300,
    vertexMutateDeployedModel: 300,
    vertexDeleteModel: 100,
    vertexDeleteVersion: 100,
};

/** An endpoint as the API would answer GET. */
export interface LiveEndpoint {
    name: string;
    trafficSplit?: Record<string, number>;
    deployedModels?: {
        id: string;
        displayName?: string;
        model?: string;
        dedicatedResources?: Record<string, unknown>;
    }[];
}

/** A registry model version as the emulator holds it. */
export interface LiveVersion {
    name: string;
    versionId: string;
}

/** One read of the endpoint. */
export interface ServingSample {
    deployed: string[];
    split: Record<string, number>;
}

/** The emulator's Vertex AI endpoints and model versions, in every project and region. */
export function vertexLive(emulator: EmulatorHandle): { endpoints: LiveEndpoint[]; models: LiveVersion[] } {
    const ns = emulator.snapshot().namespaces.vertex as unknown as
        { endpoints: LiveEndpoint[]; models: LiveVersion[] } | undefined;
    return { endpoints: ns?.endpoints ?? [], models: ns?.models ?? [] };
}

/** Why a read breaks the serving invariant, or undefined when it holds. */
export function servingViolation(sample: ServingSample): string | undefined {
    const traffic = Object.entries(sample.split).filter(([, percent]) => percent > 0);
    const toNothing = traffic.filter(([id]) => !sample.deployed.includes(id));
    if (toNothing.length > 0) return `traffic to undeployed ${toNothing.map(([id]) => id).join(", ")}`;
    const sum = traffic.reduce((total, [, percent]) => total + percent, 0);
    if (sample.deployed.length > 0 && sum !== 100) {
        return `deployed ${sample.deployed.join(", ")} but the split sums to ${sum}`;
    }
    return undefined;
}

/** The split without its zero shares (the API may or may not keep them), keyed by the given names. */
export function shares(split: Record<string, number>, names: Record<string, string>): Record<string, number> {
    return Object.fromEntries(
        Object.entries(split)
            .filter(([, percent]) => percent > 0)
            .map(([id, percent]) => [names[id] ?? id, percent]),
    );
}

/** Consecutive distinct values. */
export function changes<T>(values: T[]): T[] {
    return values.filter((v, i) => i === 0 || JSON.stringify(v) !== JSON.stringify(values[i - 1]));
}

/** Requests that change something: not reads, not operation waits or polls, not refused. */
export const mutating = (log: RecordedRequest[]) =>
    log.filter((r) => r.method !== "GET" && !r.path.includes("/operations/") && r.status < 400);

/**
 * Runs `operation` while reading the emulator's (only) Vertex AI endpoint every 20 ms, and asserts the serving
 * invariant over every read. Returns the operation's result and the reads (endpointless reads omitted).
 */
export async function whileServing<T>(
    emulator: EmulatorHandle,
    operation: () => Promise<T>,
): Promise<{ result: T; samples: ServingSample[] }> {
    const samples: ServingSample[] = [];
    let polling = true;
    const read = () => {
        const [endpoint] = vertexLive(emulator).endpoints;
        if (endpoint === undefined) return;
        samples.push({
            deployed: (endpoint.deployedModels ?? []).map((d) => d.id),
            split: endpoint.trafficSplit ?? {},
        });
    };
    const poller = (async () => {
        // Bounded: stops when the operation returns, or after 30 000 reads (10 min at 20 ms) should it hang.
        for (let n = 0; polling && n < 30_000; n++) {
            read();
            await new Promise((r) => setTimeout(r, 20));
        }
    })();
    let result: T;
    try {
        result = await operation();
    } finally {
        polling = false;
        await poller;
    }
    read();
    const violations = samples.map((s) => [servingViolation(s), s] as const).filter(([v]) => v !== undefined);
    expect(violations).toEqual([]);
    return { result, samples };
}
