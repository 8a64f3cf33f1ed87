// Drives the Model and Version providers the way the Pulumi engine does (configure once, then
// check -> create / diff -> update / read / delete), against an in-process emulator of the v1 API.

import type * as dynamic from "@pulumi/pulumi/dynamic";
import { type EmulatorHandle, type EmulatorOptions, NO_QUOTAS, startEmulator } from "../emulator";
import { ModelProvider } from "../provider/host/ml/modelProvider";
import { VersionProvider } from "../provider/host/ml/versionProvider";
import type { ModelInputs, ModelOutputs, VersionInputs, VersionOutputs } from "../provider/fields/ml/types";

export const PROJECT = "demo-project";

export function fakeConfig(values: Record<string, string>): dynamic.Config {
    return {
        get: (key) => values[key],
        require: (key) => {
            if (values[key] === undefined) {
                throw new Error(`missing ${key}`);
            }
            return values[key];
        },
    };
}

export interface Harness {
    emulator: EmulatorHandle;
    model: ModelProvider;
    version: VersionProvider;
    config: Record<string, string>;
    stop(): Promise<void>;
}

/** Fast polling and retries so tests run in milliseconds; production defaults are in settings.ts. */
export async function startHarness(
    options: EmulatorOptions = {},
    extraConfig: Record<string, string> = {},
): Promise<Harness> {
    const emulator = await startEmulator({
        durations: { createVersion: 30, updateVersion: 20, deleteVersion: 20, updateModel: 10, deleteModel: 10 },
        // Quotas are off here: these tests are about other things (test/host/quotas.test.ts turns them on).
        quotas: NO_QUOTAS,
        ...options,
    });
    const config = {
        "aiplatform:project": PROJECT,
        "aiplatform:endpointOverride": emulator.url,
        "aiplatform:pollInitialIntervalMs": "5",
        "aiplatform:pollMaxIntervalMs": "40",
        "aiplatform:retryInitialDelayMs": "5",
        "aiplatform:defaultHandoffGraceMs": "300",
        "aiplatform:watchIntervalMs": "10",
        "aiplatform:quotaRequestsPerWindow": "0",
        ...extraConfig,
    };
    const model = new ModelProvider();
    const version = new VersionProvider();
    await model.configure({ config: fakeConfig(config) });
    await version.configure({ config: fakeConfig(config) });
    return { emulator, model, version, config, stop: () => emulator.stop() };
}

/**
 * A Version provider on the same emulator that waits up to 60 s for siblings being deleted in parallel before
 * handing the default over: for tests of parallel deletion, whose outcome must not depend on whether every
 * sibling's DELETE reached the emulator within the harness's short grace (300 ms) on a loaded machine.
 */
export async function patientVersionProvider(h: Harness): Promise<VersionProvider> {
    const version = new VersionProvider();
    await version.configure({ config: fakeConfig({ ...h.config, "aiplatform:defaultHandoffGraceMs": "60000" }) });
    return version;
}

/**
 * The provider host passes the serialized provider as `__provider` in every inputs and outputs object and
 * re-adds it to every result; the harness does the same so providers see exactly what they see under the engine.
 */
export const HOST_PROVIDER_KEY = { __provider: "exports.handler = __f0; /* serialized provider */" };

async function checked<I>(provider: dynamic.ResourceProvider<I>, olds: Partial<I>, news: I): Promise<I> {
    const result = await provider.check!({ ...olds, ...HOST_PROVIDER_KEY } as I, { ...news, ...HOST_PROVIDER_KEY });
    if (result.failures?.length) {
        throw new Error(`check failed: ${JSON.stringify(result.failures)}`);
    }
    return { ...result.inputs, ...HOST_PROVIDER_KEY } as I;
}

export async function createModel(h: Harness, news: ModelInputs): Promise<{ id: string; outs: ModelOutputs }> {
    const inputs = await checked(h.model, {}, news);
    const result = await h.model.create(inputs);
    return { id: result.id, outs: result.outs as ModelOutputs };
}

export async function createVersion(h: Harness, news: VersionInputs): Promise<{ id: string; outs: VersionOutputs }> {
    const inputs = await checked(h.version, {}, news);
    const result = await h.version.create(inputs);
    return { id: result.id, outs: result.outs as VersionOutputs };
}

/** check + diff + update, as `pulumi up` does for an existing resource; returns the diff and new outputs. */
export async function updateVersion(h: Harness, id: string, olds: VersionOutputs, news: VersionInputs) {
    const inputs = await checked(h.version, olds, { ...news, autonamePrefix: olds.autonamePrefix });
    const hostOlds = { ...olds, ...HOST_PROVIDER_KEY };
    const diff = await h.version.diff(id, hostOlds, inputs);
    const outs =
        diff.changes && !diff.replaces?.length
            ? ((await h.version.update(id, hostOlds, inputs)).outs as VersionOutputs)
            : olds;
    return { diff, outs, inputs };
}

export const mutating = (h: Harness) => h.emulator.requests().filter((r) => r.method !== "GET");
export const calls = (h: Harness) =>
    h.emulator
        .requests()
        .map((r) => `${r.method} ${r.path}${r.query.updateMask ? `?updateMask=${r.query.updateMask}` : ""}`);

/** Inputs of a minimal valid version of `model` (a plain name), with `extra` on top. */
export const versionInputs = (model: string, name: string, extra: Partial<VersionInputs> = {}): VersionInputs => ({
    model,
    name,
    deploymentUri: `gs://demo-bucket/${model}/${name}/`,
    runtimeVersion: "2.11",
    pythonVersion: "3.7",
    ...extra,
});
