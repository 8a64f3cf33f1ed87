// Credentials configured as @pulumi/gcp users configure them work under the real engine and never reach the state in
// plain text. Our resources' inputs and outputs (and the serialized provider) hold none of them in any form. The
// engine itself records a dynamic provider's whole stack configuration as the inputs of its default provider
// (GetPackageConfig), as it records gcp:* for @pulumi/gcp's: set with `--secret` they are stored encrypted there;
// environment variables are never stored at all.

import * as fs from "node:fs";
import * as path from "node:path";
import type { LocalWorkspace, Stack } from "@pulumi/pulumi/automation";
import { type EmulatorHandle, startEmulator } from "../../emulator";
import { e2eSkipReason, newStack, removeStack, type Spec, stateDir } from "./stackHarness";

const skipReason = e2eSkipReason();
if (skipReason && process.env.CI) {
    throw new Error(`end-to-end tests cannot be skipped in CI: ${skipReason}`);
}
const describeE2e = skipReason ? describe.skip : describe;
jest.setTimeout(240_000);

const TOKEN = "ya29.e2e-access-token-must-not-be-stored";
const KEY_MARKER = "e2e-private-key-material-must-not-be-stored";
const ENV_TOKEN = "ya29.e2e-environment-token-must-not-be-stored";

/** The stack's checkpoint exactly as the backend stores it (no decryption, unlike `exportStack`). */
function storedCheckpoint(stackName: string): string {
    const found: string[] = [];
    const walk = (dir: string): void => {
        for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
            const full = path.join(dir, entry.name);
            if (entry.isDirectory()) walk(full);
            else if (entry.name === `${stackName}.json`) found.push(full);
        }
    };
    walk(path.join(stateDir, "backend", ".pulumi", "stacks"));
    expect(found).toHaveLength(1);
    return fs.readFileSync(found[0], "utf8");
}

const spec: Spec = {
    model: { name: "census", description: "credentials" },
    versions: [
        {
            logical: "blue",
            args: {
                deploymentUri: "gs://demo-bucket/m/",
                runtimeVersion: "2.11",
                pythonVersion: "3.7",
                isDefault: true,
            },
        },
    ],
};

describeE2e("credentials from gcp:* configuration", () => {
    let emulator: EmulatorHandle;
    let stack: Stack;

    beforeAll(async () => {
        emulator = await startEmulator({ durations: { createVersion: 100, deleteVersion: 50 } });
        stack = await newStack(emulator, spec);
        await stack.setConfig("gcp:accessToken", { value: TOKEN, secret: true });
        await stack.setConfig("gcp:credentials", {
            value: JSON.stringify({ type: "service_account", private_key: KEY_MARKER, client_email: "a@p" }),
            secret: true,
        });
        // The environment of the engine and provider processes, as a CI job would set it.
        (stack.workspace as LocalWorkspace).envVars.GOOGLE_OAUTH_ACCESS_TOKEN = ENV_TOKEN;
    });
    afterAll(async () => {
        await stack.destroy().catch(() => undefined);
        await removeStack(stack);
        await emulator.stop();
    });

    test("up succeeds with them; the stored state holds neither in plain text, our resources hold them in no form", async () => {
        const up = await stack.up();
        expect(up.summary.resourceChanges).toMatchObject({ create: 3 });

        const stored = storedCheckpoint(stack.name);
        for (const secret of [TOKEN, KEY_MARKER, ENV_TOKEN]) {
            expect(stored).not.toContain(secret);
        }
        // Even decrypted (exportStack shows secrets), the environment's token is nowhere, and our resources hold
        // no credential setting at all: only the engine's default-provider record carries the (secret) config.
        const state = await stack.exportStack();
        expect(JSON.stringify(state)).not.toContain(ENV_TOKEN);
        const resources = (state.deployment.resources ?? []) as { type: string; inputs?: object; outputs?: object }[];
        const ours = resources.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/aiplatform:"));
        expect(ours).toHaveLength(2);
        for (const r of ours) {
            const own = JSON.stringify([r.inputs, r.outputs]);
            for (const secret of [TOKEN, KEY_MARKER, ENV_TOKEN, "accessToken", "gcp:credentials"]) {
                expect(own).not.toContain(secret);
            }
        }
        expect((await stack.destroy()).summary.resourceChanges).toMatchObject({ delete: 3 });
    });
});
