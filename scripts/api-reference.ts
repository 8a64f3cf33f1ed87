// The public API's documentation, read from the TSDoc with the TypeScript compiler API: every export of the entry
// points (provider/index.ts, provider/artifacts.ts, provider/vertex.ts, provider/vertexArtifacts.ts,
// emulator/index.ts), every property of an exported
// interface, class or object type, and every nested object type reachable from them. test/resources/apiDocs.test.ts
// fails on an undocumented member, in the sources and in the built declarations (dist/**/*.d.ts, what a user's editor
// reads: a doc that only the sources carry, e.g. on a zod schema's property behind an inferred type, is lost there),
// and on a docs/reference.md "Reference" section that differs from `renderReference()`. The emulator's entry point has its own
// part of the section, without the Change column; the Vertex AI entry points have theirs, their resources named
// `vertex.X` (as a program imports them: `import * as vertex from "pulumi-aiplatform-prediction/vertex"`).
//
// `npx ts-node scripts/api-reference.ts` prints the section; `--write` replaces it in docs/reference.md.

import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import type { Change, FieldTable } from "../provider/fields/fieldTable";
import { modelFields } from "../provider/fields/ml/modelFields";
import { versionFields } from "../provider/fields/ml/versionFields";
import { deploymentFields } from "../provider/fields/vertex/deploymentFields";
import { endpointFields } from "../provider/fields/vertex/endpointFields";
import { modelVersionFields } from "../provider/fields/vertex/modelVersionFields";
import { registryModelFields } from "../provider/fields/vertex/registryModelFields";
import { trafficSplitFields } from "../provider/fields/vertex/trafficSplitFields";

const root = path.resolve(__dirname, "..");
export const entryPoints = [
    "provider/index.ts",
    "provider/artifacts.ts",
    "provider/vertex.ts",
    "provider/vertexArtifacts.ts",
    "emulator/index.ts",
];
/** The same entry points as published (`npm run build`): what `types` and `exports` in package.json point at. */
export const declarationEntryPoints = [
    "dist/provider/index.d.ts",
    "dist/provider/artifacts.d.ts",
    "dist/provider/vertex.d.ts",
    "dist/provider/vertexArtifacts.d.ts",
    "dist/emulator/index.d.ts",
];
/**
 * The emulator's entry point (sources or declarations): rendered in its own part of the Reference, without the
 * Change column (its members are no Pulumi inputs).
 */
export const isEmulatorEntry = (entry: string) => /(^|\/)emulator\/index\.(d\.)?ts$/.test(entry);

/** The Vertex AI entry points (sources or declarations): rendered in their own part of the Reference. */
export const isVertexEntry = (entry: string) => /(^|\/)provider\/vertex(Artifacts)?\.(d\.)?ts$/.test(entry);

/**
 * The namespace a program imports an entry point under, where its export names repeat another entry point's
 * (`vertex.Model` beside ml v1's `Model`): its members' owners carry it (`vertex.Model`, `vertex.ModelArgs.region`).
 */
export const namespaceOf = (entry: string) => (/(^|\/)provider\/vertex\.(d\.)?ts$/.test(entry) ? "vertex" : undefined);

/** One documented (or undocumented) member of the public API. */
export interface ApiMember {
    /** The entry point (as given to `collectApi`) exporting the owner. */
    entry: string;
    /** `Model`, `VersionArgs`, `AutoScaling.metrics[]`, `vertex.Endpoint`, … */
    owner: string;
    /** Property name; "" for the export itself. */
    name: string;
    /** An optional property (`name?:`). */
    optional: boolean;
    /** The declared type as the editor shows it. */
    type: string;
    /** The TSDoc text; "" when undocumented. */
    doc: string;
    /** The code of each ```ts block in its `@example` tags. */
    examples: string[];
}

function docOf(symbol: ts.Symbol, checker: ts.TypeChecker): string {
    return ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
}

function examplesOf(symbol: ts.Symbol, checker: ts.TypeChecker): string[] {
    return symbol
        .getJsDocTags(checker)
        .filter((tag) => tag.name === "example")
        .flatMap((tag) => [...ts.displayPartsToString(tag.text).matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]));
}

/** Declared in this package (not in @pulumi/pulumi's base classes, zod or the standard library). */
function isOurs(symbol: ts.Symbol): boolean {
    return (symbol.declarations ?? []).some((d) => {
        const file = path.relative(root, d.getSourceFile().fileName);
        return !file.startsWith("..") && !file.split(path.sep).includes("node_modules");
    });
}

/** The object type worth walking inside a property's type: undefined stripped, arrays unwrapped. */
function nestedObject(type: ts.Type, checker: ts.TypeChecker): { type: ts.Type; suffix: string } | undefined {
    const members = type.isUnion() ? type.types : [type];
    const defined = members.filter((t) => !(t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null)));
    if (defined.length !== 1) return undefined;
    const only = defined[0];
    if (checker.isArrayType(only)) {
        const element = checker.getTypeArguments(only as ts.TypeReference)[0];
        const inner = nestedObject(element, checker);
        return inner && { type: inner.type, suffix: "[]" + inner.suffix };
    }
    if (!(only.flags & ts.TypeFlags.Object)) return undefined;
    const props = checker.getPropertiesOfType(only);
    return props.length > 0 && props.every(isOurs) ? { type: only, suffix: "" } : undefined;
}

/**
 * Every public member of `entries` (paths relative to the repository): the exports, their own properties, and
 * nested object types' properties.
 */
export function collectApi(entries: readonly string[] = entryPoints): ApiMember[] {
    const program = ts.createProgram(
        entries.map((e) => path.join(root, e)),
        { ...compilerOptions(), noEmit: true },
    );
    const checker = program.getTypeChecker();
    const members: ApiMember[] = [];
    const show = (type: ts.Type, at: ts.Node | undefined) =>
        checker.typeToString(
            type,
            at,
            ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.UseAliasDefinedOutsideCurrentScope,
        );

    const walkProperties = (entry: string, owner: string, type: ts.Type, seen: Set<string>) => {
        for (const prop of checker.getPropertiesOfType(type)) {
            if (!isOurs(prop)) continue;
            const decl = prop.valueDeclaration ?? prop.declarations?.[0];
            const propType = decl ? checker.getTypeOfSymbolAtLocation(prop, decl) : checker.getTypeOfSymbol(prop);
            const typeText =
                decl && (ts.isPropertySignature(decl) || ts.isPropertyDeclaration(decl)) && decl.type
                    ? decl.type.getText()
                    : show(propType, decl);
            members.push({
                entry,
                owner,
                name: prop.name,
                optional: (prop.flags & ts.SymbolFlags.Optional) !== 0,
                type: typeText,
                doc: docOf(prop, checker),
                examples: examplesOf(prop, checker),
            });
            const nested = nestedObject(propType, checker);
            // A named export is walked under its own name.
            if (nested && exportNames.has((nested.type.aliasSymbol ?? nested.type.getSymbol())?.name ?? "")) continue;
            const nestedOwner = `${owner}.${prop.name}${nested?.suffix ?? ""}`;
            if (nested && !seen.has(nestedOwner)) {
                seen.add(nestedOwner);
                walkProperties(entry, nestedOwner, nested.type, seen);
            }
        }
    };

    const exportsOf = (entry: string) => {
        const source = program.getSourceFile(path.join(root, entry));
        const moduleSymbol = source && checker.getSymbolAtLocation(source);
        if (!moduleSymbol) throw new Error(`cannot read the exports of ${entry}`);
        return checker.getExportsOfModule(moduleSymbol);
    };
    const exportNames = new Set(entries.flatMap((entry) => exportsOf(entry).map((e) => e.name)));
    const seenExports = new Set<string>();
    for (const entry of entries) {
        const namespace = namespaceOf(entry);
        for (const exported of exportsOf(entry)) {
            const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
            const owner = namespace ? `${namespace}.${exported.name}` : exported.name;
            if (seenExports.has(owner)) continue;
            seenExports.add(owner);
            const decl = symbol.declarations?.[0];
            members.push({
                entry,
                owner,
                name: "",
                optional: false,
                type: kindOf(symbol),
                doc: docOf(symbol, checker),
                examples: examplesOf(symbol, checker),
            });
            let type: ts.Type | undefined;
            if (symbol.flags & ts.SymbolFlags.Class) {
                type = checker.getDeclaredTypeOfSymbol(symbol);
            } else if (symbol.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias)) {
                type = checker.getDeclaredTypeOfSymbol(symbol);
            } else if (symbol.flags & ts.SymbolFlags.Variable && decl) {
                type = checker.getTypeOfSymbolAtLocation(symbol, decl);
            }
            if (type && type.flags & ts.TypeFlags.Object) walkProperties(entry, owner, type, new Set());
        }
    }
    return members;
}

/**
 * Emits the declarations of `entries` (paths relative to the repository) into `outDir` (inside the repository, so
 * their members count as ours and their imports resolve), as `npm run build` does; returns the `.d.ts` of each
 * entry, relative to the repository.
 */
export function emitDeclarations(entries: readonly string[], outDir: string): string[] {
    const rootDir = path.dirname(path.join(root, entries[0]));
    const program = ts.createProgram(
        entries.map((e) => path.join(root, e)),
        {
            ...compilerOptions(),
            declaration: true,
            emitDeclarationOnly: true,
            noEmit: false,
            rootDir,
            outDir: path.join(root, outDir),
        },
    );
    const result = program.emit();
    const errors = result.diagnostics.filter((d) => d.category === ts.DiagnosticCategory.Error);
    if (result.emitSkipped || errors.length > 0) {
        throw new Error(ts.formatDiagnostics(errors, ts.createCompilerHost({})));
    }
    return entries.map((e) => path.join(outDir, path.relative(rootDir, path.join(root, e)).replace(/\.ts$/, ".d.ts")));
}

function compilerOptions(): ts.CompilerOptions {
    const config = ts.readConfigFile(path.join(root, "tsconfig.json"), (f) => ts.sys.readFile(f));
    return ts.parseJsonConfigFileContent(config.config, ts.sys, root).options;
}

function kindOf(symbol: ts.Symbol): string {
    if (symbol.flags & ts.SymbolFlags.Class) return "class";
    if (symbol.flags & ts.SymbolFlags.Interface) return "interface";
    if (symbol.flags & ts.SymbolFlags.TypeAlias) return "type";
    if (symbol.flags & ts.SymbolFlags.Function) return "function";
    return "const";
}

/** Members without TSDoc, as `Owner.name` (or `Owner` for an export). */
export function undocumented(members: readonly ApiMember[]): string[] {
    return members.filter((m) => m.doc === "").map((m) => (m.name ? `${m.owner}.${m.name}` : m.owner));
}

// ---- rendering ------------------------------------------------------------------------------------------

function changeText(change: Change): string {
    switch (change.kind) {
        case "replace":
            return "replace";
        case "patch":
            return change.patchableWhen ? "patch (N1) / replace" : "patch";
        case "control":
            return "no API call";
    }
}

/** What a change of `field` (or of `field.part`) does, from the resource's field table. */
function changeOf(table: FieldTable, field: string, part?: string): string {
    const entry = table[field];
    if (!entry) return "";
    if (entry.role === "output") return "output";
    const change = entry.change;
    if (change.kind !== "parts") return changeText(change);
    if (part !== undefined) {
        const partChange = (change.parts as Record<string, Change | undefined>)[part];
        return partChange ? changeText(partChange) : "";
    }
    return Object.entries(change.parts)
        .map(([p, c]) => `${p}: ${changeText(c)}`)
        .join("; ");
}

/** Each resource (and its arguments) with its field table; a resource with nested types is walked for them. */
const resourceTables: Record<string, FieldTable> = {
    Model: modelFields,
    Version: versionFields,
    "vertex.Endpoint": endpointFields,
    "vertex.Model": registryModelFields,
    "vertex.ModelVersion": modelVersionFields,
    "vertex.Deployment": deploymentFields,
    "vertex.TrafficSplit": trafficSplitFields,
};

const tables: Record<string, FieldTable> = {
    ...resourceTables,
    ...Object.fromEntries(Object.entries(resourceTables).map(([owner, table]) => [`${owner}Args`, table])),
    ModelDeploymentVersionArgs: versionFields,
    ModelRolloutVersionArgs: modelVersionFields,
    ModelRolloutDeploymentArgs: deploymentFields,
};

/**
 * Where a nested type sits: the resource's field table, the field it belongs to, and the part of that field it sits
 * under, if any.
 */
interface NestedPlace {
    table: FieldTable;
    field: string;
    part?: string;
}

/** An owner's name without its namespace and property path (`vertex.Container.env[]` → `vertex.Container`). */
function topOwner(owner: string): { top: string; rest: string[] } {
    const namespaced = owner.startsWith("vertex.");
    const [top, ...rest] = (namespaced ? owner.slice("vertex.".length) : owner).split(".");
    return { top: namespaced ? `vertex.${top}` : top, rest };
}

/**
 * The nested types under each resource's fields, found by walking the declared types from the resource's properties
 * (so a new nested type needs no entry here). A type reached through a property of a field's type sits under that
 * part (`MetricSpec` under `autoScaling.metrics`). A type met under two resources keeps the first place.
 */
export function nestedPlaces(members: readonly ApiMember[]): Map<string, NestedPlace> {
    const owners = new Set(members.filter((m) => m.name === "").map((m) => m.owner));
    const propertiesOf = (owner: string) => members.filter((m) => m.owner === owner && m.name !== "");
    const typesIn = (typeText: string, namespace: string) =>
        (typeText.match(/\b[A-Z]\w*/g) ?? []).map((name) => namespace + name).filter((name) => owners.has(name));
    const places = new Map<string, NestedPlace>();
    for (const [resource, table] of Object.entries(resourceTables)) {
        const namespace = resource.startsWith("vertex.") ? "vertex." : "";
        const visit = (type: string, place: NestedPlace) => {
            if (places.has(type)) return;
            places.set(type, place);
            for (const p of propertiesOf(type)) {
                for (const inner of typesIn(p.type, namespace)) visit(inner, { ...place, part: place.part ?? p.name });
            }
        };
        for (const p of propertiesOf(resource)) {
            for (const type of typesIn(p.type, namespace)) visit(type, { table, field: p.name });
        }
    }
    return places;
}

export function changeColumn(member: ApiMember, places: ReadonlyMap<string, NestedPlace>): string {
    const { top, rest } = topOwner(member.owner);
    const table = tables[top];
    if (table && rest.length === 0) return changeOf(table, member.name);
    const nested = places.get(top);
    if (!nested) return "";
    const part = nested.part ?? (rest.length === 0 ? member.name : undefined);
    const change = changeOf(nested.table, nested.field, part);
    // A field without parts changes one way whatever the part; an unlisted part falls back to the whole field.
    return change || changeOf(nested.table, nested.field);
}

/**
 * Exports whose properties are another export's (the README names that one instead of repeating its table): the
 * deployment's Version arguments, and the input form `XArgs` of each nested type `X`.
 */
const summarised = (owner: string, owners: ReadonlySet<string>) =>
    ["ModelDeploymentVersionArgs", "ModelRolloutVersionArgs", "ModelRolloutDeploymentArgs"].includes(owner) ||
    (owner.endsWith("Args") && owners.has(owner.slice(0, -"Args".length)));

const cell = (text: string) =>
    text
        .replace(/\{@link (\w+)\s*\}/g, "`$1`")
        .replace(/\s*\n\s*/g, " ")
        .replace(/\|/g, "\\|")
        .trim();

/** An export's line under its heading: its kind and the first paragraph of its TSDoc (no examples). */
const summaryOf = (head: ApiMember) => `${head.type}. ${cell(head.doc.split(/\n\s*\n|@example/)[0])}`;

/** A property's name cell; `?` marks an optional one. */
const propertyCell = (p: ApiMember) => `\`${p.optional ? `${p.name}?` : p.name}\``;

export const referenceStart = "<!-- api-reference:start (generated by scripts/api-reference.ts --write) -->";
export const referenceEnd = "<!-- api-reference:end -->";

/** The "Reference" section of docs/reference.md: one table per export with properties, from the TSDoc and the field tables. */
export function renderReference(all: readonly ApiMember[] = collectApi()): string {
    const lines: string[] = [referenceStart, "## Reference", ""];
    lines.push(
        "Generated from the TSDoc (what an editor shows on hover). _Change_: what a change of the property does, from",
        "the field tables: `patch` (one `PATCH ?updateMask=…`), `replace` (a new resource), `no API call`, `output`.",
        "A `?` after a property's name marks it optional.",
        "",
    );
    const members = all.filter((m) => !isEmulatorEntry(m.entry));
    const places = nestedPlaces(members);
    lines.push(
        ...renderOwners(
            members.filter((m) => !isVertexEntry(m.entry)),
            members,
            places,
            "###",
        ),
    );
    const vertex = members.filter((m) => isVertexEntry(m.entry));
    if (vertex.length > 0) {
        lines.push(
            "### Vertex AI (`pulumi-aiplatform-prediction/vertex`, `pulumi-aiplatform-prediction/vertex/artifacts`)",
            "",
            'The resources as a program names them after `import * as vertex from "pulumi-aiplatform-prediction/vertex"`;',
            "`ModelRollout` and its arguments come from `pulumi-aiplatform-prediction/vertex/artifacts`.",
            "",
            ...renderOwners(vertex, members, places, "####"),
        );
    }
    lines.push(...renderEmulatorReference(all.filter((m) => isEmulatorEntry(m.entry))), referenceEnd);
    return lines.join("\n");
}

/** One table per export of `shown` with properties; `all` holds the exports its summaries and outputs refer to. */
function renderOwners(
    shown: readonly ApiMember[],
    all: readonly ApiMember[],
    places: ReadonlyMap<string, NestedPlace>,
    heading: string,
): string[] {
    const lines: string[] = [];
    const owners = [...new Set(shown.map((m) => m.owner))];
    const nestedTypes = new Set(all.filter((m) => m.name === "" && m.type !== "class").map((m) => m.owner));
    const propertiesOf = (owner: string) => all.filter((m) => m.owner === owner && m.name !== "");
    for (const owner of owners) {
        const head = all.find((m) => m.owner === owner && m.name === "");
        // A resource's outputs repeat its Args (same names, same change rules): list only the outputs of its own.
        const argsNames = new Set(head?.type === "class" ? propertiesOf(`${owner}Args`).map((m) => m.name) : []);
        const props = summarised(owner, nestedTypes) ? [] : propertiesOf(owner).filter((m) => !argsNames.has(m.name));
        lines.push(`${heading} \`${owner}\``, "");
        if (head) lines.push(summaryOf(head), "");
        if (argsNames.size > 0) lines.push(`Outputs: every \`${owner}Args\` property, and:`, "");
        if (props.length === 0) continue;
        lines.push("| Property | Type | Change | Description |", "|---|---|---|---|");
        for (const p of props) {
            lines.push(`| ${propertyCell(p)} | \`${cell(p.type)}\` | ${changeColumn(p, places)} | ${cell(p.doc)} |`);
        }
        lines.push("");
    }
    return lines;
}

/**
 * The emulator's part of the Reference: one table per export, without a Change column. Nested objects (a
 * `Partial<QuotaLimits>` option, the properties of `GOOGLE_QUOTAS`) repeat a named export's table and are left out.
 */
function renderEmulatorReference(members: readonly ApiMember[]): string[] {
    if (members.length === 0) return [];
    const lines = [
        "### The emulator (`pulumi-aiplatform-prediction/emulator`)",
        "",
        "`startEmulator` and its types, for your own tests (see [The local emulator](../README.md#the-local-emulator)).",
        "",
    ];
    for (const head of members.filter((m) => m.name === "")) {
        lines.push(`#### \`${head.owner}\``, "", summaryOf(head), "");
        if (head.type === "const") continue;
        const props = members.filter((m) => m.owner === head.owner && m.name !== "");
        if (props.length === 0) continue;
        lines.push("| Property | Type | Description |", "|---|---|---|");
        for (const p of props) {
            lines.push(`| ${propertyCell(p)} | \`${cell(p.type)}\` | ${cell(p.doc)} |`);
        }
        lines.push("");
    }
    return lines;
}

/** The section as it stands in docs/reference.md, markers included; undefined without markers. */
export function readmeReference(readme: string): string | undefined {
    const start = readme.indexOf(referenceStart);
    const end = readme.indexOf(referenceEnd);
    return start < 0 || end < 0 ? undefined : readme.slice(start, end + referenceEnd.length);
}

if (require.main === module) {
    const rendered = renderReference();
    if (process.argv.includes("--write")) {
        const readmePath = path.join(root, "docs", "reference.md");
        const readme = fs.readFileSync(readmePath, "utf8");
        const current = readmeReference(readme);
        fs.writeFileSync(
            readmePath,
            current === undefined ? `${readme.trimEnd()}\n\n${rendered}\n` : readme.replace(current, rendered),
        );
    } else {
        process.stdout.write(rendered + "\n");
    }
}
