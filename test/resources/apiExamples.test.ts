// Every `@example` in the public API's TSDoc compiles as a user's program against the package as published (the
// built declarations under dist/, so `npm run build` first, as every unit test run does): a wrong example fails here.
// And what an editor shows when the user hovers a nested input: the named input type, `pulumi.Input<...>` of the
// plain type, and the property's doc.

import * as fs from "fs";
import * as path from "path";
import {
    type ApiExample,
    examplesIn,
    hoverTexts,
    type ImportedEntry,
    typeCheckExamples,
} from "../../scripts/api-examples";
import { type ApiMember, collectApi, declarationEntryPoints, namespaceOf } from "../../scripts/api-reference";

const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, "../../package.json"), "utf8")) as {
    name: string;
    exports: Record<string, { types?: string } | string>;
};

/** The import specifier of each declaration entry point, from package.json's `exports`. */
function specifierOf(entry: string): string {
    const subpath = Object.entries(manifest.exports).find(
        ([, target]) => typeof target !== "string" && path.posix.normalize(target.types ?? "") === entry,
    )?.[0];
    if (subpath === undefined) throw new Error(`no export of package.json points at ${entry}`);
    return path.posix.join(manifest.name, subpath);
}

let published: ApiMember[];
let imports: ImportedEntry[];
let examples: ApiExample[];
beforeAll(() => {
    published = collectApi(declarationEntryPoints);
    imports = declarationEntryPoints.map((entry) => ({
        specifier: specifierOf(entry),
        names: published.filter((m) => m.entry === entry && m.name === "").map((m) => m.owner),
        namespace: namespaceOf(entry),
    }));
    examples = examplesIn(published);
}, 120_000);

describe("the TSDoc examples", () => {
    test("every class and startEmulator have one, and each imports from the package's public entry points", () => {
        const classes = published.filter((m) => m.name === "" && m.type === "class").map((m) => m.owner);
        expect(classes.sort()).toEqual([
            "Model",
            "ModelDeployment",
            "ModelRollout",
            "Version",
            "vertex.Deployment",
            "vertex.Endpoint",
            "vertex.Model",
            "vertex.ModelVersion",
            "vertex.TrafficSplit",
        ]);
        expect(examples.map((e) => e.owner)).toEqual(expect.arrayContaining([...classes, "startEmulator"]));
        expect(imports.map((i) => i.specifier)).toEqual([
            "pulumi-aiplatform-prediction",
            "pulumi-aiplatform-prediction/artifacts",
            "pulumi-aiplatform-prediction/vertex",
            "pulumi-aiplatform-prediction/vertex/artifacts",
            "pulumi-aiplatform-prediction/emulator",
        ]);
        expect(imports.every((i) => i.names.length > 0)).toBe(true);
    });

    test("each compiles under strict TypeScript against the published declarations", () => {
        expect(typeCheckExamples(examples, imports)).toEqual(examples.map((e) => ({ owner: e.owner, errors: [] })));
    }, 120_000);

    test("a wrong example is reported, naming its owner and the compiler's message", () => {
        const wrong: ApiExample[] = [
            { owner: "WrongType", code: 'new Version("v", { model: "m", autoScaling: { minNodes: "1" } });' },
            { owner: "UnknownProperty", code: 'new Model("m", { region: ["us-central1"] });' },
            { owner: "NotExported", code: 'new Endpointz("e");' },
        ];
        const [wrongType, unknownProperty, notExported] = typeCheckExamples(wrong, imports);
        expect(wrongType.errors.join("\n")).toMatch(/line 1: .*'string' is not assignable to type 'Input<number>/s);
        expect(unknownProperty.errors.join("\n")).toMatch(/'region' does not exist in type 'ModelArgs'/);
        expect(notExported.errors.join("\n")).toMatch(/Cannot find name 'Endpointz'/);
    }, 120_000);
});

describe("hovering a nested input in a user's program", () => {
    const program = [
        'new Version("v", {',
        '    model: "m",',
        '    autoScaling: { minNodes: 1, metrics: [{ name: "CPU_USAGE", target: 60 }] },',
        '    container: { image: "us-central1-docker.pkg.dev/p/r/i:1", env: [{ name: "MODE", value: "fast" }] },',
        '    requestLoggingConfig: { bigqueryTableName: "p.d.t", samplingPercentage: 0.1 },',
        "});",
    ].join("\n");
    let hovers: Record<string, { shows: string; doc: string }>;
    beforeAll(() => {
        const words = [
            "autoScaling",
            "minNodes",
            "metrics",
            "target",
            "container",
            "image",
            "env",
            "samplingPercentage",
        ];
        hovers = Object.fromEntries(hoverTexts(program, imports, words).map((h) => [h.word, h]));
    }, 120_000);

    test.each([
        [
            "autoScaling",
            "(property) VersionArgs.autoScaling?: Input<AutoScalingArgs> | undefined",
            /the server.s default when neither scaling is set/,
        ],
        ["minNodes", "(property) minNodes?: Input<number> | undefined", /Nodes kept running even without traffic/],
        [
            "metrics",
            "(property) metrics?: Input<Input<MetricSpecArgs>[]> | undefined",
            /Target utilisations to scale on/,
        ],
        ["target", "(property) target: Input<number>", /percent, a whole number from 1 to 100/],
        ["container", "(property) VersionArgs.container?: Input<ContainerSpecArgs> | undefined", /custom container/],
        ["image", "(property) image: Input<string>", /REGION-docker\.pkg\.dev/],
        ["env", "(property) env?: Input<Input<EnvVarArgs>[]> | undefined", /Environment variables/],
        ["samplingPercentage", "(property) samplingPercentage?: Input<number> | undefined", /0\.1 = 10%/],
    ])("%s shows its named input type and its doc", (word, shows, doc) => {
        expect(hovers[word].shows).toBe(shows);
        expect(hovers[word].doc).toMatch(doc);
    });
});
