// Drives the Vertex AI providers the way the Pulumi engine does (configure once, then check -> create /
// diff -> update / read / delete), against an in-process emulator serving Vertex AI v1.

import type * as dynamic from "@pulumi/pulumi/dynamic";
import { type EmulatorHandle, type EmulatorOptions, NO_QUOTAS, startEmulator } from "../emulator";
import { VertexDeploymentProvider } from "../provider/host/vertex/deploymentProvider";
import { VertexEndpointProvider } from "../provider/host/vertex/endpointProvider";
import { VertexModelVersionProvider } from "../provider/host/vertex/modelVersionProvider";
import { VertexModelProvider } from "../provider/host/vertex/registryModelProvider";
import { VertexTrafficSplitProvider } from "../provider/host/vertex/trafficSplitProvider";
import { fakeConfig, HOST_PROVIDER_KEY, PROJECT } from "./providerHarness";

export { PROJECT };
export const REGION = "us-central1";
export const IMAGE = "us-docker.pkg.dev/vertex-ai/prediction/sklearn-cpu.1-3:latest";

export interface VertexHarness {
    emulator: EmulatorHandle;
    config: Record<string, string>;
    endpoint: VertexEndpointProvider;
    model: VertexModelProvider;
    modelVersion: VertexModelVersionProvider;
    deployment: VertexDeploymentProvider;
    trafficSplit: VertexTrafficSplitProvider;
    stop(): Promise<void>;
}

/** Fast retries; quotas off unless `options` turn them on; operations take `options.durations` (default 0 ms). */
export async function startVertexHarness(
    options: EmulatorOptions = {},
    extraConfig: Record<string, string> = {},
): Promise<VertexHarness> {
    const emulator = await startEmulator({ quotas: NO_QUOTAS, ...options });
    const config = {
        "aiplatform:project": PROJECT,
        "aiplatform:vertexEndpointOverride": emulator.url,
        "aiplatform:pollInitialIntervalMs": "5",
        "aiplatform:pollMaxIntervalMs": "40",
        "aiplatform:retryInitialDelayMs": "5",
        "aiplatform:vertexQuotaRequestsPerWindow": "0",
        "aiplatform:vertexQuotaOperationsPerWindow": "0",
        "aiplatform:quotaLedgerDir": "off",
        ...extraConfig,
    };
    const providers = {
        endpoint: new VertexEndpointProvider(),
        model: new VertexModelProvider(),
        modelVersion: new VertexModelVersionProvider(),
        deployment: new VertexDeploymentProvider(),
        trafficSplit: new VertexTrafficSplitProvider(),
    };
    for (const provider of Object.values(providers)) await provider.configure({ config: fakeConfig(config) });
    return { emulator, config, ...providers, stop: () => emulator.stop() };
}

/** check (as the engine sends it, with `__provider`) then create; fails on check failures. */
export async function created<I, O>(
    provider: dynamic.ResourceProvider<I, O>,
    news: I,
): Promise<{ id: string; outs: O; inputs: I }> {
    const inputs = await checkedInputs(provider, {}, news);
    const result = await provider.create(inputs);
    return { id: result.id, outs: result.outs as O, inputs };
}

export async function checkedInputs<I>(provider: dynamic.ResourceProvider<I>, olds: object, news: I): Promise<I> {
    const result = await provider.check!({ ...olds, ...HOST_PROVIDER_KEY } as I, { ...news, ...HOST_PROVIDER_KEY });
    if (result.failures?.length) throw new Error(`check failed: ${JSON.stringify(result.failures)}`);
    return { ...result.inputs, ...HOST_PROVIDER_KEY } as I;
}

/** check + diff + update, as `pulumi up` does for an existing resource; returns the diff and the new outputs. */
export async function updated<I, O>(
    provider: dynamic.ResourceProvider<I, O>,
    id: string,
    olds: O,
    news: I,
): Promise<{ diff: dynamic.DiffResult; outs: O }> {
    const inputs = await checkedInputs(provider, olds as object, news);
    const hostOlds = { ...olds, ...HOST_PROVIDER_KEY };
    const diff = await provider.diff!(id, hostOlds, inputs);
    const outs =
        diff.changes && !diff.replaces?.length ? ((await provider.update!(id, hostOlds, inputs)).outs as O) : olds;
    return { diff, outs };
}

/** The emulator's requests other than reads, as `METHOD path[?updateMask=…]`. */
export const vertexCalls = (h: VertexHarness) =>
    h.emulator
        .requests()
        .filter((r) => r.method !== "GET" && !r.path.endsWith(":wait"))
        .map((r) => `${r.method} ${r.path}${r.query.updateMask ? `?updateMask=${r.query.updateMask}` : ""}`);
