// The real gcloud CLI as a test client of the emulators: where it is, a clean environment pointing it at a local
// endpoint, and one invocation with its exit code, output and parsed JSON.

import { execFile } from "node:child_process";
import { accessSync, constants, writeFileSync } from "node:fs";
import { delimiter, join } from "node:path";
import type { Json } from "./emulatorProcess";

/** GCLOUD_BIN, when set, is the only candidate (set it to a bogus path to exercise the "absent" path). */
function findGcloud(): string | undefined {
    const candidates = process.env.GCLOUD_BIN
        ? [process.env.GCLOUD_BIN]
        : [...(process.env.PATH ?? "").split(delimiter).map((d) => join(d, "gcloud")), "/usr/bin/gcloud"];
    return candidates.find((c) => {
        if (!c) return false;
        try {
            accessSync(c, constants.X_OK);
            return true;
        } catch {
            return false;
        }
    });
}

/** The gcloud executable, or undefined when it is not installed. */
export const GCLOUD = findGcloud();

/**
 * `describe` when gcloud is installed. Without it the suite warns loudly and is skipped, except with CI set, where a
 * missing gcloud is a failure: CI must check the emulator against Google's own client.
 */
export function describeWithGcloud(what: string): jest.Describe {
    if (GCLOUD) return describe;
    const banner = "#".repeat(78);
    console.warn(
        `\n${banner}\n#  WARNING: gcloud not found (PATH or GCLOUD_BIN) — ${what} is SKIPPED.\n` +
            `#  The emulator has NOT been checked against Google's own client in this run.\n${banner}\n`,
    );
    if (process.env.CI) throw new Error(`gcloud not found but CI is set: ${what} must run in CI`);
    return describe.skip;
}

/**
 * The environment of an isolated gcloud: nothing inherited from the caller's gcloud settings or proxies, its own
 * configuration directory under `workDir`, a token file instead of credentials, no prompts, no update checks, no
 * metadata server. `overrides` adds the endpoint overrides (e.g. CLOUDSDK_API_ENDPOINT_OVERRIDES_ML).
 */
export function gcloudEnv(workDir: string, project: string, overrides: Record<string, string>): NodeJS.ProcessEnv {
    const tokenFile = join(workDir, "token");
    writeFileSync(tokenFile, "fake-access-token\n");
    return {
        ...Object.fromEntries(
            Object.entries(process.env).filter(
                ([k]) => !k.startsWith("CLOUDSDK_") && !/^(https?|no|all)_proxy$/i.test(k),
            ),
        ),
        CLOUDSDK_CONFIG: join(workDir, "config"),
        CLOUDSDK_AUTH_ACCESS_TOKEN_FILE: tokenFile,
        CLOUDSDK_CORE_PROJECT: project,
        CLOUDSDK_CORE_DISABLE_PROMPTS: "1",
        CLOUDSDK_CORE_DISABLE_USAGE_REPORTING: "1",
        CLOUDSDK_SURVEY_DISABLE_PROMPTS: "1",
        CLOUDSDK_COMPONENT_MANAGER_DISABLE_UPDATE_CHECK: "1",
        CLOUDSDK_CORE_CHECK_GCE_METADATA: "0",
        ...overrides,
    };
}

/** One gcloud run: exit code, output, stdout parsed as JSON (undefined when empty or not JSON), wall time. */
export interface GcloudResult {
    code: number;
    stdout: string;
    stderr: string;
    json: Json;
    ms: number;
}

/**
 * Runs gcloud with `args` in `env`. Asynchronous on purpose: the emulator usually runs in the test's own process and
 * must keep serving while gcloud waits for it.
 */
export function runGcloud(env: NodeJS.ProcessEnv, args: string[], timeoutMs = 90_000): Promise<GcloudResult> {
    if (!GCLOUD) throw new Error("gcloud is not installed (guard the suite with describeWithGcloud)");
    const started = Date.now();
    return new Promise((resolve) => {
        execFile(GCLOUD, args, { env, timeout: timeoutMs }, (err, stdout, stderr) => {
            let json: Json = undefined;
            try {
                json = stdout.trim() === "" ? undefined : JSON.parse(stdout);
            } catch {
                json = undefined;
            }
            const code = err ? (typeof err.code === "number" ? err.code : 1) : 0;
            resolve({ code, stdout, stderr, json, ms: Date.now() - started });
        });
    });
}

/** `r` itself when gcloud exited 0; otherwise an error naming the command and showing what gcloud printed. */
export function succeeded(r: GcloudResult, args: string[]): GcloudResult {
    if (r.code !== 0) throw new Error(`gcloud ${args.join(" ")} failed (${r.code}):\n${r.stderr}`);
    return r;
}
