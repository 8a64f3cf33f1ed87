// Runs real Pulumi CLI operations (through the Automation API) on a local file backend against an
// in-process emulator. Everything lives under the repository's ignored .state/ folder.

import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { LocalWorkspace, type Stack } from "@pulumi/pulumi/automation";
import type { EmulatorHandle } from "../../emulator";

export const repoRoot = path.resolve(__dirname, "../..");
export const stateDir = path.join(repoRoot, ".state", "e2e");
export const programDir = path.join(__dirname, "program");

/** Why the e2e tests would be skipped, or undefined when the CLI is available. CI never skips. */
export function e2eSkipReason(): string | undefined {
    if (process.env.AIPLATFORM_E2E_SKIP === "1") {
        return "AIPLATFORM_E2E_SKIP=1 (no Pulumi CLI could be found or built)";
    }
    try {
        execFileSync("pulumi", ["version"], { stdio: "ignore" });
        return undefined;
    } catch {
        return "no `pulumi` on PATH: run `bash scripts/ensure-pulumi-cli.sh` or `npm test`";
    }
}

export function e2eEnv(extra: Record<string, string> = {}): Record<string, string> {
    fs.mkdirSync(path.join(stateDir, "backend"), { recursive: true });
    fs.mkdirSync(path.join(stateDir, "home"), { recursive: true });
    return {
        PULUMI_BACKEND_URL: `file://${path.join(stateDir, "backend")}`,
        PULUMI_HOME: path.join(stateDir, "home"),
        PULUMI_CONFIG_PASSPHRASE: "e2e-passphrase",
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
        // The provider must never see real credentials in tests.
        GOOGLE_APPLICATION_CREDENTIALS: "/nonexistent",
        ...extra,
    };
}

export interface SpecVersion {
    logical: string;
    args: Record<string, unknown>;
}
export interface Spec {
    model: Record<string, unknown>;
    versions: SpecVersion[];
}

let stackCounter = 0;

/** A fresh stack of the e2e program, configured for the emulator. */
export async function newStack(
    emulator: EmulatorHandle,
    spec: Spec,
    extraConfig: Record<string, string> = {},
): Promise<Stack> {
    const stackName = `e2e-${process.pid}-${Date.now()}-${stackCounter++}`;
    const stack = await LocalWorkspace.createOrSelectStack({ stackName, workDir: programDir }, { envVars: e2eEnv() });
    await stack.setAllConfig({
        "aiplatform:project": { value: "demo-project" },
        "aiplatform:endpointOverride": { value: emulator.url },
        "aiplatform:pollInitialIntervalMs": { value: "50" },
        "aiplatform:pollMaxIntervalMs": { value: "200" },
        "aiplatform:retryInitialDelayMs": { value: "20" },
        "aiplatform:defaultHandoffGraceMs": { value: "1000" },
        // The emulator's operations take a few hundred ms: a watcher tick of 100 ms keeps the suite quick.
        "aiplatform:watchIntervalMs": { value: "100" },
        spec: { value: JSON.stringify(spec) },
        ...Object.fromEntries(Object.entries(extraConfig).map(([k, v]) => [k, { value: v }])),
    });
    return stack;
}

export async function setSpec(stack: Stack, spec: Spec): Promise<void> {
    await stack.setConfig("spec", { value: JSON.stringify(spec) });
}

export async function removeStack(stack: Stack): Promise<void> {
    await stack.workspace.removeStack(stack.name, { force: true }).catch(() => undefined);
}
