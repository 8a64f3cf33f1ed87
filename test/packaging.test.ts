// What `npm pack` publishes: the manifest a user installs, every file it points at, source maps that resolve
// inside the package, and nothing from tests, fixtures, examples or local state. Needs `npm run build` first
// (as every unit test run does).

import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { RUNTIME_MODULE } from "../provider/resources/serializedProvider";

const repoRoot = path.resolve(__dirname, "..");

interface PackManifest {
    private?: boolean;
    main: string;
    types: string;
    bin: Record<string, string>;
    exports: Record<string, string | { types: string; default: string }>;
    typesVersions: Record<string, Record<string, string[]>>;
    dependencies: Record<string, string>;
    devDependencies: Record<string, string>;
    peerDependencies: Record<string, string>;
    peerDependenciesMeta: Record<string, { optional?: boolean }>;
}

const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")) as PackManifest;

/** The exact file list `npm pack` would publish (no build: --ignore-scripts). */
function packedFiles(): string[] {
    const out = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
        cwd: repoRoot,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
    });
    const [pack] = JSON.parse(out) as { files: { path: string }[] }[];
    return pack.files.map((f) => f.path).sort();
}

const files = packedFiles();
const fileSet = new Set(files);

/** `./dist/x.js` -> `dist/x.js` */
const rel = (p: string) => path.posix.normalize(p.replace(/^\.\//, ""));

describe("package manifest", () => {
    test("is publishable", () => {
        expect(manifest.private).toBeUndefined();
    });

    test("@pulumi/pulumi is a peer dependency (one copy in the user's program), and a dev dependency here", () => {
        expect(manifest.dependencies["@pulumi/pulumi"]).toBeUndefined();
        expect(manifest.peerDependencies["@pulumi/pulumi"]).toBe(`^${manifest.devDependencies["@pulumi/pulumi"]}`);
    });

    test("@pulumi/gcp is an optional peer dependency, needed only by the artifacts entry points", () => {
        expect(manifest.dependencies["@pulumi/gcp"]).toBeUndefined();
        expect(manifest.peerDependenciesMeta["@pulumi/gcp"]?.optional).toBe(true);
        expect(manifest.devDependencies["@pulumi/gcp"]).toBeDefined();
        // The main entry point's compiled code never loads @pulumi/gcp, directly or through its imports.
        const seen = new Set<string>();
        const visit = (file: string): void => {
            if (seen.has(file)) return;
            seen.add(file);
            const code = fs.readFileSync(file, "utf8");
            expect(code).not.toMatch(/require\("@pulumi\/gcp/);
            for (const m of code.matchAll(/require\("(\.{1,2}\/[^"]+)"\)/g)) {
                const target = path.resolve(path.dirname(file), m[1]);
                visit(fs.existsSync(`${target}.js`) ? `${target}.js` : path.join(target, "index.js"));
            }
        };
        visit(path.join(repoRoot, manifest.main));
        // Nor does the Vertex AI entry point (its component has an artifacts entry point of its own).
        visit(path.join(repoRoot, "dist/provider/vertex.js"));
        expect(seen.size).toBeGreaterThan(3);
        expect(fs.readFileSync(path.join(repoRoot, "dist/provider/artifacts.js"), "utf8")).toMatch(/modelDeployment/);
        expect(fs.readFileSync(path.join(repoRoot, "dist/provider/vertexArtifacts.js"), "utf8")).toMatch(
            /modelRollout/,
        );
    });

    test.each(Object.entries(manifest.exports))("export %s points at packed files", (_subpath, target) => {
        const targets = typeof target === "string" ? [target] : [target.types, target.default];
        for (const t of targets) {
            expect(fileSet).toContain(rel(t));
        }
    });

    test("subpath types resolve under the classic `moduleResolution: node` too (typesVersions mirrors exports)", () => {
        for (const [subpath, [target]] of Object.entries(manifest.typesVersions["*"])) {
            expect(fileSet).toContain(target);
            expect(manifest.exports[`./${subpath}`]).toMatchObject({ types: `./${target}` });
        }
    });

    test("the serialized provider's runtime module is an export (it is required by name from state)", () => {
        const subpath = `.${RUNTIME_MODULE.slice("pulumi-aiplatform-prediction".length)}`;
        expect(manifest.exports[subpath]).toBeDefined();
    });

    test("main and types are packed and match the '.' export", () => {
        expect(fileSet).toContain(manifest.main);
        expect(fileSet).toContain(manifest.types);
        expect(manifest.exports["."]).toEqual({ types: `./${manifest.types}`, default: `./${manifest.main}` });
    });

    test("the emulator has a bin with a node shebang", () => {
        const bin = manifest.bin["aiplatform-ml-emulator"];
        expect(bin).toBe("dist/emulator/main.js");
        expect(fileSet).toContain(bin);
        expect(fs.readFileSync(path.join(repoRoot, bin), "utf8").split("\n")[0]).toBe("#!/usr/bin/env node");
    });
});

describe("npm pack contents", () => {
    test("holds no tests, fixtures, examples, benchmarks, scripts or local state", () => {
        const forbidden = files.filter(
            (f) =>
                /^(test|examples|bench|scripts|\.state|\.cache|\.ci|node_modules)\//.test(f) ||
                /\.test\.|fixtures/.test(f),
        );
        expect(forbidden).toEqual([]);
    });

    test("holds the compiled provider and emulator with declarations", () => {
        expect(files).toEqual(expect.arrayContaining(["dist/provider/index.js", "dist/provider/index.d.ts"]));
        expect(files.filter((f) => f.startsWith("dist/emulator/") && f.endsWith(".js")).length).toBeGreaterThan(10);
    });

    test("every source map (JavaScript and declaration) resolves to a packed source file", () => {
        const maps = files.filter((f) => f.endsWith(".map"));
        expect(maps.length).toBeGreaterThan(20);
        const unresolved: string[] = [];
        for (const map of maps) {
            const { sources, sourceRoot } = JSON.parse(fs.readFileSync(path.join(repoRoot, map), "utf8")) as {
                sources: string[];
                sourceRoot?: string;
            };
            for (const source of sources) {
                const resolved = path.posix.join(path.posix.dirname(map), sourceRoot ?? "", source);
                if (!fileSet.has(resolved)) unresolved.push(`${map} -> ${resolved}`);
            }
        }
        expect(unresolved).toEqual([]);
    });

    test("every compiled file has its declaration, and both have their maps", () => {
        const missing = files
            .filter((f) => f.startsWith("dist/") && f.endsWith(".js"))
            .flatMap((js) => [`${js}.map`, js.replace(/\.js$/, ".d.ts"), js.replace(/\.js$/, ".d.ts.map")])
            .filter((f) => !fileSet.has(f));
        expect(missing).toEqual([]);
    });
});
