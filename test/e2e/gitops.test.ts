// The GitOps example's own script (examples/gitops/pulumi-ci.sh), run as a pipeline would, against the emulator
// with the demo program: preview on a pull request, up on merge, and the nightly drift check.

import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { type EmulatorHandle, startEmulator } from "../../emulator";
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
    // The repository root is the demo project (Pulumi.yaml, main: examples/basic/).
    const programDir = repoRoot;
    let env: NodeJS.ProcessEnv;

    // Child processes must be asynchronous: the emulator runs in this process and must keep answering.
    const run = (file: string, args: string[], cwd: string) =>
        new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
            execFile(file, args, { cwd, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) =>
                resolve({ status: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
            );
        });
    const pulumi = async (...args: string[]) => {
        const result = await run("pulumi", [...args, "--stack", stack, "--non-interactive"], programDir);
        if (result.status !== 0) {
            throw new Error(`pulumi ${args.join(" ")} failed: ${result.stderr}${result.stdout}`);
        }
        return result.stdout;
    };
    const ci = (command: string) =>
        run("bash", [path.join(repoRoot, "examples/gitops/pulumi-ci.sh"), command], repoRoot);

    beforeAll(async () => {
        emulator = await startEmulator({ durations: { createVersion: 200, updateVersion: 100, deleteVersion: 100 } });
        env = {
            ...process.env,
            ...e2eEnv(),
            PULUMI_STACK: stack,
            PULUMI_PROGRAM_DIR: programDir,
            PREVIEW_OUTPUT: path.join(stateDir, `${stack}-preview.md`),
        };
        await run("pulumi", ["stack", "init", stack, "--non-interactive"], programDir);
        await pulumi("config", "set", "aiplatform:project", "demo-project");
        await pulumi("config", "set", "aiplatform:endpointOverride", emulator.url);
        await pulumi("config", "set", "aiplatform:pollInitialIntervalMs", "50");
        await pulumi("config", "set", "minNodes", "1");
    });
    afterAll(async () => {
        await run("pulumi", ["destroy", "--yes", "--stack", stack, "--non-interactive"], programDir);
        await run("pulumi", ["stack", "rm", stack, "--yes", "--force", "--non-interactive"], programDir);
        await emulator.stop();
    });

    test("merge applies; a pull request's preview shows an update; the drift check catches console edits", async () => {
        const up = await ci("up");
        expect(up.status).toBe(0);
        expect(up.stdout).toMatch(/Resources:\s*\n\s*\+ 4 created/);

        await pulumi("config", "set", "minNodes", "2");
        const preview = await ci("preview");
        expect(preview.status).toBe(0);
        const comment = fs.readFileSync(env.PREVIEW_OUTPUT as string, "utf8");
        expect(comment).toMatch(/^```diff/);
        expect(comment).toMatch(/~ 1 to update/);
        expect(comment).not.toMatch(/to replace/);
        expect(comment).toMatch(/minNodes\s*:\s*1 => 2/);
        expect((await ci("up")).status).toBe(0);

        expect((await ci("drift")).status).toBe(0);
        const blue = (await pulumi("stack", "output", "blueVersion")).trim();
        emulator.outOfBand.patch(blue, { description: "edited in the console" });
        const drift = await ci("drift");
        expect(drift.status).not.toBe(0);
        expect(drift.stdout + drift.stderr).toMatch(/description/);
    });
});
