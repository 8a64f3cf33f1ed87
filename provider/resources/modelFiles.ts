// Pure, synchronous logic behind ModelDeployment: finding the model files on disk, checking them against the
// API's limits, hashing them and naming their Cloud Storage objects. Synchronous on purpose: the component runs it
// in its constructor, so a model the API would reject fails `pulumi preview` before anything is uploaded.

import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { effectiveMachineType, isN1MachineType } from "../fields/machineTypes";
import { gsUri, isValidBucketName } from "../fields/names";

/** "The total number of files under this directory must not exceed 1000" (Version.deploymentUri). */
export const MAX_MODEL_FILES = 1000;
/** "500 MB or less if you use a legacy (MLS1) machine type": read as MiB, so that preview never refuses a model the API takes. */
export const MLS1_MAX_MODEL_BYTES = 500 * 1024 ** 2;
/** "10 GB or less if you use a Compute Engine (N1) machine type." */
export const N1_MAX_MODEL_BYTES = 10 * 1024 ** 3;
/** Hex characters of the sha256 kept in folder names: 64 bits, ample to tell one model's versions apart. */
export const CONTENT_HASH_LENGTH = 16;
/** Cloud Storage object names are at most 1024 bytes of UTF-8. */
export const MAX_OBJECT_NAME_BYTES = 1024;

/** Files that the prediction service looks for at the top of deploymentUri. */
export const MODEL_FILE_NAMES = [
    "saved_model.pb",
    "saved_model.pbtxt",
    "model.joblib",
    "model.pkl",
    "model.bst",
] as const;
export type ModelFileName = (typeof MODEL_FILE_NAMES)[number];

/**
 * Which model files each framework loads (SavedModel; model.joblib / .pkl; model.bst / .joblib / .pkl):
 * https://cloud.google.com/ai-platform/prediction/docs/exporting-for-prediction
 */
const FRAMEWORK_FILES: Record<string, readonly ModelFileName[]> = {
    TENSORFLOW: ["saved_model.pb", "saved_model.pbtxt"],
    SCIKIT_LEARN: ["model.joblib", "model.pkl"],
    XGBOOST: ["model.bst", "model.joblib", "model.pkl"],
};

export interface ModelFile {
    /** Path below the model directory with "/" separators; becomes the object name below the folder. */
    relPath: string;
    absPath: string;
    size: number;
}

export interface ModelScan {
    /** The path as given, made absolute. */
    path: string;
    /** The directory uploaded as the deploymentUri folder (the path itself, or a single file's directory). */
    root: string;
    /** Sorted by relPath. */
    files: ModelFile[];
    totalBytes: number;
    /** Recognized model files at the top of `root`. */
    modelFiles: ModelFileName[];
}

const isModelFileName = (name: string): name is ModelFileName => (MODEL_FILE_NAMES as readonly string[]).includes(name);

/** Code-point order, the same on every platform and locale, so the hash never depends on where it runs. */
const byRelPath = (a: { relPath: string }, b: { relPath: string }) =>
    a.relPath < b.relPath ? -1 : a.relPath > b.relPath ? 1 : 0;

/**
 * Lists the files of a model: a single `model.joblib` / `model.pkl` / `model.bst` / `saved_model.pb` file, or every
 * file below a directory (symbolic links followed). Only stats files, so it is cheap even for a 10 GB model;
 * hashing comes after the limits pass. `who` prefixes error messages (e.g. `ModelDeployment "census"`).
 */
export function scanModel(localPath: string, who: string): ModelScan {
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
        if (!isModelFileName(name)) {
            throw new Error(
                `${who}: model file ${abs} is not named ${MODEL_FILE_NAMES.join(", ")}; AI Platform only loads those names, so rename it (e.g. to model.joblib) or point modelPath at its directory`,
            );
        }
        return {
            path: abs,
            root: path.dirname(abs),
            files: [{ relPath: name, absPath: abs, size: stat.size }],
            totalBytes: stat.size,
            modelFiles: [name],
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

/**
 * The API would reject a directory without a model at its top, so refuse it here, pointing at a subdirectory
 * when the model sits one level down (a timestamped SavedModel export such as `export/1487877383942/`).
 * `framework`, when known, must match the file found. Custom prediction routines (`predictionClass`) may ship
 * any artifacts, so they skip this check.
 */
export function checkRecognizableModel(scan: ModelScan, who: string, framework?: string): void {
    if (scan.modelFiles.length === 0) {
        const nested = scan.files.find((f) => isModelFileName(path.posix.basename(f.relPath)));
        const hint = nested
            ? ` It has ${nested.relPath}: point modelPath at ${path.join(scan.root, path.posix.dirname(nested.relPath))} instead.`
            : " Export the model (SavedModel, joblib, pickle or XGBoost Booster.save_model) into it, or set version.predictionClass for a custom prediction routine.";
        throw new Error(
            `${who}: model directory ${scan.path} has none of ${MODEL_FILE_NAMES.join(", ")} at its top, so AI Platform would reject it.${hint}`,
        );
    }
    const expected = framework === undefined ? undefined : FRAMEWORK_FILES[framework];
    if (expected && !scan.modelFiles.some((f) => expected.includes(f))) {
        throw new Error(
            `${who}: framework ${framework} loads ${expected.join(" or ")}, but model path ${scan.path} has ${scan.modelFiles.join(", ")}; fix version.framework or export the model in that format`,
        );
    }
}

export interface MachineTypeForLimits {
    machineType: string;
    /** False when the machine type could not be known at preview and the stricter MLS1 limit was assumed. */
    known: boolean;
}

/**
 * The machine type whose size limit applies. `null` means "given but not known synchronously" (a pulumi Output,
 * or the endpoint of a Model resource); `undefined` means unset. When unknown, assume MLS1: its 500 MB limit is
 * the stricter one, so preview never waves through a model the API will refuse.
 */
export function machineTypeForLimits(
    machineType: string | null | undefined,
    endpoint: string | null | undefined,
): MachineTypeForLimits {
    if (typeof machineType === "string") {
        return { machineType, known: true };
    }
    if (machineType === undefined && endpoint !== null) {
        return { machineType: effectiveMachineType(undefined, endpoint), known: true };
    }
    return { machineType: effectiveMachineType(undefined, "global"), known: false };
}

export function modelSizeLimit(machineType: string): number {
    return isN1MachineType(machineType) ? N1_MAX_MODEL_BYTES : MLS1_MAX_MODEL_BYTES;
}

const bytes = (n: number) => `${n.toLocaleString("en-US")} bytes`;
const humanSize = (n: number) =>
    n >= 1024 ** 3 ? `${(n / 1024 ** 3).toFixed(2)} GB` : `${(n / 1024 ** 2).toFixed(1)} MB`;

/** Throws when a model has more files, or more bytes, than a version on `limits.machineType` accepts. */
export function checkModelLimits(
    model: { path: string; fileCount: number; totalBytes: number },
    limits: MachineTypeForLimits,
    who: string,
): void {
    if (model.fileCount > MAX_MODEL_FILES) {
        throw new Error(
            `${who}: model directory ${model.path} holds ${model.fileCount} files; AI Platform accepts at most ${MAX_MODEL_FILES} files under a deploymentUri. Remove what prediction does not need (checkpoints, logs, training data)`,
        );
    }
    const limit = modelSizeLimit(limits.machineType);
    if (model.totalBytes > limit) {
        const n1 = limit === N1_MAX_MODEL_BYTES;
        const assumed = limits.known
            ? ""
            : ` The machine type is not known at preview (an Output, or the endpoint of a Model resource), so the stricter MLS1 limit was assumed; set version.machineType to a plain "n1-..." string if you deploy on N1.`;
        const fix = n1
            ? "Shrink the model."
            : `Shrink the model, or deploy on an N1 machine type (regional endpoint, e.g. machineType "n1-standard-2"), which accepts ${humanSize(N1_MAX_MODEL_BYTES)}.`;
        throw new Error(
            `${who}: model ${model.path} is ${humanSize(model.totalBytes)} (${bytes(model.totalBytes)}); machine type ${limits.machineType} (${n1 ? "N1" : "MLS1"}) accepts at most ${humanSize(limit)} (${bytes(limit)}). ${fix}${assumed}`,
        );
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

/**
 * Normalizes an object-name prefix ("models/census/" -> "models/census"). It ends up in deploymentUri, which the
 * Version validates, so refuse here what it would refuse there ("..", "?", "#", "\", whitespace).
 */
export function normalizePrefix(prefix: string, who: string): string {
    const trimmed = prefix.replace(/^\/+|\/+$/g, "");
    const segments = trimmed === "" ? [] : trimmed.split("/");
    const bad = segments.some((s) => s === "" || s === "." || s === "..");
    if (bad || /[?#\\\s\u0000-\u001f\u007f]/.test(trimmed)) {
        throw new Error(
            `${who}: prefix ${JSON.stringify(prefix)} is not a usable Cloud Storage folder; use segments of letters, digits, "-", "_" and "." separated by "/", e.g. "models/census"`,
        );
    }
    return trimmed;
}

/** A default prefix from a Pulumi logical name: anything outside [A-Za-z0-9._-] becomes "-". */
export function defaultPrefix(resourceName: string): string {
    const p = resourceName.replace(/[^A-Za-z0-9._-]/g, "-");
    return p === "." || p === ".." || p === "" ? "model" : p;
}

/** `prefix/hash`, or `hash` alone for an empty prefix (bucket root). */
export function modelFolder(prefix: string, contentHash: string): string {
    return prefix ? `${prefix}/${contentHash}` : contentHash;
}

export function deploymentUriFor(bucket: string, folder: string): string {
    return gsUri(bucket, `${folder}/`);
}

/** Refuses a bucket given as a URL or path when it is a plain string (an Output is checked by the Version). */
export function checkBucketName(bucket: string, who: string): void {
    if (!isValidBucketName(bucket)) {
        throw new Error(
            `${who}: bucket ${JSON.stringify(bucket)} is not a Cloud Storage bucket name; pass the bare name (e.g. "my-bucket", not "gs://my-bucket/dir"), and put folders in prefix`,
        );
    }
}

function checkObjectName(name: string, absPath: string, who: string): void {
    if (Buffer.byteLength(name, "utf8") > MAX_OBJECT_NAME_BYTES || /[\r\n]/.test(name)) {
        throw new Error(
            `${who}: ${absPath} would be stored as object ${JSON.stringify(name)}, longer than ${MAX_OBJECT_NAME_BYTES} bytes or holding a line break; rename it or shorten prefix`,
        );
    }
}

export interface PlannedObject {
    /** Local file uploaded as the object's source. */
    absPath: string;
    /** Object name in the bucket. */
    objectName: string;
    /** The file's path below the model directory (the package's file name for packages). */
    relPath: string;
}

export interface PlannedPackage extends PlannedObject {
    /** Content hash of the package alone; names its folder. */
    contentHash: string;
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
    const scan = scanModel(opts.modelPath, who);
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
