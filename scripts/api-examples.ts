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

/**
 * The package's entry points as a user imports them: by name, or whole under a namespace
 * (`import * as vertex from "pulumi-aiplatform-prediction/vertex"`) where its names repeat another entry point's.
 */
export interface ImportedEntry {
    specifier: string;
    names: readonly string[];
    namespace?: string;
}

/** Compiler options of a user's program (strict, CommonJS, Node resolution through package.json). */
const userOptions: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    strict: true,
    esModuleInterop: true,
    skipLibCheck: true,
    noEmit: true,
    types: ["node"],
};

/**
 * Each code as a module after an import of every name of `imports`: virtual files inside the repository, so the
 * package name resolves through node_modules to this package's manifest and built declarations.
 */
function userModules(codes: readonly string[], imports: readonly ImportedEntry[]) {
    const header = imports
        .map((i) =>
            i.namespace
                ? `import * as ${i.namespace} from "${i.specifier}";`
                : `import { ${i.names.join(", ")} } from "${i.specifier}";`,
        )
        .join("\n");
    const files = new Map(
        codes.map((code, i) => [
            path.join(root, ".cache", "examples", `example${i}.ts`),
            `${header}\n${code}\nexport {};\n`,
        ]),
    );
    return { files, headerLines: header.split("\n").length, names: [...files.keys()] };
}

/** Type-checks each example as its own module; returns, per example, the compiler's messages (empty: it compiles). */
export function typeCheckExamples(
    examples: readonly ApiExample[],
    imports: readonly ImportedEntry[],
): { owner: string; errors: string[] }[] {
    const { files, headerLines, names } = userModules(
        examples.map((e) => e.code),
        imports,
    );
    const host = ts.createCompilerHost(userOptions);
    const fileExists = host.fileExists.bind(host);
    const readFile = host.readFile.bind(host);
    const getSourceFile = host.getSourceFile.bind(host);
    host.fileExists = (f) => files.has(f) || fileExists(f);
    host.readFile = (f) => files.get(f) ?? readFile(f);
    host.getSourceFile = (f, language, onError, create) => {
        const text = files.get(f);
        return text === undefined
            ? getSourceFile(f, language, onError, create)
            : ts.createSourceFile(f, text, language);
    };
    const program = ts.createProgram(names, userOptions, host);
    const format = (d: ts.Diagnostic) => {
        const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
        const line = where ? `line ${where.line + 1 - headerLines}: ` : "";
        return line + ts.flattenDiagnosticMessageText(d.messageText, "\n");
    };
    return examples.map((e, i) => {
        const file = program.getSourceFile(names[i])!;
        const diagnostics = [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)];
        return { owner: e.owner, errors: diagnostics.map(format) };
    });
}

/**
 * What an editor shows on hover over each of `words` (its first occurrence) in `code`, a user's module importing
 * `imports`: the quick info's signature line and its documentation, from the TypeScript language service.
 */
export function hoverTexts(
    code: string,
    imports: readonly ImportedEntry[],
    words: readonly string[],
): { word: string; shows: string; doc: string }[] {
    const { files, names } = userModules([code], imports);
    const host: ts.LanguageServiceHost = {
        getScriptFileNames: () => names,
        getScriptVersion: () => "1",
        getScriptSnapshot: (f) => {
            const text = files.get(f) ?? ts.sys.readFile(f);
            return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
        },
        getCurrentDirectory: () => root,
        getCompilationSettings: () => userOptions,
        getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
        fileExists: (f) => files.has(f) || ts.sys.fileExists(f),
        readFile: (f) => files.get(f) ?? ts.sys.readFile(f),
        readDirectory: (...args) => ts.sys.readDirectory(...args),
        directoryExists: (directory) => ts.sys.directoryExists(directory),
        getDirectories: (directory) => ts.sys.getDirectories(directory),
    };
    const service = ts.createLanguageService(host);
    const text = files.get(names[0])!;
    const bodyStart = text.indexOf(code);
    return words.map((word) => {
        const at = text.indexOf(word, bodyStart);
        const info = at < 0 ? undefined : service.getQuickInfoAtPosition(names[0], at);
        return {
            word,
            shows: info ? ts.displayPartsToString(info.displayParts) : "",
            doc: info ? ts.displayPartsToString(info.documentation) : "",
        };
    });
}
