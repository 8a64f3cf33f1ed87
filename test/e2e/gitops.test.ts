// The GitOps example's own script (examples/gitops/pulumi-ci.sh), run as a pipeline would, against the emulator
// with the demo program: preview on a pull request, up on merge, and the nightly drift check.

import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { EmulatorHandle, startEmulator } from "../../emulator";
import { e2eEnv, e2eSkipReason, repoRoot, stateDir } from "./stackHarness";

const skipReason = e2eSkipReason();
if (skipReason && process.env.CI) {
    throw new Error(`end-to-end tests cannot be skipped in CI: ${skipReason}`);
}
// Skipped only outside CI, and only without a Pulumi CLI (engine.test.ts prints the reason loudly).
const describeE2e = skipReason ? describe.skip : describe;
jest.setTimeout(240_000);

describeE2e("examples/gitops/pulumi-ci.sh", () => {
    let emulator: EmulatorHandle;
    const stack = `gitops-${process.pid}`;
    const programDir = path.join(repoRoot, "examples/basic");
    let env: NodeJS.ProcessEnv;

    const pulumi = (...args: string[]) => execFileSync("pulumi", [...args, "--stack", stack, "--non-interactive"], { cwd: programDir, env, encoding: "utf8" });
    const ci = (command: string) =>
        spawnSync("bash", [path.join(repoRoot, "examples/gitops/pulumi-ci.sh"), command], { cwd: repoRoot, env, encoding: "utf8" });

    beforeAll(async () => {
        emulator = await startEmulator({ durations: { createVersion: 200, updateVersion: 100, deleteVersion: 100 } });
        env = { ...process.env, ...e2eEnv(), PULUMI_STACK: stack, PULUMI_PROGRAM_DIR: programDir, PREVIEW_OUTPUT: path.join(stateDir, `${stack}-preview.md`) };
        execFileSync("pulumi", ["stack", "init", stack, "--non-interactive"], { cwd: programDir, env });
        pulumi("config", "set", "aiplatform:project", "demo-project");
        pulumi("config", "set", "aiplatform:endpointOverride", emulator.url);
        pulumi("config", "set", "aiplatform:pollInitialIntervalMs", "50");
        pulumi("config", "set", "minNodes", "1");
    });
    afterAll(async () => {
        spawnSync("pulumi", ["destroy", "--yes", "--stack", stack, "--non-interactive"], { cwd: programDir, env });
        spawnSync("pulumi", ["stack", "rm", stack, "--yes", "--force", "--non-interactive"], { cwd: programDir, env });
        await emulator.stop();
    });

    test("merge applies; a pull request's preview shows an update; the drift check catches console edits", () => {
        const up = ci("up");
        expect(up.status).toBe(0);
        expect(up.stdout).toMatch(/Resources:\s*\n\s*\+ 4 created/);

        pulumi("config", "set", "minNodes", "2");
        const preview = ci("preview");
        expect(preview.status).toBe(0);
        const comment = fs.readFileSync(env.PREVIEW_OUTPUT as string, "utf8");
        expect(comment).toMatch(/^```diff/);
        expect(comment).toMatch(/~ 1 to update/);
        expect(comment).not.toMatch(/to replace/);
        expect(comment).toMatch(/minNodes\s*:\s*1 => 2/);
        expect(ci("up").status).toBe(0);

        expect(ci("drift").status).toBe(0);
        const blue = pulumi("stack", "output", "blueVersion").trim();
        emulator.outOfBand.patch(blue, { description: "edited in the console" });
        const drift = ci("drift");
        expect(drift.status).not.toBe(0);
        expect(drift.stdout + drift.stderr).toMatch(/description/);
    });
});
