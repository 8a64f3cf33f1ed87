// Typed linting (typescript-eslint) of every TypeScript file the compiler checks, scripts/ included: the
// recommended type-checked set, plus the layering of the folders (which folder may import which). Run by
// scripts/test-all.sh (npm test) and `npm run lint`; test/lint/layering.test.ts plants violations and checks each
// is reported.
import tseslint from "typescript-eslint";

const typescriptFiles = ["**/*.ts"];

/**
 * The layers, as import restrictions (regular expressions over the import specifier). A rule with
 * `allowTypeImports` still lets a type through: types are erased, so they load nothing at run time.
 */
const host = { regex: "(^|/)host(/|$)", message: "the host is reached by module name only (serializedProvider.ts)" };
/** Each API (ml v1, Vertex AI) has its own subfolder over a shared core; imports flow from an API to the core only. */
const sharedCore = {
    regex: "(^|/)(ml|vertex)(/|$)",
    message: "the shared core imports neither API's folder (ml/, vertex/): they build on it",
};
const notVertex = {
    regex: "(^|/)vertex(/|$)",
    message: "ml v1 code does not import Vertex AI code (share it through the core)",
};
const notMl = {
    regex: "(^|/)ml(/|$)",
    message: "Vertex AI code does not import ml v1 code (share it through the core)",
};
/** Files that gather both APIs on purpose: the provider host's entry, and the wire names of every table's internal fields. */
const gatherers = ["provider/host/index.ts", "provider/fields/wireNames.ts"];

/** A layer's restrictions, split by API folder: the shared files, ml/ and vertex/, each with its direction rule. */
const perApi = (folder, patterns) => [
    { files: [`${folder}/*.ts`], ignores: gatherers, patterns: [...patterns, sharedCore] },
    { files: [`${folder}/ml/**/*.ts`], patterns: [...patterns, notVertex] },
    { files: [`${folder}/vertex/**/*.ts`], patterns: [...patterns, notMl] },
];

const fieldsLayer = [
    {
        regex: "(^|/)(plan|host|resources)(/|$)",
        message: "provider/fields is the bottom layer: it imports no other provider folder",
    },
    { regex: "^@pulumi/", message: "provider/fields is pure: no Pulumi SDK" },
    { regex: "^(node:)?(fs|child_process|net|http|https)(/|$)", message: "provider/fields is pure: no I/O" },
];
const planLayer = [
    { regex: "(^|/)(host|resources)(/|$)", message: "provider/plan is pure: it imports provider/fields only" },
    { regex: "^@pulumi/", message: "provider/plan is pure: no Pulumi SDK" },
    { regex: "^(node:)?(fs|child_process|net|http|https)(/|$)", message: "provider/plan is pure: no I/O" },
];

const layers = [
    // Pure knowledge of the fields: nothing that plans, runs or is imported by programs.
    ...perApi("provider/fields", fieldsLayer),
    { files: gatherers.filter((f) => f.startsWith("provider/fields")), patterns: fieldsLayer },
    // Pure planning from the fields.
    ...perApi("provider/plan", planLayer),
    // What runs in the provider process.
    ...perApi("provider/host", []),
    {
        // What a program imports: the host runs in the provider process and is loaded by module name, never bundled.
        files: ["provider/resources/**/*.ts", "provider/index.ts", "provider/artifacts.ts"],
        patterns: [{ ...host, allowTypeImports: true }],
    },
    {
        // The emulator is the oracle: it must not share code (or mistakes) with what it judges.
        files: ["emulator/**/*.ts"],
        patterns: [
            { regex: "(^|/)provider(/|$)", message: "the emulator never imports the provider (it is the oracle)" },
        ],
    },
    {
        // Benchmarks, scripts and the shared harness run outside jest: test helpers are for tests.
        files: ["bench/**/*.ts", "scripts/**/*.ts", "harness/**/*.ts"],
        patterns: [
            {
                regex: "(^|/)test(/|$)",
                message: "bench, scripts and harness import no test code (shared set-up lives in harness/)",
            },
        ],
    },
];

export default [
    { ignores: ["dist/**", "**/node_modules/**", ".state/**", ".cache/**", "**/*.js", "**/*.mjs"] },
    ...tseslint.configs.recommendedTypeChecked.map((config) => ({ ...config, files: typescriptFiles })),
    {
        files: typescriptFiles,
        languageOptions: {
            parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
        },
        linterOptions: { reportUnusedDisableDirectives: "error" },
        rules: {
            // Type-only imports are erased: the serialized provider and the emulator never load a module for a type.
            "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
            // Off: Pulumi's provider interface and the fakes of it are async by contract; an async method without
            // await is how a synchronous check/diff returns its promise (and turns a throw into a rejection).
            "@typescript-eslint/require-await": "off",
            // A named Args interface that only extends its DeepInput form exists for its name and its TSDoc.
            "@typescript-eslint/no-empty-object-type": ["error", { allowInterfaces: "with-single-extends" }],
            // `_`-prefixed names and rest siblings (`const { name: _drawn, ...rest }`) are how a key is dropped.
            "@typescript-eslint/no-unused-vars": [
                "error",
                { argsIgnorePattern: "^_", varsIgnorePattern: "^_", ignoreRestSiblings: true },
            ],
        },
    },
    {
        files: ["test/**/*.ts"],
        rules: {
            // Off in tests: they read JSON bodies (`res.json()`, `JSON.parse`, the engine's outputs), typed `any`, and
            // assert on them with expect, which checks the shape at run time; typing each body would restate the
            // emulator's types in every test.
            "@typescript-eslint/no-unsafe-member-access": "off",
            "@typescript-eslint/no-unsafe-assignment": "off",
            "@typescript-eslint/no-unsafe-return": "off",
            "@typescript-eslint/no-unsafe-call": "off",
            "@typescript-eslint/no-unsafe-argument": "off",
            // Off in tests: they load code the way Pulumi does (require-from-string) and spy on CommonJS module
            // objects (`import fs = require("node:fs")`), which an ES import would copy.
            "@typescript-eslint/no-require-imports": "off",
            // Off in tests: failure messages print values the Pulumi SDK types as `{}`/`unknown` (engine outputs).
            "@typescript-eslint/no-base-to-string": "off",
            "@typescript-eslint/restrict-template-expressions": "off",
        },
    },
    {
        // The shim's whole point is a require by module name at call time (see its header): any is what require
        // returns, narrowed there to the provider interface.
        files: ["provider/resources/serializedProvider.ts"],
        rules: {
            "@typescript-eslint/no-require-imports": "off",
            "@typescript-eslint/no-unsafe-assignment": "off",
        },
    },
    ...layers.map(({ files, ignores, patterns }) => ({
        files,
        ...(ignores && { ignores }),
        rules: { "@typescript-eslint/no-restricted-imports": ["error", { patterns }] },
    })),
];
