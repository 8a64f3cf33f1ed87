// The emulator CLI (emulator/main.ts): argument parsing and the real process lifecycle.

import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs, usage } from "../../emulator/main";
import { AUTH, callApi, spawnEmulator } from "../helpers/emulatorProcess";

/** The CLI's Vertex operation durations (emulator/main.ts): three seconds for a deploy, one for the others. */
const VERTEX_CLI_DURATIONS = {
    vertexCreateEndpoint: 1000,
    vertexDeleteEndpoint: 1000,
    vertexDeployModel: 3000,
    vertexUndeployModel: 1000,
    vertexMutateDeployedModel: 1000,
    vertexUploadModel: 1000,
    vertexDeleteModel: 1000,
    vertexDeleteVersion: 1000,
};

jest.setTimeout(60000);

describe("parseArgs", () => {
    test("defaults: 127.0.0.1, random port, CLI durations of a few seconds", () => {
        expect(parseArgs([], {})).toEqual({
            host: "127.0.0.1",
            port: 0,
            durations: {
                createVersion: 3000,
                updateVersion: 1000,
                deleteVersion: 1000,
                updateModel: 1000,
                deleteModel: 1000,
                ...VERTEX_CLI_DURATIONS,
            },
        });
    });

    // Regression: `--api vertex` passed ml's operation durations to a core serving Vertex only, which refused them
    // at start ("unknown duration kind 'createVersion'").
    test.each<[string, string[]]>([
        ["vertex", Object.keys(VERTEX_CLI_DURATIONS)],
        ["ml", ["createVersion", "updateVersion", "deleteVersion", "updateModel", "deleteModel"]],
    ])("--api %s: the durations of that API's operations only", (api, kinds) => {
        const opts = parseArgs(["--api", api], {});
        if (opts === "help") throw new Error("parsed as --help");
        expect(opts.api).toBe(api);
        expect(Object.keys(opts.durations ?? {}).sort()).toEqual([...kinds].sort());
    });

    test("flags (both --k v and --k=v) override env, env overrides defaults", () => {
        const opts = parseArgs(
            ["--port", "8080", "--create-ms=5", "--state-file", "/tmp/s.json", "--delete-model-ms", "7"],
            {
                ML_EMULATOR_PORT: "9999",
                ML_EMULATOR_UPDATE_MS: "42",
                ML_EMULATOR_PROJECT_NUMBER: "111",
            },
        );
        expect(opts).toEqual({
            host: "127.0.0.1",
            port: 8080,
            stateFile: "/tmp/s.json",
            projectNumber: "111",
            durations: {
                createVersion: 5,
                updateVersion: 42,
                deleteVersion: 1000,
                updateModel: 1000,
                deleteModel: 7,
                ...VERTEX_CLI_DURATIONS,
            },
        });
    });

    test.each([
        [["--host", "0.0.0.0"], /loopback/],
        [["--port", "abc"], /non-negative integer/],
        [["--create-ms", "-1"], /non-negative integer/],
        [["--bogus", "1"], /unknown argument/],
        [["--port"], /needs a value/],
        [["extra"], /unknown argument 'extra'/],
    ])("rejects %j", (argv, message) => {
        expect(() => parseArgs(argv, {})).toThrow(message);
    });

    test.each([[["--help"]], [["-h"]], [["--port", "1", "--help"]]])("%j asks for the help", (argv) => {
        expect(parseArgs(argv, {})).toBe("help");
    });

    test("the help names the command a user runs: the package's bin, not a source file", () => {
        const manifest = JSON.parse(readFileSync(join(__dirname, "../../package.json"), "utf8")) as {
            bin: Record<string, string>;
        };
        expect(usage().split("\n")[0]).toBe(`usage: ${Object.keys(manifest.bin)[0]} [options]`);
        expect(Object.values(manifest.bin)).toEqual(["dist/emulator/main.js"]);
    });

    test("the help names every option and its environment variable", () => {
        const text = usage();
        for (const flag of ["port", "host", "state-file", "project-number", "create-ms", "delete-model-ms"]) {
            const env = `ML_EMULATOR_${flag.toUpperCase().replace(/-/g, "_")}`;
            expect(text).toMatch(new RegExp(`--${flag} .*\\(env ${env}\\)`));
        }
    });
});

describe("CLI process", () => {
    test("prints the banner, serves the API, persists state and stops on SIGTERM/SIGINT", async () => {
        const dir = mkdtempSync(join(tmpdir(), "mlemu-cli-"));
        const stateFile = join(dir, "state.json");
        try {
            const env = { ...process.env, ML_EMULATOR_CREATE_MS: "0" };
            const p = await spawnEmulator(["--port", "0", "--state-file", stateFile], env);
            expect(p.output()).toMatch(/^ml v1 emulator listening on http:\/\/127\.0\.0\.1:\d+\n/);
            expect((await callApi(p.url, "GET", "/__emulator/healthz", undefined, {})).body).toEqual({ status: "ok" });
            const created = await callApi(p.url, "POST", "/v1/projects/demo/models", { name: "m1" }, AUTH);
            expect(created.status).toBe(200);
            const durations = (await callApi(p.url, "GET", "/__emulator/durations", undefined, {})).body;
            expect(durations).toEqual({
                createVersion: 0,
                updateVersion: 1000,
                deleteVersion: 1000,
                updateModel: 1000,
                deleteModel: 1000,
                ...VERTEX_CLI_DURATIONS,
            });
            expect(await p.stop("SIGTERM")).toBe(0);
            expect(JSON.parse(readFileSync(stateFile, "utf8")).namespaces.global.models[0].name).toBe(
                "projects/demo/models/m1",
            );

            const again = await spawnEmulator(["--state-file", stateFile], env);
            expect((await callApi(again.url, "GET", "/v1/projects/demo/models/m1", undefined, AUTH)).status).toBe(200);
            expect(await again.stop("SIGINT")).toBe(0);
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });
});
