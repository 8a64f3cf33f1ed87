// Two stacks of one project under the real engine at the same time (issue 21): `up` together, then `destroy`
// together, against the emulator enforcing Google's numbers at a tenth of the window (300 requests per 6 s, 10
// concurrent creates/deletes). Each stack runs its own provider process; they share the project through the server's
// answers and the machine's quota ledger (the default). Nothing may fail, and few requests may be refused.

import * as path from "node:path";
import type { Stack } from "@pulumi/pulumi/automation";
import { LocalWorkspace } from "@pulumi/pulumi/automation";
import { type EmulatorHandle, startEmulator } from "../../emulator";
import { e2eEnv, e2eSkipReason, removeStack } from "./stackHarness";

const skipReason = e2eSkipReason();
if (skipReason && process.env.CI) {
    throw new Error(`end-to-end tests cannot be skipped in CI: ${skipReason}`);
}
const describeE2e = skipReason ? describe.skip : describe;

jest.setTimeout(240_000);

const MODELS = 2;
const VERSIONS_PER_MODEL = 8;
const WINDOW_MS = 6000;

const spec = {
    models: Array.from({ length: MODELS }, (_, m) => ({
        logical: `shared${m}`,
        args: { description: `model ${m}` },
        versions: Array.from({ length: VERSIONS_PER_MODEL }, (_, v) => ({
            logical: `v${v}`,
            args: {
                deploymentUri: `gs://demo-bucket/shared${m}/v${v}/`,
                runtimeVersion: "2.11",
                pythonVersion: "3.7",
                autoScaling: { minNodes: 1 },
            },
        })),
    })),
};

describeE2e("two stacks of one project at once", () => {
    let emulator: EmulatorHandle;
    const stacks: Stack[] = [];

    beforeAll(async () => {
        emulator = await startEmulator({
            quotas: { windowMs: WINDOW_MS },
            durations: { createVersion: 1000, deleteVersion: 500, deleteModel: 200 },
        });
    });
    afterAll(async () => {
        for (const stack of stacks) {
            await stack.destroy({ parallel: 32 }).catch(() => undefined);
            await removeStack(stack);
        }
        await emulator.stop();
    });

    test("up together, then destroy together: nothing failed, at most 2 % refused, the project ends empty", async () => {
        const workDir = path.join(__dirname, "scale-program");
        for (const name of ["a", "b"]) {
            const stack = await LocalWorkspace.createOrSelectStack(
                { stackName: `shared-${name}-${process.pid}-${Date.now()}`, workDir },
                { envVars: e2eEnv() },
            );
            await stack.setAllConfig({
                "aiplatform:project": { value: "demo-project" },
                "aiplatform:endpointOverride": { value: emulator.url },
                "aiplatform:quotaWindowMs": { value: String(WINDOW_MS) },
                "aiplatform:defaultHandoffGraceMs": { value: "1000" },
                spec: { value: JSON.stringify(spec) },
            });
            stacks.push(stack);
        }
        const total = MODELS * VERSIONS_PER_MODEL;

        const ups = await Promise.all(stacks.map((s) => s.up({ parallel: 32 })));
        for (const up of ups) {
            expect(up.summary.result).toBe("succeeded");
            expect(up.summary.resourceChanges).toMatchObject({ create: MODELS + total + 1 });
        }
        const live = () => Object.values(emulator.snapshot().namespaces).flatMap((ns) => ns.versions);
        expect(live()).toHaveLength(2 * total);

        const destroys = await Promise.all(stacks.map((s) => s.destroy({ parallel: 32 })));
        for (const destroy of destroys) expect(destroy.summary.result).toBe("succeeded");
        expect(live()).toEqual([]);
        expect(Object.values(emulator.snapshot().namespaces).flatMap((ns) => ns.models)).toEqual([]);

        const log = emulator.requests();
        const refused = log.filter((r) => r.status === 429 || r.status === 403);
        expect(refused.length / log.length).toBeLessThanOrEqual(0.02);
    });
});
