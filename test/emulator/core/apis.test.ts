// The core's API-module contract, proven with a test-only API (widgetsApi.ts) served beside ml: it claims only its
// own paths (ml's answers stay byte-identical, 404s included), its records persist and its operations support
// operations.wait on the injected clock, its quota counts per project and location, its action and kind names
// cannot clash, and `--api` restricts what is served.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import { selectApis } from "../../../emulator/apis";
import type { ApiModule } from "../../../emulator/core/api";
import { Emulator, type ApiHttpRequest, type ApiOutcome } from "../../../emulator/core/emulator";
import { parseWaitTimeout } from "../../../emulator/core/operationsApi";
import { quotasOff } from "../../../emulator/core/quotas";
import { createEmulatorServer } from "../../../emulator/core/server";
import { startEmulator } from "../../../emulator";
import { parseArgs } from "../../../emulator/main";
import { ML_API } from "../../../emulator/ml/module";
import { CORE_AUTH } from "../../helpers/emulatorCore";
import { WIDGETS_API } from "./widgetsApi";

let now = 1_700_000_000_000;
const clock = () => now;

function emulator(
    apis: readonly ApiModule[],
    extra: Partial<ConstructorParameters<typeof Emulator>[0]> = {},
): Emulator {
    return new Emulator({ apis, clock, projectNumber: "42", ...extra });
}

function request(method: string, pathAndQuery: string, body?: unknown, headers = {}): ApiHttpRequest {
    const [path, query = ""] = pathAndQuery.split("?");
    return {
        method,
        path: path,
        query: new URLSearchParams(query),
        headers: { ...CORE_AUTH, ...headers },
        bodyText: body === undefined ? "" : JSON.stringify(body),
    };
}

type Answer = { status: number; body: unknown };

function answerOf(outcome: ApiOutcome): Answer {
    if (outcome.kind !== "respond") throw new Error(`expected an answer now, got '${outcome.kind}'`);
    return { status: outcome.status, body: outcome.body };
}

function call(e: Emulator, method: string, path: string, body?: unknown, headers = {}): Answer {
    return answerOf(e.handleApi(request(method, path, body, headers)));
}

/** Etags are random per emulator: the comparison below is of everything else. */
function withoutEtags(value: unknown): unknown {
    return JSON.parse(JSON.stringify(value), (key, v: unknown) => (key === "etag" ? "<etag>" : v)) as unknown;
}

const V = "/v1/projects/p/locations/us-central1";

describe("a second API served beside ml", () => {
    // ml's own requests and ml-looking 404s, in order (later ones see what earlier ones created).
    const ML_REQUESTS: [string, string, unknown?, Record<string, string>?][] = [
        ["POST", "/v1/projects/p/models", { name: "m" }],
        ["GET", "/v1/projects/p/models"],
        [
            "POST",
            "/v1/projects/p/models/m/versions",
            { name: "v1", deploymentUri: "gs://b/m/", runtimeVersion: "2.11", pythonVersion: "3.7" },
        ],
        ["GET", "/v1/projects/p/models/m/versions/v1"],
        ["GET", "/v1/projects/p/operations"],
        ["POST", "/us-central1/v1/projects/p/models", { name: "r", regions: ["us-central1"] }],
        ["GET", "/v1/projects/p/models", undefined, { host: "us-central1-ml.googleapis.com" }],
        ["GET", "/v1/foo"],
        ["GET", "/"],
        ["GET", "/europe-north9/v1/projects/p/models"],
        ["GET", "/us-central1/v1/projects/p/locations/us-central1/widgets/w"],
        ["GET", "/v1/projects/p/locationsX/us-central1/widgets/w"],
        ["GET", "/v1/projects/p/models/m/locations/l"],
        ["DELETE", "/v1/projects/p/models/m"],
        ["GET", "/v1/projects/p/models", undefined, { authorization: "" }],
    ];

    test("answers every ml request and ml-looking path exactly as ml alone does (etags aside)", () => {
        const alone = emulator([ML_API]);
        const both = emulator([WIDGETS_API, ML_API]);
        for (const [method, path, body, headers] of ML_REQUESTS) {
            const expected = withoutEtags(call(alone, method, path, body, headers));
            expect([method, path, withoutEtags(call(both, method, path, body, headers))]).toEqual([
                method,
                path,
                expected,
            ]);
        }
        expect(withoutEtags(both.requests().map(({ time: _t, ...r }) => r))).toEqual(
            withoutEtags(alone.requests().map(({ time: _t, ...r }) => r)),
        );
        // The state is the same; only the durations in force list the widget API's key too.
        expect(withoutEtags(both.snapshot().namespaces)).toEqual(withoutEtags(alone.snapshot().namespaces));
    });

    test("takes its own paths; without it they get ml's 404", () => {
        const both = emulator([WIDGETS_API, ML_API]);
        expect(call(both, "POST", `${V}/widgets?widgetId=w1`, { color: "red" })).toMatchObject({
            status: 200,
            body: { name: `projects/p/locations/us-central1/widgets/w1/operations/1` },
        });
        expect(call(both, "GET", `${V}/widgets/w1`).body).toMatchObject({ state: "READY", color: "red" });
        expect(call(both, "POST", `${V}/widgets`, { colour: "red" }).body).toMatchObject({
            error: {
                code: 400,
                message: "Invalid JSON payload received. Unknown name \"colour\" at 'widget': Cannot find field.",
            },
        });
        expect(both.requests().map((r) => r.namespace)).toEqual(Array(3).fill("widgets:us-central1"));
        expect(call(emulator([ML_API]), "GET", `${V}/widgets/w1`)).toEqual({
            status: 404,
            body: {
                error: {
                    code: 404,
                    message: `The requested URL ${V}/widgets/w1 was not found on this server.`,
                    status: "NOT_FOUND",
                },
            },
        });
    });

    test("the 401 and an injected 429 speak for the API the path belongs to", () => {
        const both = emulator([WIDGETS_API, ML_API]);
        const unauthenticated = call(both, "GET", `${V}/widgets/w`, undefined, { authorization: "" });
        expect(unauthenticated.body).toMatchObject({
            error: { code: 401, details: [{ metadata: { service: "widgets.test.example" } }] },
        });
        both.injectFault({ kind: "status", status: 429, times: 2 });
        expect(call(both, "GET", `${V}/widgets/w`).body).toMatchObject({
            error: { message: "Widget quota exceeded." },
        });
        expect(call(both, "GET", "/v1/projects/p/models").body).toMatchObject({
            error: { message: expect.stringContaining("service 'ml.googleapis.com'") },
        });
    });

    test("names are global: a record kind, operation action, duration or quota key registered twice is refused", () => {
        const clash = (patch: Partial<ApiModule>) => () =>
            emulator([{ ...WIDGETS_API, ...patch, id: "other" }, WIDGETS_API]);
        expect(clash({})).toThrow(/record kind 'testWidgets' is registered twice/);
        expect(clash({ recordKinds: [] })).toThrow(/quota limit 'widgetRequestsPerWindow' is defined twice/);
        expect(clash({ recordKinds: [], quotaMetrics: [] })).toThrow(
            /operation action 'testCreateWidget' is registered by two APIs/,
        );
        expect(clash({ recordKinds: [], quotaMetrics: [], operationActions: {} })).toThrow(
            /operation duration 'createWidget' is registered by two APIs/,
        );
        expect(() => emulator([ML_API, ML_API])).toThrow(/an API is registered twice/);
    });
});

describe("records of every API persist", () => {
    let dir: string;
    beforeEach(() => {
        dir = mkdtempSync(join(tmpdir(), "mlemu-apis-"));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    test("a restart gives back both APIs' records; an emulator without the API that wrote some refuses the file", () => {
        const file = join(dir, "state.json");
        const first = emulator([WIDGETS_API, ML_API], { stateFile: file, durations: { createWidget: 60_000 } });
        call(first, "POST", `${V}/widgets?widgetId=w1`, { color: "red" });
        call(first, "POST", "/v1/projects/p/models", { name: "m" });
        first.outOfBandPatch("projects/p/locations/us-central1/widgets/w1", { color: "blue" }, "widgets:us-central1");
        const before = first.snapshot();
        first.stateFile?.closeAsIfKilled();
        first.engine.stopTimers();

        const second = emulator([WIDGETS_API, ML_API], { stateFile: file, durations: { createWidget: 60_000 } });
        expect(second.snapshot()).toEqual(before);
        // The pending operation still completes after the restart.
        now += 60_000;
        expect(call(second, "GET", `${V}/widgets/w1`).body).toMatchObject({ state: "READY", color: "blue" });
        second.shutdown();

        expect(() => emulator([ML_API], { stateFile: file })).toThrow(
            /holds records of kind 'testWidgets', which no API of this emulator stores .*--api/,
        );
    });
});

describe("operations.wait on the injected clock", () => {
    const OP = `${V}/widgets/w/operations/1`;
    let e: Emulator;
    let settled: Answer | undefined;

    function startWait(query: string): Promise<Answer> {
        const outcome = e.handleApi(request("POST", `${OP}:wait${query}`));
        if (outcome.kind !== "later") throw new Error(`expected a later answer, got '${outcome.kind}'`);
        settled = undefined;
        return outcome.outcome.then((answer) => {
            settled = answerOf(answer);
            return settled;
        });
    }

    /** Lets settled promises run their callbacks. */
    const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

    function createWidget(durationMs: number, waitCapMs?: number): void {
        const extra: Partial<ConstructorParameters<typeof Emulator>[0]> = { durations: { createWidget: durationMs } };
        if (waitCapMs !== undefined) extra.waitCapMs = waitCapMs;
        e = emulator([WIDGETS_API, ML_API], extra);
        expect(call(e, "POST", `${V}/widgets?widgetId=w`).status).toBe(200);
    }

    afterEach(() => e.shutdown());

    test("returns at once for an operation that is done already", async () => {
        createWidget(0);
        expect((await startWait("?timeout=30s")).body).toMatchObject({ name: OP.slice(4), done: true });
    });

    test("is woken by the completion itself, not by a later poll of the operation", async () => {
        createWidget(10_000);
        const waited = startWait("?timeout=30s");
        await turn();
        expect(settled).toBeUndefined();
        now += 10_000;
        // Any request completes what is due; the completion wakes the wait (the operation is never read by a GET).
        call(e, "GET", "/v1/projects/p/models");
        await turn();
        expect(settled?.body).toMatchObject({ done: true, response: { state: "READY" } });
        expect(e.engine.pendingWaits).toBe(0);
        await waited;
    });

    test("returns the operation as it is when the timeout runs out on the clock", async () => {
        createWidget(60_000);
        const waited = startWait("?timeout=5s");
        now += 4_999;
        call(e, "GET", "/v1/projects/p/models");
        await turn();
        expect(settled).toBeUndefined();
        now += 1;
        call(e, "GET", "/v1/projects/p/models");
        const answer = await waited;
        expect(answer.status).toBe(200);
        expect(answer.body).not.toHaveProperty("done");
    });

    test("caps the timeout at waitCapMs", async () => {
        createWidget(600_000, 1_000);
        const waited = startWait("?timeout=600s");
        now += 1_000;
        e.engine.advance();
        expect((await waited).body).not.toHaveProperty("done");
    });

    test("reset releases a wait; the operation is gone, so the answer is its 404", async () => {
        createWidget(60_000);
        const waited = startWait("");
        e.reset();
        expect((await waited).status).toBe(404);
    });

    test("over HTTP, the answer is sent when the wait ends", async () => {
        createWidget(10_000);
        const server = createEmulatorServer(e);
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        try {
            const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${OP}:wait?timeout=30s`;
            const answer = fetch(url, { method: "POST", headers: CORE_AUTH }).then((r) => r.json());
            // The request has arrived and waits (logged only once answered).
            while (e.engine.pendingWaits === 0) await turn();
            expect(e.requests().some((r) => r.path.endsWith(":wait"))).toBe(false);
            now += 10_000;
            e.engine.advance();
            expect(await answer).toMatchObject({ done: true });
            expect(e.requests().at(-1)).toMatchObject({ path: `${OP}:wait`, status: 200 });
        } finally {
            server.closeAllConnections();
            await new Promise((resolve) => server.close(resolve));
        }
    });

    test.each([
        ["30s", 30_000],
        ["1.5s", 1_500],
        ["0.000000001s", 0.000001],
        ["0s", 0],
    ])("timeout %s is %d ms", (raw, ms) => {
        expect(parseWaitTimeout(raw)).toBeCloseTo(ms);
    });

    test.each(["30", "s", "1m", "-1s"])("timeout %s is refused", (raw) => {
        expect(() => parseWaitTimeout(raw)).toThrow();
    });
});

describe("quotas of an API's own metrics", () => {
    test("count per project and location, and are set and validated with the others", () => {
        const e = emulator([WIDGETS_API, ML_API], { quotas: { widgetRequestsPerWindow: 2 } });
        expect(e.quotas.get()).toMatchObject({ widgetRequestsPerWindow: 2, requestsPerWindow: 300 });
        const get = (location: string) => call(e, "GET", `/v1/projects/p/locations/${location}/widgets/w`).status;
        expect([get("l1"), get("l1"), get("l1"), get("l2")]).toEqual([404, 404, 429, 404]);
        expect(() => e.quotas.set({ widgetWindowMs: 0 })).toThrow(
            "quota 'widgetWindowMs' must be a non-negative integer >= 1",
        );
        expect(() => e.quotas.set({ nope: 1 })).toThrow(/unknown quota 'nope' \(known: .*widgetRequestsPerWindow/);
        e.quotas.set(quotasOff(WIDGETS_API.quotaMetrics));
        expect([get("l1"), get("l1")]).toEqual([404, 404]);
    });
});

describe("--api", () => {
    test("selects one API or all", async () => {
        expect(selectApis(undefined).map((a) => a.id)).toContain("ml");
        expect(selectApis("ml")).toEqual([ML_API]);
        expect(() => selectApis("nope")).toThrow(/unknown API 'nope' \(choose one of .*ml, .*all\)/);
        expect(parseArgs(["--api", "ml"], {})).toMatchObject({ api: "ml" });
        expect(parseArgs([], { ML_EMULATOR_API: "all" })).toMatchObject({ api: "all" });
        expect(() => parseArgs(["--api", "nope"], {})).toThrow(/--api must be one of .*ml, .*all, got 'nope'/);
        expect(parseArgs(["--wait-cap-ms", "500"], {})).toMatchObject({ waitCapMs: 500 });
        await expect(startEmulator({ api: "nope" })).rejects.toThrow(/unknown API 'nope'/);
    });
});
