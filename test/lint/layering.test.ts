// The layering lint (eslint.config.mjs) catches a planted violation of each boundary, and lets the allowed imports
// through. The planted files never touch the disk: each is linted from memory under a path in the layer it violates,
// with the repository's own configuration (its layering rule only), in one child process (ESLint loads its flat
// config as an ES module, which jest's CommonJS runtime cannot).

import { execFileSync } from "node:child_process";
import * as path from "node:path";

const repoRoot = path.join(__dirname, "..", "..");

interface Planted {
    readonly filePath: string;
    readonly code: string;
}

const LINT_FROM_MEMORY = `
const { ESLint } = await import("eslint");
const planted = JSON.parse(process.argv[1]);
// The repository's configuration, with only the layering rule run and without type information (a planted file is
// not in the TypeScript project; the import restrictions need no types).
const eslint = new ESLint({
    cwd: process.cwd(),
    overrideConfig: [{ languageOptions: { parserOptions: { projectService: false, project: null } } }],
    ruleFilter: ({ ruleId }) => ruleId === "@typescript-eslint/no-restricted-imports",
});
const out = [];
for (const { filePath, code } of planted) {
    const [result] = await eslint.lintText(code, { filePath });
    out.push(result.messages.map((m) => ({ rule: m.ruleId, message: m.message })));
}
process.stdout.write(JSON.stringify(out));
`;

function lintPlanted(planted: readonly Planted[]): { rule: string | null; message: string }[][] {
    const stdout = execFileSync(
        process.execPath,
        ["--input-type=module", "-e", LINT_FROM_MEMORY, JSON.stringify(planted)],
        {
            cwd: repoRoot,
            encoding: "utf8",
            maxBuffer: 16 * 1024 * 1024,
        },
    );
    return JSON.parse(stdout) as { rule: string | null; message: string }[][];
}

const violations: [string, Planted, string][] = [
    [
        "fields importing the host",
        {
            filePath: "provider/fields/planted.ts",
            code: 'import { readSettings } from "../host/settings";\nexport const x = readSettings;\n',
        },
        "provider/fields is the bottom layer",
    ],
    [
        "fields importing plan",
        {
            filePath: "provider/fields/planted.ts",
            code: 'import { planDiff } from "../plan/diffPlan";\nexport const x = planDiff;\n',
        },
        "provider/fields is the bottom layer",
    ],
    [
        "plan importing resources",
        {
            filePath: "provider/plan/planted.ts",
            code: 'import { Model } from "../resources/model";\nexport const x = Model;\n',
        },
        "provider/plan is pure",
    ],
    [
        "plan reading the file system",
        {
            filePath: "provider/plan/planted.ts",
            code: 'import * as fs from "node:fs";\nexport const x = fs.readFileSync;\n',
        },
        "provider/plan is pure: no I/O",
    ],
    [
        "fields reading the file system",
        {
            filePath: "provider/fields/planted.ts",
            code: 'import { readFileSync } from "fs";\nexport const x = readFileSync;\n',
        },
        "provider/fields is pure: no I/O",
    ],
    [
        "a resource importing the host at run time",
        {
            filePath: "provider/resources/planted.ts",
            code: 'import { readSettings } from "../host/settings";\nexport const x = readSettings;\n',
        },
        "module name only",
    ],
    [
        "the emulator importing the provider",
        {
            filePath: "emulator/core/planted.ts",
            code: 'import { sameValue } from "../../provider/fields/values";\nexport const x = sameValue;\n',
        },
        "never imports the provider",
    ],
    [
        "bench importing a test helper",
        {
            filePath: "bench/planted.ts",
            code: 'import { FakeClock } from "../test/helpers/fakeClock";\nexport const x = FakeClock;\n',
        },
        "import no test code",
    ],
    [
        "a script importing a test helper",
        {
            filePath: "scripts/planted.ts",
            code: 'import { FakeClock } from "../test/helpers/fakeClock";\nexport const x = FakeClock;\n',
        },
        "import no test code",
    ],
    [
        "the shared core importing ml v1 code",
        {
            filePath: "provider/host/planted.ts",
            code: 'import { MlApi } from "./ml/mlApi";\nexport const x = MlApi;\n',
        },
        "the shared core imports neither API's folder",
    ],
    [
        "the shared fields importing a Vertex table",
        {
            filePath: "provider/fields/planted.ts",
            code: 'import { endpointFields } from "./vertex/endpointFields";\nexport const x = endpointFields;\n',
        },
        "the shared core imports neither API's folder",
    ],
    [
        "ml v1 code importing Vertex AI code",
        {
            filePath: "provider/host/ml/planted.ts",
            code: 'import { VertexApi } from "../vertex/vertexApi";\nexport const x = VertexApi;\n',
        },
        "ml v1 code does not import Vertex AI code",
    ],
    [
        "Vertex AI code importing ml v1 code",
        {
            filePath: "provider/plan/vertex/planted.ts",
            code: 'import { planModel } from "../ml/modelArtifacts";\nexport const x = planModel;\n',
        },
        "Vertex AI code does not import ml v1 code",
    ],
];

const allowed: [string, Planted][] = [
    [
        "Vertex AI code importing the shared core",
        {
            filePath: "provider/host/vertex/planted.ts",
            code: 'import { MlApiClient } from "../apiClient";\nexport const x = MlApiClient;\n',
        },
    ],
    [
        "the host's entry gathering both APIs",
        {
            filePath: "provider/host/index.ts",
            code: 'import { MlApi } from "./ml/mlApi";\nimport { VertexApi } from "./vertex/vertexApi";\nexport const x = [MlApi, VertexApi];\n',
        },
    ],
    [
        "a resource importing a host type (erased)",
        {
            filePath: "provider/resources/planted.ts",
            code: 'import type { ProviderKind } from "../host";\nexport type X = ProviderKind;\n',
        },
    ],
    [
        "plan importing fields",
        {
            filePath: "provider/plan/planted.ts",
            code: 'import { sameValue } from "../fields/values";\nexport const x = sameValue;\n',
        },
    ],
    [
        "plan using path (string operations, no I/O)",
        {
            filePath: "provider/plan/planted.ts",
            code: 'import * as path from "node:path";\nexport const x = path.posix.join;\n',
        },
    ],
    [
        "a test importing a test helper",
        {
            filePath: "test/planted.test.ts",
            code: 'import { FakeClock } from "./helpers/fakeClock";\nexport const x = FakeClock;\n',
        },
    ],
];

// One child process for every case: loading the typed configuration is what takes the time.
let results: { rule: string | null; message: string }[][] = [];
beforeAll(() => {
    results = lintPlanted([...violations.map(([, planted]) => planted), ...allowed.map(([, planted]) => planted)]);
}, 300_000);

test.each(violations.map(([label, , message], i) => [label, message, i] as const))(
    "reports %s",
    (_label, message, i) => {
        expect(results[i]).toEqual([
            expect.objectContaining({
                rule: "@typescript-eslint/no-restricted-imports",
                message: expect.stringContaining(message),
            }),
        ]);
    },
);

test.each(allowed.map(([label], i) => [label, violations.length + i] as const))("allows %s", (_label, i) => {
    expect(results[i]).toEqual([]);
});
