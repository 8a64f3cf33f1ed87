// CLI: node -r ts-node/register/transpile-only emulator/main.ts [--port N] [--host 127.0.0.1]
//      [--state-file F] [--create-ms N] [--update-ms N] [--delete-ms N] [--update-model-ms N]
//      [--delete-model-ms N] [--project-number N]
// Every flag also has an environment variable (ML_EMULATOR_PORT, ML_EMULATOR_CREATE_MS, ...).

import { startEmulator } from "./index";
import type { EmulatorOptions, OperationDurations } from "./types";

/** CLI defaults are slow enough to watch a version go CREATING -> READY; the library default is 0. */
const CLI_DEFAULT_DURATIONS: OperationDurations = {
    createVersion: 3000,
    updateVersion: 1000,
    deleteVersion: 1000,
    updateModel: 1000,
    deleteModel: 1000,
};

const DURATION_FLAGS: Record<string, keyof OperationDurations> = {
    "create-ms": "createVersion",
    "update-ms": "updateVersion",
    "delete-ms": "deleteVersion",
    "update-model-ms": "updateModel",
    "delete-model-ms": "deleteModel",
};

const OTHER_FLAGS = ["port", "host", "state-file", "project-number"];

function envName(flag: string): string {
    return `ML_EMULATOR_${flag.toUpperCase().replace(/-/g, "_")}`;
}

function usage(): string {
    const flags = [...OTHER_FLAGS, ...Object.keys(DURATION_FLAGS)].map((f) => `  --${f} <value>   (env ${envName(f)})`);
    return `usage: emulator/main.ts [options]\n${flags.join("\n")}`;
}

export function parseArgs(argv: string[], env: NodeJS.ProcessEnv): EmulatorOptions {
    const values = new Map<string, string>();
    for (const flag of [...OTHER_FLAGS, ...Object.keys(DURATION_FLAGS)]) {
        const v = env[envName(flag)];
        if (v !== undefined && v !== "") values.set(flag, v);
    }
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i] as string;
        if (arg === "--help" || arg === "-h") {
            console.log(usage());
            process.exit(0);
        }
        const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
        const flag = m?.[1];
        if (!m || flag === undefined || (!OTHER_FLAGS.includes(flag) && !(flag in DURATION_FLAGS))) {
            throw new Error(`unknown argument '${arg}'\n${usage()}`);
        }
        const value = m[2] ?? argv[++i];
        if (value === undefined) throw new Error(`--${flag} needs a value`);
        values.set(flag, value);
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
    const opts: EmulatorOptions = { host, port: number("port") ?? 0, durations };
    const stateFile = values.get("state-file");
    if (stateFile) opts.stateFile = stateFile;
    const projectNumber = values.get("project-number");
    if (projectNumber) opts.projectNumber = projectNumber;
    return opts;
}

async function main(): Promise<void> {
    const opts = parseArgs(process.argv.slice(2), process.env);
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
