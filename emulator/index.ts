// Public entry point: start an emulator of ml.googleapis.com v1 and get a control handle.

import type { AddressInfo } from "node:net";
import { selectApis } from "./apis";
import { Emulator } from "./core/emulator";
import { createEmulatorServer } from "./core/server";
import type { EmulatorHandle, EmulatorOptions, QuotaLimits, StateSnapshot } from "./types";

export type {
    EmulatorHandle,
    EmulatorOptions,
    FaultKind,
    FaultSpec,
    NamespaceSnapshot,
    OperationDurations,
    OutOfBandControls,
    QuotaLimits,
    RecordedRequest,
    StateSnapshot,
} from "./types";
export { REGIONAL_ENDPOINT_REGIONS } from "./ml/constants";
export { GOOGLE_QUOTAS, NO_QUOTAS } from "./apis";

/**
 * Starts an emulator of the AI Platform Prediction API (`ml.googleapis.com` v1: `projects.models`,
 * `projects.models.versions`, `projects.operations`), by default on 127.0.0.1 and a free port, for your own tests; point the
 * provider at it with `aiplatform:endpointOverride` (or `AIPLATFORM_ENDPOINT_OVERRIDE`) set to `handle.url`. Any
 * non-empty bearer token is accepted. Defaults: in memory, operations done at once, Google's quotas. Stop it with
 * `handle.stop()`. Behaviours the public reference leaves open are listed in emulator/BEHAVIOUR.md.
 *
 * @example
 * ```ts
 * async function withEmulator(): Promise<void> {
 *     const emulator = await startEmulator({ durations: { createVersion: 500 }, quotas: NO_QUOTAS });
 *     try {
 *         emulator.injectFault({ method: "POST", path: "/versions$", kind: "status", status: 503 });
 *         const answer = await fetch(`${emulator.url}/v1/projects/demo-project/models`, {
 *             headers: { Authorization: "Bearer any-token" },
 *         });
 *         console.log(answer.status, emulator.requests().length); // 200 1
 *     } finally {
 *         await emulator.stop();
 *     }
 * }
 * ```
 */
export async function startEmulator(opts: EmulatorOptions = {}): Promise<EmulatorHandle> {
    const coreOptions: ConstructorParameters<typeof Emulator>[0] = { apis: selectApis(opts.api) };
    if (opts.durations) coreOptions.durations = opts.durations;
    if (opts.stateFile) coreOptions.stateFile = opts.stateFile;
    if (opts.projectNumber) coreOptions.projectNumber = opts.projectNumber;
    if (opts.faultSeed !== undefined) coreOptions.faultSeed = opts.faultSeed;
    if (opts.storageUrl) coreOptions.storageUrl = opts.storageUrl;
    if (opts.quotas) coreOptions.quotas = opts.quotas;
    if (opts.clock) coreOptions.clock = opts.clock;
    if (opts.waitCapMs !== undefined) coreOptions.waitCapMs = opts.waitCapMs;
    const emulator = new Emulator(coreOptions);
    const server = createEmulatorServer(emulator);
    const host = opts.host ?? "127.0.0.1";
    await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(opts.port ?? 0, host, () => {
            server.off("error", reject);
            resolve();
        });
    });
    const port = (server.address() as AddressInfo).port;
    let stopped: Promise<void> | undefined;

    return {
        url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
        port,
        stop() {
            stopped ??= new Promise<void>((resolve, reject) => {
                emulator.shutdown();
                server.close((err) => (err ? reject(err) : resolve()));
                // Keep-alive sockets from clients would otherwise hold close() open.
                server.closeAllConnections();
            });
            return stopped;
        },
        reset: () => emulator.reset(),
        setDurations: (d) => emulator.setDurations(d),
        setStorageUrl: (url) => emulator.storage.set(url),
        injectFault: (f) => emulator.injectFault(f),
        clearFaults: () => emulator.faults.clear(),
        requests: () => emulator.requests(),
        clearRequests: () => emulator.log.clear(),
        outOfBand: {
            patch: (name, fields, namespace) => emulator.outOfBandPatch(name, fields, namespace),
            delete: (name, namespace) => emulator.outOfBandDelete(name, namespace),
        },
        snapshot: () => emulator.snapshot() as unknown as StateSnapshot,
        quotas: () => emulator.quotas.get() as unknown as QuotaLimits,
        setQuotas: (limits) => emulator.quotas.set(limits) as unknown as QuotaLimits,
    };
}
