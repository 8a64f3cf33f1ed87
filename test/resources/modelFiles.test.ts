// Reading a ModelDeployment's model from disk: scanning it, recognizing it, hashing it, planning its objects.

import * as fs from "node:fs";
// The module object itself (not the namespace copy above), so a spy sees the calls the provider code makes.
import nodeFs = require("node:fs");
import * as os from "node:os";
import * as path from "node:path";
import {
    checkRecognizableModel,
    CONTENT_HASH_LENGTH,
    MAX_MODEL_FILES,
    MLS1_MAX_MODEL_BYTES,
} from "../../provider/plan/ml/modelArtifacts";
import { hashFiles, planModel, planPackage, scanModel } from "../../provider/resources/modelFiles";

const WHO = 'ModelDeployment "t"';
const FIXTURES = path.join(__dirname, "..", "fixtures", "models");
const SAVED_MODEL = path.join(FIXTURES, "savedmodel");
const PACKAGE = path.join(FIXTURES, "packages", "predictor-0.1.tar.gz");

const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), "model-files-"));
afterAll(() => fs.rmSync(tmpRoot, { recursive: true, force: true }));

/** A fresh directory holding `files` (relative path -> content). */
function makeDir(files: Record<string, string | Buffer>): string {
    const dir = fs.mkdtempSync(path.join(tmpRoot, "m-"));
    for (const [rel, content] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
        fs.writeFileSync(path.join(dir, rel), content);
    }
    return dir;
}

const hashOf = (dir: string) => hashFiles(scanModel(dir, WHO).files, WHO);
const mls1 = { machineType: "mls1-c1-m2", known: true };

describe("scanModel", () => {
    test("lists every file of a SavedModel directory, sorted, with '/' paths and sizes", () => {
        const scan = scanModel(SAVED_MODEL, WHO);
        expect(scan.root).toBe(SAVED_MODEL);
        expect(scan.files.map((f) => f.relPath)).toEqual([
            "assets/vocab.txt",
            "saved_model.pb",
            "variables/variables.data-00000-of-00001",
            "variables/variables.index",
        ]);
        expect(scan.files[0]?.absPath).toBe(path.join(SAVED_MODEL, "assets", "vocab.txt"));
        expect(scan.totalBytes).toBe(scan.files.reduce((n, f) => n + fs.statSync(f.absPath).size, 0));
        expect(scan.modelFiles).toEqual(["saved_model.pb"]);
    });

    test("a single model.joblib file uploads alone, its directory being the model folder", () => {
        const file = path.join(FIXTURES, "sklearn", "model.joblib");
        const scan = scanModel(file, WHO);
        expect(scan.root).toBe(path.dirname(file));
        expect(scan.files).toEqual([{ relPath: "model.joblib", absPath: file, size: fs.statSync(file).size }]);
        expect(scan.modelFiles).toEqual(["model.joblib"]);
    });

    test("a relative path resolves against the working directory", () => {
        expect(scanModel(path.relative(process.cwd(), SAVED_MODEL), WHO).path).toBe(SAVED_MODEL);
    });

    test.each([
        ["a missing path", () => path.join(tmpRoot, "nope"), /ModelDeployment "t": model path .*nope does not exist/],
        [
            "an empty directory",
            () => fs.mkdtempSync(path.join(tmpRoot, "empty-")),
            /model directory .*empty-\w+ is empty/,
        ],
        [
            "a directory with only empty subdirectories",
            () => {
                const d = fs.mkdtempSync(path.join(tmpRoot, "hollow-"));
                fs.mkdirSync(path.join(d, "variables", "deeper"), { recursive: true });
                return d;
            },
            /hollow-\w+ is empty/,
        ],
        [
            "a file under another name",
            () => path.join(makeDir({ "clf.joblib": "x" }), "clf.joblib"),
            /clf\.joblib is not named saved_model\.pb.*rename it/,
        ],
    ])("refuses %s, naming the path", (_what, make, message) => {
        expect(() => scanModel(make(), WHO)).toThrow(message);
    });

    test("follows symbolic links to files and refuses a link loop", () => {
        const dir = makeDir({ "real/model.pkl": "p" });
        fs.symlinkSync(path.join(dir, "real", "model.pkl"), path.join(dir, "model.pkl"));
        expect(scanModel(dir, WHO).files.map((f) => f.relPath)).toEqual(["model.pkl", "real/model.pkl"]);
        fs.symlinkSync(dir, path.join(dir, "real", "loop"));
        expect(() => scanModel(dir, WHO)).toThrow(/symbolic-link loop/);
    });

    test("refuses a broken symbolic link", () => {
        const dir = makeDir({ "model.pkl": "p" });
        fs.symlinkSync(path.join(dir, "gone"), path.join(dir, "dangling"));
        expect(() => scanModel(dir, WHO)).toThrow(/dangling is a broken symbolic link/);
    });
});

describe("checkRecognizableModel", () => {
    test.each([
        ["saved_model.pbtxt", undefined],
        ["model.bst", "XGBOOST"],
        ["model.joblib", "XGBOOST"],
        ["model.pkl", "SCIKIT_LEARN"],
        ["saved_model.pb", "TENSORFLOW"],
    ])("accepts %s (framework %s)", (file, framework) => {
        expect(() =>
            checkRecognizableModel(scanModel(makeDir({ [file]: "m", "extra/notes.txt": "n" }), WHO), WHO, framework),
        ).not.toThrow();
    });

    test("refuses a directory with no model at its top", () => {
        const dir = makeDir({ "notes.txt": "n" });
        expect(() => checkRecognizableModel(scanModel(dir, WHO), WHO)).toThrow(
            new RegExp(
                `model directory ${dir} has none of saved_model.pb, .*model.bst at its top, so AI Platform would reject it`,
            ),
        );
    });

    test("points at the subdirectory of a timestamped export", () => {
        const dir = makeDir({ "1487877383942/saved_model.pb": "g", "1487877383942/variables/variables.index": "i" });
        expect(() => checkRecognizableModel(scanModel(dir, WHO), WHO)).toThrow(
            `point modelPath at ${path.join(dir, "1487877383942")} instead`,
        );
    });

    test.each([
        ["TENSORFLOW", "model.joblib"],
        ["SCIKIT_LEARN", "model.bst"],
        ["XGBOOST", "saved_model.pb"],
    ])("refuses framework %s with only %s", (framework, file) => {
        expect(() => checkRecognizableModel(scanModel(makeDir({ [file]: "m" }), WHO), WHO, framework)).toThrow(
            `framework ${framework} loads`,
        );
    });
});

describe("hashFiles", () => {
    const base = {
        "saved_model.pb": "graph",
        "variables/variables.index": "idx",
        "variables/variables.data-00000-of-00001": Buffer.from([0, 1, 2, 3]),
    };

    test("is CONTENT_HASH_LENGTH hex characters and the same for identical content anywhere on disk", () => {
        const a = hashOf(makeDir(base));
        expect(a).toMatch(new RegExp(`^[0-9a-f]{${CONTENT_HASH_LENGTH}}$`));
        expect(hashOf(makeDir(base))).toBe(a);
        // Creation order does not matter.
        expect(hashOf(makeDir(Object.fromEntries(Object.entries(base).reverse())))).toBe(a);
    });

    test.each<[string, Record<string, string | Buffer>]>([
        ["a changed byte", { ...base, "variables/variables.data-00000-of-00001": Buffer.from([0, 1, 2, 4]) }],
        [
            "a renamed file",
            {
                "saved_model.pb": "graph",
                "variables/variables.idx": "idx",
                "variables/variables.data-00000-of-00001": Buffer.from([0, 1, 2, 3]),
            },
        ],
        [
            "a file moved to another directory",
            {
                "saved_model.pb": "graph",
                "vars/variables.index": "idx",
                "variables/variables.data-00000-of-00001": Buffer.from([0, 1, 2, 3]),
            },
        ],
        ["an added empty file", { ...base, "assets/empty": "" }],
        ["a truncated file", { ...base, "saved_model.pb": "grap" }],
    ])("changes with %s", (_what, files) => {
        expect(hashOf(makeDir(files))).not.toBe(hashOf(makeDir(base)));
    });

    test.each<[string, Record<string, string>, Record<string, string>]>([
        ["path/content boundary", { "a.pkl": "bc" }, { "a.pklb": "c" }],
        ["file boundary", { a: "x", b: "y" }, { a: "xb", c: "y" }],
        ["empty file vs none", { a: "", b: "1" }, { b: "1" }],
    ])("frames unambiguously: %s", (_what, left, right) => {
        expect(hashOf(makeDir(left))).not.toBe(hashOf(makeDir(right)));
    });

    test("matches the documented scheme (value computed independently, with Python's hashlib)", () => {
        // sha256("aiplatform-model-files/v1\0" + u64(count) + for each file: u64(len(path)) path u64(size) bytes)[:16]
        expect(hashOf(SAVED_MODEL)).toBe("6cdaeda7fb4df6da");
    });
});

describe("planModel", () => {
    const opts = { prefix: "models/census", limits: mls1, who: WHO };

    test("names objects prefix/hash/relPath and packages prefix/packages/hash/file", () => {
        const plan = planModel({ ...opts, modelPath: SAVED_MODEL, packages: [PACKAGE], framework: "TENSORFLOW" });
        expect(plan.folder).toBe(`models/census/${plan.contentHash}`);
        expect(plan.objects.map((o) => o.objectName)).toEqual(
            plan.scan.files.map((f) => `models/census/${plan.contentHash}/${f.relPath}`),
        );
        expect(plan.objects.map((o) => o.absPath)).toEqual(plan.scan.files.map((f) => f.absPath));
        const pkg = planPackage(PACKAGE, "models/census", WHO);
        expect(plan.packages).toEqual([pkg]);
        expect(pkg.objectName).toBe(`models/census/packages/${pkg.contentHash}/predictor-0.1.tar.gz`);
        expect(pkg.contentHash).not.toBe(plan.contentHash);
    });

    test("refuses 1001 files, after only listing them", () => {
        const dir = makeDir({ "model.joblib": "m" });
        for (let i = 0; i < MAX_MODEL_FILES; i++) {
            fs.writeFileSync(path.join(dir, `f${i}`), "");
        }
        expect(() => planModel({ ...opts, modelPath: dir })).toThrow(`model directory ${dir} holds 1001 files`);
    });

    test("refuses an over-size model without reading it (sparse files)", () => {
        const dir = makeDir({ "model.joblib": "m" });
        fs.truncateSync(path.join(dir, "model.joblib"), MLS1_MAX_MODEL_BYTES + 1);
        // Refusing takes a stat: the file is never opened (hashing it would read 500 MB).
        const opened = jest.spyOn(nodeFs, "openSync");
        const readWhole = jest.spyOn(nodeFs, "readFileSync");
        try {
            expect(() => planModel({ ...opts, modelPath: dir })).toThrow(/accepts at most 500\.0 MB/);
            const inDir = (calls: unknown[][]) => calls.filter(([p]) => String(p).startsWith(dir));
            expect(inDir(opened.mock.calls)).toEqual([]);
            expect(inDir(readWhole.mock.calls)).toEqual([]);
        } finally {
            opened.mockRestore();
            readWhole.mockRestore();
        }
    });

    test("custom prediction routines may ship any artifacts", () => {
        const dir = makeDir({ "preprocessor.pkl": "p", "model.h5": "h" });
        expect(() => planModel({ ...opts, modelPath: dir })).toThrow(/has none of/);
        expect(planModel({ ...opts, modelPath: dir, customRoutine: true }).objects).toHaveLength(2);
    });

    test("refuses two packages with the same file name", () => {
        const other = makeDir({ "predictor-0.1.tar.gz": "other" });
        expect(() =>
            planModel({
                ...opts,
                modelPath: SAVED_MODEL,
                packages: [PACKAGE, path.join(other, "predictor-0.1.tar.gz")],
            }),
        ).toThrow(/share the file name predictor-0\.1\.tar\.gz/);
    });

    test.each([
        [
            "a missing package",
            () => path.join(tmpRoot, "missing-0.1.tar.gz"),
            /package .*missing-0\.1\.tar\.gz does not exist/,
        ],
        [
            "a wheel",
            () => path.join(makeDir({ "p-0.1-py3-none-any.whl": "w" }), "p-0.1-py3-none-any.whl"),
            /is not a \.tar\.gz file/,
        ],
        ["a directory", () => makeDir({ "x.tar.gz/a": "a" }) + "/x.tar.gz", /is not a \.tar\.gz file/],
        [
            "a name with a space",
            () => path.join(makeDir({ "my code.tar.gz": "c" }), "my code.tar.gz"),
            /must use only letters/,
        ],
    ])("planPackage refuses %s", (_what, make, message) => {
        expect(() => planPackage(make(), "p", WHO)).toThrow(message);
    });
});
