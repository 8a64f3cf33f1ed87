// The real Pulumi engine end to end: up, preview --diff, refresh and destroy of the spec-driven program
// against the emulator, asserting on the engine's results and on the requests the emulator received.

import type { Stack } from "@pulumi/pulumi/automation";
import { type EmulatorHandle, type RecordedRequest, startEmulator } from "../../emulator";
import { e2eSkipReason, newStack, removeStack, setSpec, type Spec } from "./stackHarness";

const skipReason = e2eSkipReason();
if (skipReason && process.env.CI) {
    throw new Error(`end-to-end tests cannot be skipped in CI: ${skipReason}`);
}
if (skipReason) {
    console.warn(`\n${"#".repeat(80)}\n# SKIPPING the end-to-end tests: ${skipReason}\n${"#".repeat(80)}\n`);
}
// Skipped only outside CI, and only without a Pulumi CLI (reason printed above).
const describeE2e = skipReason ? describe.skip : describe;

jest.setTimeout(240_000);

const versionArgs = (deploymentUri: string, extra: Record<string, unknown> = {}) => ({
    deploymentUri,
    runtimeVersion: "2.11",
    pythonVersion: "3.7",
    framework: "SCIKIT_LEARN",
    autoScaling: { minNodes: 1 },
    ...extra,
});

const twoVersions = (blueExtra: Record<string, unknown> = {}, greenExtra: Record<string, unknown> = {}): Spec => ({
    model: { name: "census", description: "Census model" },
    versions: [
        {
            logical: "blue",
            args: versionArgs("gs://demo-bucket/census/blue/", {
                isDefault: true,
                requestLoggingConfig: { bigqueryTableName: "demo-project.logs.census", samplingPercentage: 0.5 },
                ...blueExtra,
            }),
        },
        { logical: "green", args: versionArgs("gs://demo-bucket/census/green/", greenExtra) },
    ],
});

type VersionOut = {
    name: string;
    fullName: string;
    state: string;
    /** Only on versions that declare isDefault. */
    isDefault?: boolean;
    etag: string;
    createTime: string;
};

const mutating = (log: RecordedRequest[]) => log.filter((r) => r.method !== "GET");
const lastSegment = (p: string) => p.split("/").pop() ?? "";

describeE2e("pulumi engine against the emulator", () => {
    let emulator: EmulatorHandle;
    const stacks: Stack[] = [];

    beforeAll(async () => {
        emulator = await startEmulator({
            durations: {
                createVersion: 300,
                updateVersion: 200,
                deleteVersion: 200,
                updateModel: 100,
                deleteModel: 100,
            },
        });
    });
    afterAll(async () => {
        for (const stack of stacks) {
            await stack.destroy().catch(() => undefined);
            await removeStack(stack);
        }
        await emulator.stop();
    });
    beforeEach(() => emulator.reset());

    async function stackWith(spec: Spec): Promise<Stack> {
        const stack = await newStack(emulator, spec);
        stacks.push(stack);
        return stack;
    }

    /** Type and outputs of every resource in the stack's state (what refresh updates). */
    async function resourceOutputs(stack: Stack): Promise<{ type: string; outputs: Record<string, unknown> }[]> {
        const exported = (await stack.exportStack()) as {
            deployment: { resources?: { type: string; outputs?: Record<string, unknown> }[] };
        };
        return (exported.deployment.resources ?? []).map((r) => ({ type: r.type, outputs: r.outputs ?? {} }));
    }

    async function versionsOf(stack: Stack): Promise<Record<string, VersionOut>> {
        const outputs = await stack.outputs();
        const list = outputs.versionOutputs.value as VersionOut[];
        return Object.fromEntries(list.map((v) => [v.name, v]));
    }

    test("1. create a model and two versions: READY, default as declared, outputs populated, request logging live", async () => {
        const stack = await stackWith(twoVersions());
        const result = await stack.up();
        expect(result.summary.result).toBe("succeeded");
        expect(result.summary.resourceChanges).toMatchObject({ create: 4 });
        const outputs = await stack.outputs();
        expect(outputs.modelFullName.value).toBe("projects/demo-project/models/census");
        const versions = Object.values(await versionsOf(stack));
        expect(versions).toHaveLength(2);
        const blue = versions.find((v) => v.name.startsWith("blue_"));
        const green = versions.find((v) => v.name.startsWith("green_"));
        expect(blue).toMatchObject({ state: "READY", isDefault: true });
        expect(green?.state).toBe("READY");
        expect(blue?.etag).toBeTruthy();
        const get = async (name: string) =>
            (await (await fetch(`${emulator.url}/v1/${name}`, { headers: { authorization: "Bearer t" } })).json()) as {
                requestLoggingConfig?: unknown;
                isDefault?: boolean;
            };
        const liveBlue = await get(blue?.fullName as string);
        expect(liveBlue.requestLoggingConfig).toEqual({
            bigqueryTableName: "demo-project.logs.census",
            samplingPercentage: 0.5,
        });
        expect(liveBlue.isDefault).toBe(true);
        // Both versions are created in parallel and green may finish first (the API then makes it the default until
        // blue's setDefault). Nothing below depends on that order: only blue, which declares isDefault, reports it.
        expect(green?.isDefault).toBeUndefined();
        expect((await get(green?.fullName as string)).isDefault ?? false).toBe(false);
        await stack.refresh();
        // Refresh does not recompute stack outputs: assert on the refreshed resource state.
        const refreshed = await resourceOutputs(stack);
        const versionState = (prefix: string) =>
            refreshed.find((r) => r.type.endsWith(":Version") && String(r.outputs.name).startsWith(prefix))?.outputs;
        expect(versionState("blue_")).toMatchObject({ state: "READY", isDefault: true });
        expect(versionState("green_")).toMatchObject({ state: "READY" });
        expect(versionState("green_")).not.toHaveProperty("isDefault");
        expect(refreshed.find((r) => r.type.endsWith(":Model"))?.outputs.defaultVersion).toBe(blue?.name);
    });

    test("2. minNodes, description, labels and requestLoggingConfig together: an update, one PATCH with exactly those paths", async () => {
        const stack = await stackWith(twoVersions());
        await stack.up();
        const blueName = Object.keys(await versionsOf(stack)).find((n) => n.startsWith("blue_")) as string;
        await setSpec(
            stack,
            twoVersions({
                autoScaling: { minNodes: 3 },
                description: "bigger",
                labels: { tier: "gold" },
                requestLoggingConfig: { bigqueryTableName: "demo-project.logs.census", samplingPercentage: 0.1 },
            }),
        );
        const preview = await stack.preview({ diff: true });
        expect(preview.changeSummary).toMatchObject({ update: 1 });
        expect(preview.changeSummary.replace ?? 0).toBe(0);
        expect(preview.stdout).toMatch(/~\s+pulumi-nodejs:dynamic\/aiplatform:Version/);
        expect(preview.stdout).toMatch(/minNodes\s*:\s*1 => 3/);
        emulator.clearRequests();
        const up = await stack.up();
        expect(up.summary.resourceChanges).toMatchObject({ update: 1 });
        const sent = mutating(emulator.requests());
        expect(sent).toHaveLength(1);
        expect(sent[0]).toMatchObject({ method: "PATCH" });
        expect(lastSegment(sent[0].path)).toBe(blueName);
        expect(sent[0].query.updateMask.split(",").sort()).toEqual([
            "autoScaling.minNodes",
            "description",
            "labels",
            "requestLoggingConfig",
        ]);
        expect(emulator.requests().filter((r) => r.path.includes("/operations/")).length).toBeGreaterThan(0);
    });

    test("3. deploymentUri of an autonamed default version: create-before-delete, the new one is default before the old one goes", async () => {
        const stack = await stackWith(twoVersions());
        await stack.up();
        const oldBlue = Object.keys(await versionsOf(stack)).find((n) => n.startsWith("blue_")) as string;
        await setSpec(stack, twoVersions({ deploymentUri: "gs://demo-bucket/census/blue-2/" }));
        emulator.clearRequests();
        const up = await stack.up();
        expect(up.summary.resourceChanges).toMatchObject({ replace: 1 });
        const newBlue = Object.keys(await versionsOf(stack)).find((n) => n.startsWith("blue_")) as string;
        expect(newBlue).not.toBe(oldBlue);
        const log = mutating(emulator.requests()).map((r) => `${r.method} ${lastSegment(r.path)}`);
        const created = log.indexOf(`POST versions`);
        const madeDefault = log.indexOf(`POST ${newBlue}:setDefault`);
        const deleted = log.indexOf(`DELETE ${oldBlue}`);
        expect(created).toBeGreaterThanOrEqual(0);
        expect(madeDefault).toBeGreaterThan(created);
        expect(deleted).toBeGreaterThan(madeDefault);
        // No moment without a default: the old default was never refused or handed over.
        expect(emulator.requests().filter((r) => r.method === "DELETE" && r.status >= 400)).toEqual([]);
        expect((await versionsOf(stack))[newBlue].isDefault).toBe(true);
    });

    test("4. the same change on an explicitly named version: delete-before-replace, and it succeeds", async () => {
        const stack = await stackWith(twoVersions({ name: "stable" }));
        await stack.up();
        await setSpec(stack, twoVersions({ name: "stable", deploymentUri: "gs://demo-bucket/census/stable-2/" }));
        emulator.clearRequests();
        const up = await stack.up();
        expect(up.summary.result).toBe("succeeded");
        const log = mutating(emulator.requests())
            .filter((r) => r.status < 400)
            .map((r) => `${r.method} ${lastSegment(r.path)}`);
        expect(log.indexOf("DELETE stable")).toBeLessThan(log.lastIndexOf("POST versions"));
        const versions = await versionsOf(stack);
        expect(versions.stable).toMatchObject({ state: "READY", isDefault: true });
    });

    test("5. out-of-band change and deletion: refresh shows the drift, the next up restores the declared state", async () => {
        const stack = await stackWith(twoVersions({ description: "declared" }));
        await stack.up();
        const versions = await versionsOf(stack);
        const blue = Object.values(versions).find((v) => v.name.startsWith("blue_")) as VersionOut;
        const green = Object.values(versions).find((v) => v.name.startsWith("green_")) as VersionOut;
        emulator.outOfBand.patch(blue.fullName, { description: "edited in the console" });
        emulator.outOfBand.delete(green.fullName);
        const refresh = await stack.refresh();
        expect(refresh.summary.resourceChanges).toMatchObject({ update: 1, delete: 1 });
        emulator.clearRequests();
        const up = await stack.up();
        expect(up.summary.resourceChanges).toMatchObject({ create: 1, update: 1 });
        const live = (await (
            await fetch(`${emulator.url}/v1/${blue.fullName}`, { headers: { authorization: "Bearer t" } })
        ).json()) as { description?: string };
        expect(live.description).toBe("declared");
        expect(Object.values(await versionsOf(stack)).every((v) => v.state === "READY")).toBe(true);
    });

    test("6. an operation that ends FAILED: up fails with the API's message, nothing half-made, a fixed program succeeds", async () => {
        const stack = await stackWith({ model: { name: "census" }, versions: [] });
        await stack.up();
        emulator.injectFault({
            method: "POST",
            path: "/versions$",
            kind: "operationFailed",
            message: "Bad model detected with error: Failed to load model",
        });
        await setSpec(stack, {
            model: { name: "census" },
            versions: [{ logical: "bad", args: versionArgs("gs://demo-bucket/broken/", { name: "bad" }) }],
        });
        const failure = await stack.up().catch((e: Error) => e);
        expect(String(failure)).toMatch(/Bad model detected/);
        const state = await stack.exportStack();
        const resources = (state.deployment.resources ?? []) as { type: string }[];
        expect(resources.filter((r) => r.type === "pulumi-nodejs:dynamic/aiplatform:Version")).toHaveLength(0);
        const live = await fetch(`${emulator.url}/v1/projects/demo-project/models/census/versions/bad`, {
            headers: { authorization: "Bearer t" },
        });
        expect(live.status).toBe(404);
        emulator.clearFaults();
        const fixed = await stack.up();
        expect(fixed.summary.resourceChanges).toMatchObject({ create: 1 });
    });

    test("7. up twice with no change: the second makes no mutating request and the preview shows no changes", async () => {
        const stack = await stackWith(twoVersions());
        await stack.up();
        emulator.clearRequests();
        const preview = await stack.preview({ diff: true });
        expect(Object.keys(preview.changeSummary)).toEqual(["same"]);
        const up = await stack.up();
        expect(Object.keys(up.summary.resourceChanges ?? {})).toEqual(["same"]);
        expect(mutating(emulator.requests())).toEqual([]);
        // No reads either: diff never calls the API.
        expect(emulator.requests()).toEqual([]);
    });

    test("8. destroy empties the emulator: versions before the model, the default last", async () => {
        const stack = await stackWith({
            model: { name: "census" },
            versions: [
                { logical: "a", args: versionArgs("gs://demo-bucket/a/", { name: "a", isDefault: true }) },
                { logical: "b", args: versionArgs("gs://demo-bucket/b/", { name: "b" }) },
                { logical: "c", args: versionArgs("gs://demo-bucket/c/", { name: "c" }) },
            ],
        });
        await stack.up();
        emulator.clearRequests();
        await stack.destroy();
        const deletes = emulator
            .requests()
            .filter((r) => r.method === "DELETE" && r.status === 200)
            .map((r) => lastSegment(r.path));
        expect(deletes.slice(0, 3).sort()).toEqual(["a", "b", "c"]);
        expect(deletes.indexOf("a")).toBe(2); // the default goes last
        expect(deletes[3]).toBe("census");
        const live = emulator.snapshot().namespaces.global;
        expect(live.models).toEqual([]);
        expect(live.versions).toEqual([]);
    });

    test("9. the exported state holds no token or credential, and each serialized provider is under budget", async () => {
        const stack = await stackWith(twoVersions());
        await stack.up();
        const state = await stack.exportStack();
        const text = JSON.stringify(state);
        expect(text).not.toMatch(/emulator-token|Bearer |ya29\.|private_key|e2e-passphrase/);
        const resources = (state.deployment.resources ?? []) as {
            type: string;
            outputs?: { __provider?: string };
            inputs?: { __provider?: string };
        }[];
        const dynamic = resources.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/aiplatform:"));
        expect(dynamic).toHaveLength(3);
        for (const r of dynamic) {
            expect(typeof r.outputs?.__provider).toBe("string");
            expect(Buffer.byteLength(r.outputs?.__provider as string)).toBeLessThan(8 * 1024);
        }
    });

    test("10. an operation that outlives its deadline: up fails naming it, the version stays tracked, the next up resumes it", async () => {
        const stack = await stackWith({ model: { name: "census" }, versions: [] });
        await stack.up();
        emulator.injectFault({ method: "POST", path: "/versions$", kind: "operationHang" });
        const slow = {
            model: { name: "census" },
            versions: [
                {
                    logical: "slow",
                    args: versionArgs("gs://demo-bucket/slow/", {
                        name: "slow",
                        description: "first",
                        operationTimeoutSeconds: 2,
                    }),
                },
            ],
        };
        await setSpec(stack, slow);
        const failure = await stack.up().catch((e: Error) => e);
        expect(String(failure)).toMatch(/operations\/create_census_slow-\d+ .*did not finish within 2s/);
        const state = await stack.exportStack();
        const tracked = (
            (state.deployment.resources ?? []) as { type: string; id?: string; initErrors?: string[] }[]
        ).filter((r) => r.type.endsWith(":Version"));
        expect(tracked).toHaveLength(1);
        expect(tracked[0].id).toBe("projects/demo-project/models/census/versions/slow");
        expect(tracked[0].initErrors?.[0]).toMatch(/did not finish/);
        // The operation eventually completes on the server; the next up picks the version up instead of creating it.
        emulator.outOfBand.patch("projects/demo-project/models/census/versions/slow", { state: "READY" });
        emulator.clearRequests();
        const resumed = await stack.up();
        expect(resumed.summary.result).toBe("succeeded");
        expect(emulator.requests().filter((r) => r.method === "POST" && r.path.endsWith("/versions"))).toEqual([]);
        expect((await versionsOf(stack)).slow).toMatchObject({ state: "READY" });
    });
});
