// Helpers for driving an ml v1 emulator from tests: HTTP calls (fetch, or raw node:http for
// Host-header / proxy-form requests) and spawning the CLI (emulator/main.ts) as a child process.

import { spawn, type ChildProcess } from "node:child_process";
import { request } from "node:http";
import { resolve as resolvePath } from "node:path";

/** Parsed JSON responses are deliberately loosely typed: tests assert on their shape. */
export type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface ApiResponse {
    status: number;
    body: Json;
    text: string;
    headers: Headers;
}

export const AUTH = { Authorization: "Bearer test-token" } as const;

/** fetch-based call; `body` is JSON-encoded unless it is already a string. */
export async function callApi(
    baseUrl: string,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = AUTH,
): Promise<ApiResponse> {
    const init: RequestInit = { method, headers: { ...headers } };
    if (body !== undefined) {
        init.body = typeof body === "string" ? body : JSON.stringify(body);
        (init.headers as Record<string, string>)["Content-Type"] = "application/json";
    }
    const res = await fetch(`${baseUrl}${path}`, init);
    const text = await res.text();
    let parsed: Json = undefined;
    try {
        parsed = text === "" ? undefined : JSON.parse(text);
    } catch {
        parsed = undefined;
    }
    return { status: res.status, body: parsed, text, headers: res.headers };
}

export interface RawResponse {
    status: number;
    body: Json;
    headers: Record<string, string | string[] | undefined>;
}

/**
 * node:http request to 127.0.0.1:port with full control over the request target and Host header
 * (fetch refuses to override Host). `target` may be origin-form (/v1/...) or absolute-form (http://h/v1/...).
 */
export function rawRequest(
    port: number,
    method: string,
    target: string,
    opts: { host?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<RawResponse> {
    return new Promise((resolve, reject) => {
        const payload = opts.body === undefined ? undefined : JSON.stringify(opts.body);
        const headers: Record<string, string> = { ...AUTH, ...(opts.headers ?? {}) };
        if (opts.host) headers.Host = opts.host;
        if (payload !== undefined) headers["Content-Type"] = "application/json";
        const req = request({ host: "127.0.0.1", port, method, path: target, headers, agent: false }, (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (c: Buffer) => chunks.push(c));
            res.on("end", () => {
                const text = Buffer.concat(chunks).toString("utf8");
                let body: Json = undefined;
                try {
                    body = text === "" ? undefined : JSON.parse(text);
                } catch {
                    body = text;
                }
                resolve({ status: res.statusCode ?? 0, body, headers: res.headers });
            });
        });
        req.on("error", reject);
        if (payload !== undefined) req.write(payload);
        req.end();
    });
}

export function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
}

export interface EmulatorProcess {
    child: ChildProcess;
    url: string;
    port: number;
    /** Everything the process printed so far (stdout + stderr). */
    output(): string;
    /** Send a signal and resolve with the exit code. */
    stop(signal?: NodeJS.Signals): Promise<number | null>;
}

const REPO_ROOT = resolvePath(__dirname, "..", "..");

/** Spawn `node -r ts-node/register/transpile-only emulator/main.ts ...args` and wait for its banner. */
export function spawnEmulator(
    args: string[],
    env: NodeJS.ProcessEnv = process.env,
    timeoutMs = 20000,
): Promise<EmulatorProcess> {
    const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", "emulator/main.ts", ...args], {
        cwd: REPO_ROOT,
        env,
        stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
            child.kill("SIGKILL");
            reject(new Error(`emulator did not start within ${timeoutMs} ms:\n${out}`));
        }, timeoutMs);
        const onData = (chunk: Buffer): void => {
            out += chunk.toString("utf8");
            const m = /ml v1 emulator listening on (http:\/\/[^\s]+)/.exec(out);
            if (m) {
                clearTimeout(timer);
                const url = m[1];
                resolve({
                    child,
                    url,
                    port: Number(new URL(url).port),
                    output: () => out,
                    stop: (signal = "SIGTERM") => {
                        if (child.exitCode === null && child.signalCode === null) child.kill(signal);
                        return exited;
                    },
                });
            }
        };
        child.stdout?.on("data", onData);
        child.stderr?.on("data", onData);
        void exited.then((code) => {
            clearTimeout(timer);
            reject(new Error(`emulator exited early with code ${String(code)}:\n${out}`));
        });
    });
}
