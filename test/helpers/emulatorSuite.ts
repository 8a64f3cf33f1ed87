// Shared set-up of the emulator's HTTP tests (test/emulator/*.test.ts): one in-process emulator per test file,
// reset before each test with every operation completing at once, and the requests those tests make.
// Jest loads modules per test file, so the handle below is per file too.

import { startEmulator, type EmulatorHandle } from "../../emulator";
import { callApi, type ApiResponse, type Json } from "./emulatorProcess";

export const PROJECT = "demo";
export const P = `/v1/projects/${PROJECT}`;
export const ETAG_RE = /^[A-Za-z0-9+/]{11}=$/;
export const TS_RE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
export const BASIC_VERSION = { deploymentUri: "gs://bucket/model", runtimeVersion: "2.11", pythonVersion: "3.7" };
export const REGIONAL = "/us-central1";

let handle: EmulatorHandle | undefined;
/** How far the file's emulator clock is ahead of real time (see elapse). */
let skewMs = 0;

/** Registers the file's emulator: started before its tests, reset before each, stopped after. */
export function useEmulator(): void {
    beforeAll(async () => {
        handle = await startEmulator({ port: 0, projectNumber: "123456789012", clock: () => Date.now() + skewMs });
    });
    afterAll(async () => {
        await handle?.stop();
    });
    beforeEach(() => {
        emu().reset();
        emu().setDurations({ createVersion: 0, updateVersion: 0, deleteVersion: 0, updateModel: 0, deleteModel: 0 });
    });
}

/**
 * Moves the file's emulator clock `ms` ahead: an operation of that duration is due at the next request. Tests of
 * time-driven states use long durations and this instead of real sleeps, so a stalled machine cannot let an
 * operation finish before the test has looked at its intermediate state.
 */
export function elapse(ms: number): void {
    skewMs += ms;
}

/** The file's emulator (see useEmulator). */
export function emu(): EmulatorHandle {
    if (!handle) throw new Error("useEmulator() was not called in this test file");
    return handle;
}

export const api = (
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
): Promise<ApiResponse> => callApi(emu().url, method, path, body, headers);

export async function createModel(name: string, extra: Record<string, unknown> = {}, prefix = ""): Promise<Json> {
    const r = await api("POST", `${prefix}${P}/models`, { name, ...extra });
    expect(r.status).toBe(200);
    return r.body;
}

export async function createVersion(
    model: string,
    name: string,
    extra: Record<string, unknown> = {},
    prefix = "",
): Promise<Json> {
    const r = await api("POST", `${prefix}${P}/models/${model}/versions`, { name, ...BASIC_VERSION, ...extra });
    expect(r.status).toBe(200);
    return r.body;
}

export async function getOp(op: Json, prefix = ""): Promise<Json> {
    const r = await api("GET", `${prefix}/v1/${op.name as string}`);
    expect(r.status).toBe(200);
    return r.body;
}

/** Create model + READY version (durations are 0, so the next request completes the operation). */
export async function modelWithVersions(
    model: string,
    versions: string[],
    prefix = "",
    extra: Record<string, unknown> = {},
): Promise<void> {
    await createModel(model, {}, prefix);
    for (const v of versions) {
        const op = await createVersion(model, v, extra, prefix);
        expect((await getOp(op, prefix)).done).toBe(true);
    }
}

export function expectError(r: ApiResponse, code: number, status: string, message?: string | RegExp): void {
    expect(r.status).toBe(code);
    expect(r.body.error.code).toBe(code);
    expect(r.body.error.status).toBe(status);
    if (typeof message === "string") expect(r.body.error.message).toBe(message);
    else if (message) expect(r.body.error.message).toMatch(message);
}
