// "Adding a field is one row": measured. The test adds a nested Version field (`autoScaling.maxUnavailable`) to the
// sources in memory, one place at a time, and lets the compiler name every other place that must change. The
// provider derives the rest (types, input forms, diff rules, masks, create body, read-back, reference docs); the
// emulator is independent on purpose (it is the oracle), so its own rule is the one place the compiler cannot name:
// the differential tests (test/host/differential.test.ts) catch a provider field the emulator refuses.

import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";

const ROOT = path.resolve(__dirname, "../..");
const SHAPES = path.join(ROOT, "provider/fields/ml/versionShapes.ts");
const TABLE = path.join(ROOT, "provider/fields/ml/versionFields.ts");
// What a program and the provider compile from: the package's entry points and the reference generator.
const ROOTS = ["provider/index.ts", "provider/host/index.ts", "scripts/api-reference.ts"].map((f) =>
    path.join(ROOT, f),
);

type Edit = (text: string) => string;

function replaceOnce(text: string, from: string, to: string): string {
    expect(text.split(from)).toHaveLength(2); // the anchor exists exactly once
    return text.replace(from, to);
}

/** The schema: a new optional key of autoScaling, the one edit a developer starts from. */
const schema: [string, Edit] = [
    SHAPES,
    (text) =>
        replaceOnce(
            text,
            'maxNodes: positiveInt("maxNodes")',
            'maxUnavailable: positiveInt("maxUnavailable").optional(),\n    maxNodes: positiveInt("maxNodes")',
        ),
];
/** The documented type beside it (what an editor shows; the published .d.ts keeps its TSDoc). */
const documentedType: [string, Edit] = [
    SHAPES,
    (text) =>
        replaceOnce(
            text,
            "    maxNodes?: number;\n",
            "    maxNodes?: number;\n    /** Nodes down at once. */\n    maxUnavailable?: number;\n",
        ),
];
/** Its change class in the table's row. */
const tableRow: [string, Edit] = [
    TABLE,
    (text) =>
        replaceOnce(text, "maxNodes: replace(), metrics", "maxNodes: replace(), maxUnavailable: replace(), metrics"),
];

const options: ts.CompilerOptions = (() => {
    const config = ts.readConfigFile(path.join(ROOT, "tsconfig.json"), (file) => ts.sys.readFile(file));
    return ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT).options;
})();
let previous: ts.Program | undefined;

/** Each file the compiler reports errors in, with their messages, with `edits` applied in memory (the repository is not touched). */
function errorsWith(edits: readonly [string, Edit][]): Record<string, string> {
    const host = ts.createCompilerHost(options);
    const readSource = host.getSourceFile.bind(host);
    host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
        const own = edits.filter(([file]) => path.resolve(fileName) === file);
        if (own.length === 0) return readSource(fileName, languageVersion, onError, shouldCreate);
        const text = own.reduce((t, [, edit]) => edit(t), fs.readFileSync(fileName, "utf8"));
        return ts.createSourceFile(fileName, text, languageVersion, true);
    };
    const program = ts.createProgram({ rootNames: ROOTS, options, host, oldProgram: previous });
    previous = program;
    const errors: Record<string, string> = {};
    for (const d of ts.getPreEmitDiagnostics(program)) {
        const file = d.file ? path.relative(ROOT, d.file.fileName) : "(global)";
        errors[file] = `${errors[file] ?? ""}${ts.flattenDiagnosticMessageText(d.messageText, " ")}\n`;
    }
    return errors;
}

// Two compilations (about 20 s on a quiet machine, most of it the first): the CI's own tsc run proves the
// unedited sources compile.
describe("adding a nested Version field: the compiler names each place, and there are three", () => {
    test("the schema alone: the compiler names the documented type (SameType) and the table row (every key classified)", () => {
        const errors = errorsWith([schema]);
        expect(Object.keys(errors).sort()).toEqual([
            "provider/fields/ml/versionFields.ts",
            "provider/fields/ml/versionShapes.ts",
        ]);
        expect(errors["provider/fields/ml/versionShapes.ts"]).toMatch(/maxUnavailable/);
        expect(errors["provider/fields/ml/versionFields.ts"]).toMatch(/maxUnavailable/);
    }, 300_000);

    test("schema, documented type and table row: everything else derives (input forms, Args, outputs, docs)", () => {
        expect(errorsWith([schema, documentedType, tableRow])).toEqual({});
    }, 300_000);
});
