// The shared operation watcher against the emulator (the fake at the HTTP boundary), with the interleavings that
// matter pinned by the client's per-attempt hook instead of left to timing.

import type { AddressInfo } from "node:net";
import { NO_QUOTAS } from "../../emulator";
import { Emulator } from "../../emulator/core/emulator";
import { createEmulatorServer } from "../../emulator/core/server";
import { MlApiClient } from "../../provider/host/apiClient";
import { mlService } from "../../provider/host/ml/mlEndpoints";
import type { Operation } from "../../provider/host/operations";
import { OperationWatcher } from "../../provider/host/ml/operationWatcher";
import { realClock } from "../../provider/host/polling";
import { readSettings } from "../../provider/host/settings";
import { callCore } from "../helpers/emulatorCore";
import { fakeConfig } from "../../harness/providerHarness";
import { ALL_APIS } from "../../emulator/apis";

const P = "v1/projects/p";

test("an operation waited for while the list is in flight is not read until a list has seen it (each read once)", async () => {
    // Regression: such an operation is missing from that list though unfinished; the watcher read it at once (a GET
    // finding it still running), so a burst of creates cost more reads than operations, depending on timing.
    let skewMs = 0;
    const emulator = new Emulator({
        apis: ALL_APIS,
        quotas: NO_QUOTAS,
        durations: { createVersion: 60_000 },
        clock: () => Date.now() + skewMs,
    });
    // Synchronous, in-process: the operation exists at the very moment this returns.
    const startCreate = (version: string): Operation => {
        const created = callCore(emulator, "POST", `/${P}/models/m/versions`, {
            name: version,
            deploymentUri: "gs://b/m",
            runtimeVersion: "2.11",
            pythonVersion: "3.7",
        });
        if (created.status !== 200) throw new Error(`create ${version} refused`);
        return created.body as Operation;
    };
    const server = createEmulatorServer(emulator);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
        const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
        expect(callCore(emulator, "POST", `/${P}/models`, { name: "m" }).status).toBe(200);
        const settings = readSettings(
            fakeConfig({ "aiplatform:project": "p", "aiplatform:endpointOverride": url }),
            {},
        );
        const waits: Promise<Operation>[] = [];
        let lists = 0;
        const client = new MlApiClient(
            settings,
            mlService(settings),
            async () => "t",
            realClock,
            async (call) => {
                if (call !== `GET ${P}/operations`) return;
                lists++;
                if (lists === 1) {
                    // The first list's answer has arrived (it shows a only) when b is created and waited for.
                    return () => void waits.push(watcher.wait(startCreate("b"), 60_000, "creation of b"));
                }
                if (lists === 2) skewMs = 60_000; // both are due: this list is empty, each is read once
            },
        );
        const watcher = new OperationWatcher(client, "p", undefined, realClock, () => 5);
        waits.push(watcher.wait(startCreate("a"), 60_000, "creation of a"));
        expect((await waits[0]).done).toBe(true);
        expect(waits).toHaveLength(2);
        expect((await waits[1]).done).toBe(true);
        const reads = emulator
            .requests()
            .filter((r) => r.method === "GET" && r.path.includes("/operations/"))
            .map((r) => r.path.replace(/^.*\/operations\/create_m_(\w+)-\d+$/, "$1"));
        expect(reads.sort()).toEqual(["a", "b"]);
    } finally {
        emulator.shutdown();
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
    }
});
