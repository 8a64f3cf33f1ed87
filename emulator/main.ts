#!/usr/bin/env node
// CLI: `aiplatform-ml-emulator [options]` (the package's bin; from a clone `npm run emulator --`); `--help` lists the options.
// Every option also has an environment variable (ML_EMULATOR_PORT, ML_EMULATOR_CREATE_MS, ...); a flag wins over it.

import { parseArgs as parseCommandLine } from "node:util";
import { ALL_APIS, API_CHOICES, selectApis } from "./apis";
import { startEmulator } from "./index";
import { DEFAULT_WAIT_CAP_MS } from "./core/operations";
import { quotaLimitDefs } from "./core/quotas";
import type { EmulatorOptions, OperationDurations } from "./types";

/** CLI defaults are slow enough to watch a version go CREATING -> READY; the library default is 0. */
const CLI_DEFAULT_DURATIONS: OperationDurations = {
    createVersion: 3000,
    updateVersion: 1000,
    deleteVersion: 1000,
    updateModel: 1000,
    deleteModel: 1000,
    vertexCreateEndpoint: 1000,
    vertexDeleteEndpoint: 1000,
    vertexDeployModel: 3000,
    vertexUndeployModel: 1000,
    vertexMutateDeployedModel: 1000,
    vertexUploadModel: 1000,
    vertexDeleteModel: 1000,
    vertexDeleteVersion: 1000,
};

const DURATION_FLAGS: Record<string, keyof OperationDurations> = {
    "create-ms": "createVersion",
    "update-ms": "updateVersion",
    "delete-ms": "deleteVersion",
    "update-model-ms": "updateModel",
    "delete-model-ms": "deleteModel",
    "vertex-create-endpoint-ms": "vertexCreateEndpoint",
    "vertex-delete-endpoint-ms": "vertexDeleteEndpoint",
    "vertex-deploy-ms": "vertexDeployModel",
    "vertex-undeploy-ms": "vertexUndeployModel",
    "vertex-mutate-ms": "vertexMutateDeployedModel",
    "vertex-upload-ms": "vertexUploadModel",
    "vertex-delete-model-ms": "vertexDeleteModel",
    "vertex-delete-version-ms": "vertexDeleteVersion",
};

/** Quota options, from every API's quota metrics: Google's numbers by default (BEHAVIOUR.md "Quotas"). */
const QUOTA_LIMITS = quotaLimitDefs(ALL_APIS.flatMap((api) => api.quotaMetrics));
const QUOTA_FLAGS: Record<string, string> = Object.fromEntries(
    Object.entries(QUOTA_LIMITS).map(([key, def]) => [def.flag, key]),
);

/** The command a user runs (package.json's `bin`; `npm run emulator` in a clone runs the same file). */
const COMMAND = "aiplatform-ml-emulator";

/** Every option taking a value, with the line `--help` prints for it. */
const VALUE_FLAGS: Record<string, string> = {
    port: "TCP port to listen on (default 0: a free port)",
    host: "loopback address to bind (default 127.0.0.1)",
    "state-file":
        "state snapshot loaded on start; every change is journaled next to it (FILE.journal.N), compacted on exit",
    "project-number": "metadata.projectNumber of operations (default: derived from the project id)",
    "storage-url":
        "Cloud Storage JSON API (e.g. fake-gcs-server, http://127.0.0.1:4443) that versions.create checks model files in",
    "create-ms": "duration of a version create operation (default 3000)",
    "update-ms": "duration of a version update operation (default 1000)",
    "delete-ms": "duration of a version delete operation (default 1000)",
    "update-model-ms": "duration of a model update operation (default 1000)",
    "delete-model-ms": "duration of a model delete operation (default 1000)",
    "vertex-create-endpoint-ms": "duration of a Vertex endpoint create operation (default 1000)",
    "vertex-delete-endpoint-ms": "duration of a Vertex endpoint delete operation (default 1000)",
    "vertex-deploy-ms": "duration of a Vertex deployModel operation (default 3000)",
    "vertex-undeploy-ms": "duration of a Vertex undeployModel operation (default 1000)",
    "vertex-mutate-ms": "duration of a Vertex mutateDeployedModel operation (default 1000)",
    "vertex-upload-ms": "duration of a Vertex models.upload operation (default 1000)",
    "vertex-delete-model-ms": "duration of a Vertex model delete operation (default 1000)",
    "vertex-delete-version-ms": "duration of a Vertex model version delete operation (default 1000)",
    ...Object.fromEntries(
        Object.values(QUOTA_LIMITS).map((def) => [
            def.flag,
            `${def.help} (default ${def.default}${def.min === 0 ? "; 0 = off" : ""})`,
        ]),
    ),
    api: `which API to serve: ${API_CHOICES.join(", ")} (default all, on one port)`,
    "wait-cap-ms": `longest an operations.wait waits, whatever its timeout (default ${DEFAULT_WAIT_CAP_MS})`,
};

function envName(flag: string): string {
    return `ML_EMULATOR_${flag.toUpperCase().replace(/-/g, "_")}`;
}

export function usage(): string {
    const width = Math.max(...Object.keys(VALUE_FLAGS).map((f) => f.length));
    const lines = Object.entries(VALUE_FLAGS).map(
        ([flag, text]) => `  --${flag.padEnd(width)} <value>  ${text} (env ${envName(flag)})`,
    );
    return [`usage: ${COMMAND} [options]`, ...lines, `  --${"help".padEnd(width)}          print this help`].join("\n");
}

/** The options from the command line over the environment, or "help" when --help/-h was given. */
export function parseArgs(argv: string[], env: NodeJS.ProcessEnv): EmulatorOptions | "help" {
    const values = new Map<string, string>();
    for (const flag of Object.keys(VALUE_FLAGS)) {
        const v = env[envName(flag)];
        if (v !== undefined && v !== "") values.set(flag, v);
    }
    // Non-strict with tokens: the messages stay ours, and `--create-ms -1` reads -1 as the value (strict mode
    // would call it ambiguous) so that it is reported as a negative number.
    const { tokens } = parseCommandLine({
        args: argv,
        options: {
            help: { type: "boolean", short: "h" },
            ...Object.fromEntries(Object.keys(VALUE_FLAGS).map((flag) => [flag, { type: "string" as const }])),
        },
        strict: false,
        allowPositionals: true,
        tokens: true,
    });
    for (const token of tokens) {
        if (token.kind === "option-terminator") continue;
        if (token.kind === "positional") throw new Error(`unknown argument '${token.value}'\n${usage()}`);
        if (token.name === "help") return "help";
        if (!(token.name in VALUE_FLAGS)) throw new Error(`unknown argument '${token.rawName}'\n${usage()}`);
        if (token.value === undefined) throw new Error(`--${token.name} needs a value`);
        values.set(token.name, token.value);
    }

    const number = (flag: string): number | undefined => {
        const v = values.get(flag);
        if (v === undefined) return undefined;
        const n = Number(v);
        if (!Number.isInteger(n) || n < 0) throw new Error(`--${flag} must be a non-negative integer, got '${v}'`);
        return n;
    };

    const host = values.get("host") ?? "127.0.0.1";
    // The emulator accepts any bearer token: never expose it beyond the loopback interface.
    if (!/^(127\.\d+\.\d+\.\d+|::1|localhost)$/.test(host))
        throw new Error(`--host must be a loopback address, got '${host}'`);

    const durations: OperationDurations = { ...CLI_DEFAULT_DURATIONS };
    for (const [flag, key] of Object.entries(DURATION_FLAGS)) {
        const n = number(flag);
        if (n !== undefined) durations[key] = n;
    }
    const quotas: Record<string, number> = {};
    for (const [flag, key] of Object.entries(QUOTA_FLAGS)) {
        const n = number(flag);
        const min = QUOTA_LIMITS[key]?.min ?? 0;
        if (n !== undefined && n < min) throw new Error(`--${flag} must be at least ${min}`);
        if (n !== undefined) quotas[key] = n;
    }
    const api = values.get("api");
    if (api !== undefined && !API_CHOICES.includes(api))
        throw new Error(`--api must be one of ${API_CHOICES.join(", ")}, got '${api}'`);
    // Only the served APIs' operation kinds: one API alone refuses the other's durations (`--api vertex` did).
    const served = new Set(selectApis(api).flatMap((a) => Object.keys(a.durations)));
    const opts: EmulatorOptions = {
        host,
        port: number("port") ?? 0,
        durations: Object.fromEntries(Object.entries(durations).filter(([key]) => served.has(key))),
    };
    if (api !== undefined) opts.api = api;
    if (Object.keys(quotas).length > 0) opts.quotas = quotas;
    const waitCapMs = number("wait-cap-ms");
    if (waitCapMs !== undefined) opts.waitCapMs = waitCapMs;
    const stateFile = values.get("state-file");
    if (stateFile) opts.stateFile = stateFile;
    const projectNumber = values.get("project-number");
    if (projectNumber) opts.projectNumber = projectNumber;
    const storageUrl = values.get("storage-url");
    if (storageUrl) {
        const url = new URL(storageUrl); // throws "Invalid URL" on nonsense, before anything starts
        if (!/^(127\.\d+\.\d+\.\d+|\[::1\]|localhost)$/.test(url.hostname))
            throw new Error(`--storage-url must point at a local Cloud Storage emulator, got '${storageUrl}'`);
        opts.storageUrl = storageUrl;
    }
    return opts;
}

async function main(): Promise<void> {
    const opts = parseArgs(process.argv.slice(2), process.env);
    if (opts === "help") {
        console.log(usage());
        return;
    }
    const handle = await startEmulator(opts);
    console.log(`ml v1 emulator listening on ${handle.url}`);
    const shutdown = (signal: string): void => {
        console.log(`ml v1 emulator: ${signal}, stopping`);
        handle.stop().then(
            () => process.exit(0),
            (e: unknown) => {
                console.error(e);
                process.exit(1);
            },
        );
    };
    process.once("SIGINT", () => shutdown("SIGINT"));
    process.once("SIGTERM", () => shutdown("SIGTERM"));
}

if (require.main === module) {
    main().catch((e: unknown) => {
        console.error(e instanceof Error ? e.message : e);
        process.exit(2);
    });
}
