// Google's quotas under the real engine: 4 models x 16 versions through up, an update of every minNodes, a
// replacement of 24 versions (the defaults among them), and destroy, against the emulator enforcing Google's numbers
// at a tenth of the window (300 requests per 6 s, 10 concurrent creates/deletes). The engine runs 32 resource
// operations at once (its default is 4 x CPUs: 8 here, 16 on a 4-core CI runner), so the provider's coordinator must
// queue creates and deletes and pace requests itself: the emulator must never refuse a single request.

import * as path from "node:path";
import type { Stack } from "@pulumi/pulumi/automation";
import { LocalWorkspace } from "@pulumi/pulumi/automation";
import { type EmulatorHandle, startEmulator } from "../../emulator";
import { e2eEnv, e2eSkipReason, removeStack } from "./stackHarness";

const skipReason = e2eSkipReason();
if (skipReason && process.env.CI) {
    throw new Error(`end-to-end tests cannot be skipped in CI: ${skipReason}`);
}
// Skipped only outside CI, and only without a Pulumi CLI (engine.test.ts prints the reason).
const describeE2e = skipReason ? describe.skip : describe;

jest.setTimeout(240_000);

const MODELS = 4;
const VERSIONS_PER_MODEL = 16;
const REPLACED_PER_MODEL = 6; // v0 (the declared default) to v5: 24 replacements
const WINDOW_MS = 6000;

interface VersionSpec {
    logical: string;
    args: Record<string, unknown>;
}

function spec(minNodes: number, generationOf: (v: number) => number) {
    return {
        models: Array.from({ length: MODELS }, (_, m) => ({
            logical: `scale${m}`,
            args: { description: `model ${m}` },
            versions: Array.from({ length: VERSIONS_PER_MODEL }, (_, v): VersionSpec => ({
                logical: `v${v}`,
                args: {
                    deploymentUri: `gs://demo-bucket/scale${m}/v${v}/g${generationOf(v)}/`,
                    runtimeVersion: "2.11",
                    pythonVersion: "3.7",
                    autoScaling: { minNodes },
                    ...(v === 0 ? { isDefault: true } : {}),
                },
            })),
        })),
    };
}

describeE2e("a stack of 64 versions within Google's quotas", () => {
    let emulator: EmulatorHandle;
    let stack: Stack | undefined;
    const modelsWithoutDefault: string[] = [];
    let watching: NodeJS.Timeout | undefined;

    beforeAll(async () => {
        emulator = await startEmulator({
            quotas: { windowMs: WINDOW_MS }, // Google's 300 requests, 10 concurrent, 100 models, 200 versions
            durations: {
                createVersion: 1000,
                updateVersion: 500,
                deleteVersion: 500,
                updateModel: 200,
                deleteModel: 200,
            },
        });
    });
    afterAll(async () => {
        clearInterval(watching);
        if (stack) {
            await stack.destroy({ parallel: 32 }).catch(() => undefined);
            await removeStack(stack);
        }
        await emulator.stop();
    });

    /** Models with READY versions but no default, seen at any moment (state snapshots are not API requests). */
    function watchDefaults(): void {
        watching = setInterval(() => {
            for (const ns of Object.values(emulator.snapshot().namespaces)) {
                for (const model of ns.models as { name: string; defaultVersion?: unknown }[]) {
                    // A model's first version becomes its default when it is READY; before that none is.
                    const hasReadyVersions = (ns.versions as { name: string; state?: string }[]).some(
                        (v) => v.name.startsWith(`${model.name}/`) && v.state === "READY",
                    );
                    if (hasReadyVersions && !model.defaultVersion) modelsWithoutDefault.push(model.name);
                }
            }
        }, 100);
    }

    const refusals = () => emulator.requests().filter((r) => r.status === 429 || r.status === 403);
    const liveVersions = () => Object.values(emulator.snapshot().namespaces).flatMap((ns) => ns.versions);

    test("up, update every minNodes, replace 24 versions, destroy: nothing failed, nothing refused", async () => {
        const workDir = path.join(__dirname, "scale-program");
        stack = await LocalWorkspace.createOrSelectStack(
            { stackName: `scale-${process.pid}-${Date.now()}`, workDir },
            { envVars: e2eEnv() },
        );
        const configure = (value: unknown) => stack!.setConfig("spec", { value: JSON.stringify(value) });
        await stack.setAllConfig({
            "aiplatform:project": { value: "demo-project" },
            "aiplatform:endpointOverride": { value: emulator.url },
            "aiplatform:quotaWindowMs": { value: String(WINDOW_MS) },
            "aiplatform:retryInitialDelayMs": { value: "50" },
            "aiplatform:defaultHandoffGraceMs": { value: "1000" },
        });
        watchDefaults();
        const total = MODELS * VERSIONS_PER_MODEL;

        await configure(spec(1, () => 0));
        const up = await stack.up({ parallel: 32 });
        expect(up.summary.result).toBe("succeeded");
        expect(up.summary.resourceChanges).toMatchObject({ create: MODELS + total + 1 });
        const states = (await stack.outputs()).versionStates.value as [string, string][];
        expect(states).toHaveLength(total);
        expect(states.every(([, state]) => state === "READY")).toBe(true);

        await configure(spec(2, () => 0));
        const update = await stack.up({ parallel: 32 });
        expect(update.summary.result).toBe("succeeded");
        expect(update.summary.resourceChanges).toMatchObject({ update: total });
        const patches = emulator.requests().filter((r) => r.method === "PATCH" && r.status === 200);
        expect(patches.filter((r) => r.query.updateMask === "autoScaling.minNodes")).toHaveLength(total);

        await configure(spec(2, (v) => (v < REPLACED_PER_MODEL ? 1 : 0)));
        const replace = await stack.up({ parallel: 32 });
        expect(replace.summary.result).toBe("succeeded");
        expect(replace.summary.resourceChanges).toMatchObject({ replace: MODELS * REPLACED_PER_MODEL });
        expect(liveVersions()).toHaveLength(total);

        const destroy = await stack.destroy({ parallel: 32 });
        expect(destroy.summary.result).toBe("succeeded");
        expect(liveVersions()).toEqual([]);
        expect(Object.values(emulator.snapshot().namespaces).flatMap((ns) => ns.models)).toEqual([]);

        expect(refusals()).toEqual([]); // zero 429s (and zero concurrent-operation 403s) in the request log
        expect(modelsWithoutDefault).toEqual([]);
    });
});
