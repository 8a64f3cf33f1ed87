// Reading a ModelDeployment's model files from disk: finding them, checking them against the API's limits
// (plan/ml/modelArtifacts.ts), hashing them and naming their Cloud Storage objects. Synchronous on purpose: the
// component runs it in its constructor, so a model the API would reject fails `pulumi preview` before anything is
// uploaded.

import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import {
    CONTENT_HASH_LENGTH,
    checkModelLimits,
    checkObjectName,
    checkRecognizableModel,
    isModelFileName,
    MODEL_FILE_NAMES,
    type MachineTypeForLimits,
    type ModelFile,
    modelFolder,
    type ModelScan,
    type PlannedObject,
    type PlannedPackage,
} from "../plan/ml/modelArtifacts";

/** Code-point order, the same on every platform and locale, so the hash never depends on where it runs. */
const byRelPath = (a: { relPath: string }, b: { relPath: string }) =>
    a.relPath < b.relPath ? -1 : a.relPath > b.relPath ? 1 : 0;

/**
 * Lists the files of a model: a single `model.joblib` / `model.pkl` / `model.bst` / `saved_model.pb` file, or every
 * file below a directory (symbolic links followed). Only stats files, so it is cheap even for a 10 GB model;
 * hashing comes after the limits pass. `who` prefixes error messages (e.g. `ModelDeployment "census"`).
 * `singleFileChecked`: the caller has checked a single file's name itself (Vertex AI's containers load other names).
 */
export function scanModel(localPath: string, who: string, singleFileChecked = false): ModelScan {
    const abs = path.resolve(localPath);
    let stat: fs.Stats;
    try {
        stat = fs.statSync(abs);
    } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "ENOENT") {
            throw new Error(`${who}: model path ${abs} cannot be read (${(e as Error).message})`);
        }
        throw new Error(
            `${who}: model path ${abs} does not exist; set modelPath to a SavedModel directory, a model.joblib / model.pkl / model.bst file, or a directory holding one`,
        );
    }
    if (stat.isFile()) {
        const name = path.basename(abs);
        if (!singleFileChecked && !isModelFileName(name)) {
            throw new Error(
                `${who}: model file ${abs} is not named ${MODEL_FILE_NAMES.join(", ")}; AI Platform only loads those names, so rename it (e.g. to model.joblib) or point modelPath at its directory`,
            );
        }
        return {
            path: abs,
            root: path.dirname(abs),
            files: [{ relPath: name, absPath: abs, size: stat.size }],
            totalBytes: stat.size,
            modelFiles: isModelFileName(name) ? [name] : [],
        };
    }
    if (!stat.isDirectory()) {
        throw new Error(`${who}: model path ${abs} is neither a file nor a directory`);
    }
    const files: ModelFile[] = [];
    walk(abs, "", new Set([fs.realpathSync(abs)]), files, who);
    if (files.length === 0) {
        throw new Error(`${who}: model directory ${abs} is empty (no files below it); export the model into it first`);
    }
    files.sort(byRelPath);
    const modelFiles = files.map((f) => f.relPath).filter(isModelFileName);
    return { path: abs, root: abs, files, totalBytes: files.reduce((sum, f) => sum + f.size, 0), modelFiles };
}

function walk(dir: string, rel: string, seen: Set<string>, out: ModelFile[], who: string): void {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const absPath = path.join(dir, entry.name);
        const relPath = rel ? `${rel}/${entry.name}` : entry.name;
        // Dirent types don't follow symbolic links; stat does.
        const stat = entry.isSymbolicLink() ? statOrThrow(absPath, who) : undefined;
        if (entry.isDirectory() || stat?.isDirectory()) {
            const real = fs.realpathSync(absPath);
            if (seen.has(real)) {
                throw new Error(
                    `${who}: ${absPath} links back to one of its parent directories (a symbolic-link loop); remove the link`,
                );
            }
            walk(absPath, relPath, new Set([...seen, real]), out, who);
        } else if (entry.isFile() || stat?.isFile()) {
            out.push({ relPath, absPath, size: (stat ?? fs.statSync(absPath)).size });
        } else {
            throw new Error(
                `${who}: ${absPath} is not a regular file (socket, FIFO or device); remove it from the model directory`,
            );
        }
    }
}

function statOrThrow(p: string, who: string): fs.Stats {
    try {
        return fs.statSync(p);
    } catch {
        throw new Error(`${who}: ${p} is a broken symbolic link; remove it or fix its target`);
    }
}

const HASH_SCHEME = "aiplatform-model-files/v1\0";
const CHUNK_BYTES = 1024 * 1024;

function u64(n: number): Buffer {
    const b = Buffer.alloc(8);
    b.writeBigUInt64BE(BigInt(n));
    return b;
}

/**
 * sha256 over a scheme tag, then for each file in relPath order: the UTF-8 length and bytes of its relPath, its
 * size, and its bytes, lengths as 8-byte big-endian. Every field is length-prefixed, so no two different file sets
 * frame into the same stream. Truncated to CONTENT_HASH_LENGTH hex characters. Reads in chunks, so large models
 * never sit in memory whole.
 */
export function hashFiles(files: readonly ModelFile[], who: string): string {
    const hash = createHash("sha256").update(HASH_SCHEME).update(u64(files.length));
    const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    for (const file of [...files].sort(byRelPath)) {
        const name = Buffer.from(file.relPath, "utf8");
        const fd = fs.openSync(file.absPath, "r");
        try {
            const size = fs.fstatSync(fd).size;
            hash.update(u64(name.length)).update(name).update(u64(size));
            let read = 0;
            for (let n; (n = fs.readSync(fd, chunk, 0, CHUNK_BYTES, null)) > 0;) {
                hash.update(chunk.subarray(0, n));
                read += n;
            }
            if (read !== size || size !== file.size) {
                throw new Error(
                    `${who}: ${file.absPath} changed while it was being read; run again once the model export has finished`,
                );
            }
        } finally {
            fs.closeSync(fd);
        }
    }
    return hash.digest("hex").slice(0, CONTENT_HASH_LENGTH);
}

/** Checks a custom-code package and names its object `prefix/packages/<hash>/<file name>`. */
export function planPackage(localPath: string, prefix: string, who: string): PlannedPackage {
    const absPath = path.resolve(localPath);
    let stat: fs.Stats;
    try {
        stat = fs.statSync(absPath);
    } catch {
        throw new Error(
            `${who}: package ${absPath} does not exist; build it first (e.g. python setup.py sdist) and list the .tar.gz file`,
        );
    }
    const base = path.basename(absPath);
    if (!stat.isFile() || !base.endsWith(".tar.gz")) {
        throw new Error(
            `${who}: package ${absPath} is not a .tar.gz file; packageUris take source distributions such as dist/my_code-0.1.tar.gz`,
        );
    }
    if (!/^[A-Za-z0-9._+-]+$/.test(base)) {
        throw new Error(
            `${who}: package file name ${JSON.stringify(base)} must use only letters, digits, ".", "_", "+" and "-"; rename it`,
        );
    }
    const contentHash = hashFiles([{ relPath: base, absPath, size: stat.size }], who);
    const objectName = `${prefix ? `${prefix}/` : ""}packages/${contentHash}/${base}`;
    checkObjectName(objectName, absPath, who);
    return { absPath, objectName, relPath: base, contentHash };
}

export interface ModelPlanOptions {
    /** Local model path (see scanModel). */
    modelPath: string;
    /** Already normalized (normalizePrefix). */
    prefix: string;
    packages?: readonly string[];
    limits: MachineTypeForLimits;
    /** A plain framework string to match against the files; undefined skips the check. */
    framework?: string;
    /** Custom prediction routine: any artifacts go. */
    customRoutine?: boolean;
    /** The caller checks the model file names itself (scanModel's singleFileChecked; set customRoutine too). */
    fileNamesChecked?: boolean;
    who: string;
}

export interface ModelPlan {
    scan: ModelScan;
    contentHash: string;
    /** `prefix/hash`: the deploymentUri folder. */
    folder: string;
    objects: PlannedObject[];
    packages: PlannedPackage[];
}

/** Scan, check, then hash (in that order, so an over-limit model is refused without being read) and name the objects. */
export function planModel(opts: ModelPlanOptions): ModelPlan {
    const { who } = opts;
    const scan = scanModel(opts.modelPath, who, opts.fileNamesChecked);
    checkModelLimits({ path: scan.path, fileCount: scan.files.length, totalBytes: scan.totalBytes }, opts.limits, who);
    if (!opts.customRoutine) {
        checkRecognizableModel(scan, who, opts.framework);
    }
    const contentHash = hashFiles(scan.files, who);
    const folder = modelFolder(opts.prefix, contentHash);
    const objects = scan.files.map((f) => {
        const objectName = `${folder}/${f.relPath}`;
        checkObjectName(objectName, f.absPath, who);
        return { absPath: f.absPath, objectName, relPath: f.relPath };
    });
    const packages = (opts.packages ?? []).map((p) => planPackage(p, opts.prefix, who));
    const seen = new Map<string, string>();
    for (const p of packages) {
        const other = seen.get(p.relPath);
        if (other !== undefined) {
            throw new Error(
                `${who}: packages ${other} and ${p.absPath} share the file name ${p.relPath}; list each package once, with distinct file names`,
            );
        }
        seen.set(p.relPath, p.absPath);
    }
    return { scan, contentHash, folder, objects, packages };
}
