// The emulator can't be corrupted and can't be exhausted: path segments, body size, nesting depth,
// atomic creates, a bounded request log and crash-safe persistence.

import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator, type EmulatorHandle } from "../../emulator";
import { Emulator } from "../../emulator/core/emulator";
import { MAX_BODY_BYTES, MAX_JSON_DEPTH, jsonNestingDepth } from "../../emulator/core/limits";
import { AUTH, callApi, rawRequest, type Json } from "../helpers/emulatorProcess";
import { readStateFiles } from "../helpers/stateFiles";
import { ALL_APIS } from "../../emulator/apis";

const P = "/v1/projects/demo";
const VERSION = { deploymentUri: "gs://bucket/model/", runtimeVersion: "2.11", pythonVersion: "3.7" };

let emu: EmulatorHandle;
beforeAll(async () => {
    emu = await startEmulator({ port: 0 });
});
afterAll(async () => {
    await emu.stop();
});
beforeEach(() => emu.reset());

const api = (method: string, path: string, body?: unknown) => callApi(emu.url, method, path, body);

function nested(depth: number): Json {
    let value: Json = { numPaths: 5 };
    for (let i = 0; i < depth; i++) value = { sampledShapleyAttribution: value };
    return value;
}

function storedVersions(): unknown[] {
    return Object.values(emu.snapshot().namespaces).flatMap((ns) => ns.versions);
}

describe("path segments decode to ^[^/]+$ and never to . or ..", () => {
    test.each([
        ["encoded slash in the project", "POST", `/v1/projects/a%2Fmodels%2Fb/models`],
        ["encoded slash in the model", "POST", `${P}/models/m%2Fversions%2Fx/versions`],
        ["dot-dot project", "POST", "/v1/projects/../models"],
        ["encoded dot-dot project", "POST", "/v1/projects/%2e%2e/models"],
        ["dot project", "GET", "/v1/projects/./models"],
        ["malformed escape", "GET", "/v1/projects/%E0%A4%A/models"],
        ["encoded slash in an operation id", "GET", `${P}/operations/a%2Fb`],
    ])("%s -> 400, nothing stored", async (_title, method, target) => {
        await api("POST", `${P}/models`, { name: "m" });
        const body = method === "POST" ? { name: "inj", ...VERSION } : undefined;
        const r = await rawRequest(emu.port, method, target, body ? { body } : {});
        expect(r.status).toBe(400);
        expect(r.body.error.status).toBe("INVALID_ARGUMENT");
        const names = (emu.snapshot().namespaces.global?.models ?? []).map((m) => (m as Json).name);
        expect(names).toEqual(["projects/demo/models/m"]);
        expect(storedVersions()).toEqual([]);
    });

    test("an encoded colon is an ordinary character (domain-scoped project ids)", async () => {
        const r = await api("POST", "/v1/projects/example.com%3Aproj/models", { name: "m" });
        expect(r.status).toBe(200);
        expect(r.body.name).toBe("projects/example.com:proj/models/m");
    });
});

describe("request size and nesting limits answer 4xx, never 500", () => {
    test("a body over 10 MiB -> 413, logged without its body", async () => {
        const big = JSON.stringify({ name: "m", description: "x".repeat(MAX_BODY_BYTES) });
        const r = await rawRequest(emu.port, "POST", `${P}/models`, { body: JSON.parse(big) });
        expect(r.status).toBe(413);
        expect(r.body.error.message).toMatch(/exceeds the limit: 10485760 bytes/);
        const logged = emu.requests();
        expect(logged).toHaveLength(1);
        expect(logged[0]).toMatchObject({ status: 413, method: "POST" });
        expect(logged[0]?.body).toMatch(/bytes, omitted from the request log/);
        expect(emu.snapshot().namespaces.global?.models ?? []).toEqual([]);
    });

    test("an explanationConfig nested 2000 levels deep -> 400; the model stays readable", async () => {
        await api("POST", `/us-central1${P}/models`, { name: "m" });
        const r = await api("POST", `/us-central1${P}/models/m/versions`, {
            name: "v",
            ...VERSION,
            machineType: "n1-standard-2",
            explanationConfig: nested(2000),
        });
        expect(r.status).toBe(400);
        expect(r.body.error.message).toMatch(/Nesting depth \d+ exceeds the limit of 100/);
        expect(storedVersions()).toEqual([]);
        expect((await api("GET", `/us-central1${P}/models/m`)).status).toBe(200);
        expect((await api("GET", `/us-central1${P}/models/m/versions`)).status).toBe(200);
        expect((await api("GET", `/us-central1${P}/models`)).status).toBe(200);
    });

    test("nesting just inside the limit is judged by the schema (400 unknown/wrong field, not 500)", async () => {
        await api("POST", `/us-central1${P}/models`, { name: "m" });
        const r = await api("POST", `/us-central1${P}/models/m/versions`, {
            name: "v",
            ...VERSION,
            machineType: "n1-standard-2",
            explanationConfig: nested(MAX_JSON_DEPTH - 3),
        });
        expect(r.status).toBe(400);
        expect(storedVersions()).toEqual([]);
    });

    test.each([
        ["{}", 1],
        ["[[[]]]", 3],
        ['{"a":"{{{{[[["}', 1],
        ['{"a":"\\"{{"}', 1],
        ['[{"a":[{}]}]', 4],
        ["", 0],
    ])("nesting depth of %s is %d", (text, depth) => {
        expect(jsonNestingDepth(text)).toBe(depth);
    });
});

describe("request log is bounded (entries and bytes), refused requests included", () => {
    const request = (e: Emulator, bodyText: string, path = `${P}/models`) =>
        e.handleApi({ method: "POST", path, query: new URLSearchParams(), headers: { ...lower(AUTH) }, bodyText });

    test("keeps the newest entries up to maxEntries; seq keeps counting", () => {
        const e = new Emulator({
            apis: ALL_APIS,
            requestLogLimits: { maxEntries: 3, maxTotalBodyBytes: 1 << 20, maxBodyBytes: 1024 },
        });
        for (let i = 0; i < 10; i++) request(e, JSON.stringify({ name: `m${i}` }));
        expect(e.requests().map((r) => r.seq)).toEqual([8, 9, 10]);
        expect(e.log.size().entries).toBe(3);
    });

    test("keeps at most maxTotalBodyBytes of bodies; oversized bodies are replaced by a placeholder", () => {
        const e = new Emulator({
            apis: ALL_APIS,
            requestLogLimits: { maxEntries: 100, maxTotalBodyBytes: 1000, maxBodyBytes: 400 },
        });
        for (let i = 0; i < 20; i++) request(e, JSON.stringify({ name: `m${i}`, description: "d".repeat(300) }));
        expect(e.log.size().bodyBytes).toBeLessThanOrEqual(1000);
        expect(e.requests().length).toBeLessThan(20);
        request(e, JSON.stringify({ name: "big", description: "d".repeat(1000) }));
        expect(e.requests().at(-1)?.body).toBe("<1031 bytes, omitted from the request log>");
    });

    test("refused requests (404, 400 malformed JSON, too deep) are logged and bounded too", () => {
        const e = new Emulator({
            apis: ALL_APIS,
            requestLogLimits: { maxEntries: 5, maxTotalBodyBytes: 1 << 20, maxBodyBytes: 1024 },
        });
        const statuses = [
            request(e, "{not json"),
            request(e, "[".repeat(500) + "]".repeat(500)),
            request(e, "{}", "/v1/nowhere"),
        ].map((o) => (o.kind === "respond" ? o.status : 0));
        expect(statuses).toEqual([400, 400, 404]);
        expect(e.requests().map((r) => r.status)).toEqual([400, 400, 404]);
        // Too deep to parse safely: kept as text, so listing the log cannot blow the stack.
        expect(typeof e.requests()[1]?.body).toBe("string");
        for (let i = 0; i < 10; i++) request(e, "{not json");
        expect(e.requests()).toHaveLength(5);
    });
});

describe("state file: crash-safe and cheap", () => {
    test("temp files left by a crash are removed on start; the state is compact JSON", async () => {
        const dir = mkdtempSync(join(tmpdir(), "mlemu-crash-"));
        const file = join(dir, "state.json");
        try {
            writeFileSync(`${file}.12345.tmp`, "{torn");
            writeFileSync(join(dir, "unrelated.tmp"), "keep me");
            const a = await startEmulator({ stateFile: file });
            try {
                expect(readdirSync(dir)).toEqual(["unrelated.tmp"]);
                expect((await callApi(a.url, "POST", `${P}/models`, { name: "m" })).status).toBe(200);
            } finally {
                await a.stop();
            }
            const text = readFileSync(file, "utf8");
            expect(text).not.toContain("\n");
            expect(JSON.parse(text).namespaces.global.models[0].name).toBe("projects/demo/models/m");
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });

    test("each mutating request is one journal line, written before its response exists; reads write nothing", () => {
        const dir = mkdtempSync(join(tmpdir(), "mlemu-burst-"));
        const file = join(dir, "state.json");
        try {
            const e = new Emulator({ apis: ALL_APIS, stateFile: file });
            for (let i = 0; i < 50; i++) {
                e.handleApi({
                    method: "POST",
                    path: `${P}/models`,
                    query: new URLSearchParams(),
                    headers: lower(AUTH),
                    bodyText: JSON.stringify({ name: `m${i}` }),
                });
                // No flush and no event-loop turn: the change is in the journal when handleApi returns.
                expect(readStateFiles(file).namespaces.global?.models).toHaveLength(i + 1);
            }
            e.handleApi({
                method: "GET",
                path: `${P}/models`,
                query: new URLSearchParams(),
                headers: lower(AUTH),
                bodyText: "",
            });
            // Only the journal so far: the snapshot is written by compactions (and on stop).
            expect(existsSync(file)).toBe(false);
            expect(readFileSync(`${file}.journal.0`, "utf8").split("\n")).toHaveLength(51);
            e.shutdown();
            expect(readdirSync(dir)).toEqual(["state.json"]);
            expect(JSON.parse(readFileSync(file, "utf8")).namespaces.global.models).toHaveLength(50);
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });
});

function lower(headers: Record<string, string>): Record<string, string> {
    return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}
