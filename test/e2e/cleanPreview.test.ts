// What a reviewer reads in `pulumi preview --diff`: only what the program declared. Internal inputs (the autoname
// prefix and flag) travel under `__` keys, which the engine's display hides; autonames are drawn by create, so a
// preview shows no name at all (computed) rather than a random one that the next `up` would not use.

import type { Stack } from "@pulumi/pulumi/automation";
import { type EmulatorHandle, startEmulator } from "../../emulator";
import { e2eSkipReason, newStack, removeStack, setSpec, type Spec } from "./stackHarness";

const skipReason = e2eSkipReason();
if (skipReason && process.env.CI) {
    throw new Error(`end-to-end tests cannot be skipped in CI: ${skipReason}`);
}
const describeE2e = skipReason ? describe.skip : describe;
jest.setTimeout(240_000);

const spec = (deploymentUri: string): Spec => ({
    model: { description: "a model without a name" },
    versions: [
        {
            logical: "blue",
            args: {
                deploymentUri,
                runtimeVersion: "2.11",
                pythonVersion: "3.7",
                framework: "SCIKIT_LEARN",
                isDefault: true,
            },
        },
    ],
});

/** The preview text without its timing line. */
const body = (stdout: string) => stdout.replace(/Duration:.*\n/, "");
const internal = /autonamePrefix|autonamed|__provider/;

describeE2e("clean previews", () => {
    let emulator: EmulatorHandle;
    let stack: Stack;

    beforeAll(async () => {
        emulator = await startEmulator({ durations: { createVersion: 100, updateVersion: 50, deleteVersion: 50 } });
        stack = await newStack(emulator, spec("gs://demo-bucket/census/1/"));
    });
    afterAll(async () => {
        await stack.destroy().catch(() => undefined);
        await removeStack(stack);
        await emulator.stop();
    });

    test("a create's preview lists only declared inputs, shows autonames as computed, and is the same every time", async () => {
        const first = await stack.preview({ diff: true });
        const second = await stack.preview({ diff: true });
        expect(first.changeSummary).toMatchObject({ create: 3 });
        expect(first.stdout).not.toMatch(internal);
        expect(first.stdout).toMatch(/description\s*:\s*"a model without a name"/);
        // No drawn name: neither the model's nor the version's (whose `model` input is the model's name output).
        expect(first.stdout).not.toMatch(/census_[a-z0-9]{7}|blue_[a-z0-9]{7}/);
        expect(body(second.stdout)).toBe(body(first.stdout));

        const up = await stack.up();
        expect(up.summary.resourceChanges).toMatchObject({ create: 3 });
        const outputs = await stack.outputs();
        expect(outputs.modelName.value).toMatch(/^census_[a-z0-9]{7}$/);
        const [blue] = outputs.versionOutputs.value as { name: string }[];
        expect(blue?.name).toMatch(/^blue_[a-z0-9]{7}$/);
        // Exactly the names the stack reports exist: up drew each name once.
        expect(emulator.requests().filter((r) => r.method === "POST" && /\/models$/.test(r.path))).toHaveLength(1);
    });

    test("after up: no changes, and refresh leaves nothing for the next preview to show", async () => {
        const nothing = await stack.preview({ diff: true });
        expect(Object.keys(nothing.changeSummary)).toEqual(["same"]);
        await stack.refresh();
        const afterRefresh = await stack.preview({ diff: true });
        expect(Object.keys(afterRefresh.changeSummary)).toEqual(["same"]);
        expect(afterRefresh.stdout).not.toMatch(internal);
    });

    test("a replacement's preview lists the changed input only; up keeps the model's name and draws a new version name", async () => {
        const before = await stack.outputs();
        const [oldBlue] = before.versionOutputs.value as { name: string }[];
        await setSpec(stack, spec("gs://demo-bucket/census/2/"));
        const preview = await stack.preview({ diff: true });
        expect(preview.changeSummary).toMatchObject({ replace: 1 });
        expect(preview.stdout).not.toMatch(internal);
        expect(preview.stdout).toMatch(
            /deploymentUri\s*:\s*"gs:\/\/demo-bucket\/census\/1\/" => "gs:\/\/demo-bucket\/census\/2\/"/,
        );

        await stack.up();
        const after = await stack.outputs();
        expect(after.modelName.value).toBe(before.modelName.value);
        const [newBlue] = after.versionOutputs.value as { name: string }[];
        expect(newBlue?.name).toMatch(/^blue_[a-z0-9]{7}$/);
        expect(newBlue?.name).not.toBe(oldBlue?.name);
    });
});
