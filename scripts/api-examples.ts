// The `@example` blocks of the public API's TSDoc, type-checked as a user's program would be: each ```ts block
// becomes a module that imports every export of the package by name, as published (`pulumi-aiplatform-prediction` and
// `pulumi-aiplatform-prediction/artifacts`, resolved through package.json to the built declarations in dist/), and
// must compile under strict TypeScript. test/resources/apiExamples.test.ts runs it, so a wrong example fails
// `npm test`.

import * as path from "path";
import * as ts from "typescript";
import type { ApiMember } from "./api-reference";

const root = path.resolve(__dirname, "..");

/** One example: the export (or `Export.member`) whose TSDoc holds it, and its code. */
export interface ApiExample {
    owner: string;
    code: string;
}

/** Every ```ts block of every `@example` tag, in the order the walk met them. */
export function examplesIn(members: readonly ApiMember[]): ApiExample[] {
    return members.flatMap((m) =>
        m.examples.map((code) => ({ owner: m.name ? `${m.owner}.${m.name}` : m.owner, code })),
    );
}

/** The package's entry points as a user imports them, with the names each exports. */
export interface ImportedEntry {
    specifier: string;
    names: readonly string[];
}

/**
 * Type-checks each example as its own module after `imports`; returns, per example, the compiler's messages
 * (empty when it compiles). The modules are virtual files inside the repository, so the package name resolves
 * through node_modules to this package's manifest and built declarations.
 */
export function typeCheckExamples(
    examples: readonly ApiExample[],
    imports: readonly ImportedEntry[],
): { owner: string; errors: string[] }[] {
    const header = imports.map((i) => `import { ${i.names.join(", ")} } from "${i.specifier}";`).join("\n");
    const files = new Map(
        examples.map((e, i) => [
            path.join(root, ".cache", "examples", `example${i}.ts`),
            `${header}\n${e.code}\nexport {};\n`,
        ]),
    );
    const options: ts.CompilerOptions = {
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.CommonJS,
        moduleResolution: ts.ModuleResolutionKind.Node10,
        strict: true,
        esModuleInterop: true,
        skipLibCheck: true,
        noEmit: true,
        types: ["node"],
    };
    const host = ts.createCompilerHost(options);
    const { fileExists, readFile, getSourceFile } = host;
    host.fileExists = (f) => files.has(f) || fileExists.call(host, f);
    host.readFile = (f) => files.get(f) ?? readFile.call(host, f);
    host.getSourceFile = (f, language, onError, create) => {
        const text = files.get(f);
        return text === undefined
            ? getSourceFile.call(host, f, language, onError, create)
            : ts.createSourceFile(f, text, language);
    };
    const program = ts.createProgram([...files.keys()], options, host);
    const format = (d: ts.Diagnostic) => {
        const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
        const line = where ? `line ${where.line + 1 - header.split("\n").length}: ` : "";
        return line + ts.flattenDiagnosticMessageText(d.messageText, "\n");
    };
    return examples.map((e, i) => {
        const file = program.getSourceFile([...files.keys()][i])!;
        const diagnostics = [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)];
        return { owner: e.owner, errors: diagnostics.map(format) };
    });
}
