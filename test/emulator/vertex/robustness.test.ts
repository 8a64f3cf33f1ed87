// The injection corpus and the size/depth limits on the Vertex paths: hostile path segments are refused (400) and
// store nothing; oversized and deeply nested bodies answer 4xx, never 500, and leave the state readable.

import { startEmulator, type EmulatorHandle } from "../../../emulator";
import { MAX_BODY_BYTES, MAX_JSON_DEPTH } from "../../../emulator/core/limits";
import { callApi, rawRequest, type Json } from "../../helpers/emulatorProcess";

const L = "/v1/projects/demo/locations/us-central1";

// Many HTTP calls per test: a loaded 2-core machine needs more than jest's 5 s.
jest.setTimeout(60_000);

let emu: EmulatorHandle;
beforeAll(async () => {
    emu = await startEmulator({ port: 0 });
});
afterAll(async () => {
    await emu.stop();
});
beforeEach(() => emu.reset());

const api = (method: string, path: string, body?: unknown) => callApi(emu.url, method, path, body);

function stored(): { endpoints: unknown[]; models: unknown[] } {
    const ns = emu.snapshot().namespaces.vertex as unknown as { endpoints?: unknown[]; models?: unknown[] } | undefined;
    return { endpoints: ns?.endpoints ?? [], models: ns?.models ?? [] };
}

function nestedList(depth: number): Json {
    let value: Json = 1;
    for (let i = 0; i < depth; i++) value = [value];
    return value;
}

describe("path segments decode to ^[^/]+$ and never to . or ..", () => {
    test.each([
        ["encoded slash in the project", "POST", "/v1/projects/a%2Fx/locations/us-central1/endpoints"],
        ["encoded slash in the location", "POST", "/v1/projects/demo/locations/us-central1%2Fendpoints%2Fx/endpoints"],
        ["dot-dot location", "POST", "/v1/projects/demo/locations/../endpoints"],
        ["encoded dot-dot endpoint", "POST", `${L}/endpoints/%2e%2e:deployModel`],
        ["malformed escape", "GET", `${L}/endpoints/%E0%A4%A`],
        ["encoded slash in an operation id", "GET", `${L}/operations/a%2Fb`],
        ["encoded slash in a model id", "POST", `${L}/models/a%2Fb@1:mergeVersionAliases`],
    ])("%s -> 400, nothing stored", async (_title, method, target) => {
        const body = method === "POST" ? { displayName: "inj" } : undefined;
        const r = await rawRequest(emu.port, method, target, body ? { body } : {});
        expect(r.status).toBe(400);
        expect(r.body.error.status).toBe("INVALID_ARGUMENT");
        expect(stored()).toEqual({ endpoints: [], models: [] });
    });

    test("hostile IDs in the query are judged by the ID rules", async () => {
        for (const id of ["../x", "a/b", "__proto__", "x".repeat(10_000)]) {
            const r = await api("POST", `${L}/endpoints?endpointId=${encodeURIComponent(id)}`, { displayName: "x" });
            expect(r.status).toBe(400);
        }
        expect(stored().endpoints).toEqual([]);
    });
});

describe("request size and nesting limits answer 4xx, never 500", () => {
    test("an upload body over 10 MiB -> 413; nothing stored", async () => {
        const r = await rawRequest(emu.port, "POST", `${L}/models:upload`, {
            body: { model: { displayName: "m", description: "x".repeat(MAX_BODY_BYTES) } },
        });
        expect(r.status).toBe(413);
        expect(stored().models).toEqual([]);
    });

    test("predict instances nested past the depth limit -> 400; the endpoint stays readable", async () => {
        await api("POST", `${L}/endpoints?endpointId=e`, { displayName: "e" });
        const r = await api("POST", `${L}/endpoints/e:predict`, { instances: [nestedList(2000)] });
        expect(r.status).toBe(400);
        expect(r.body.error.message).toMatch(/Nesting depth \d+ exceeds the limit of 100/);
        expect((await api("GET", `${L}/endpoints/e`)).status).toBe(200);
    });

    test("instances just inside the depth limit are decoded (the endpoint has no traffic: 400 FAILED_PRECONDITION)", async () => {
        await api("POST", `${L}/endpoints?endpointId=e`, { displayName: "e" });
        const r = await api("POST", `${L}/endpoints/e:predict`, { instances: [nestedList(MAX_JSON_DEPTH - 3)] });
        expect(r.status).toBe(400);
        expect(r.body.error.status).toBe("FAILED_PRECONDITION");
    });

    test("a __proto__ key in a predict instance or a label stays a plain key", async () => {
        const r = await api(
            "POST",
            `${L}/endpoints?endpointId=e`,
            JSON.parse('{"displayName":"e","labels":{"__proto__":"x"}}'),
        );
        expect(r.status).toBe(400);
        expect(r.body.error.message).toMatch(/Invalid label key "__proto__"/);
        expect(({} as Record<string, unknown>).x).toBeUndefined();
    });
});
