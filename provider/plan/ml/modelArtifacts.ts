// What the model files of a ModelDeployment must be, as pure functions of names and sizes: the API's limits on a
// deploymentUri (file count, bytes per machine type), the model file names each framework loads, and how the
// objects and folders are named in Cloud Storage. Reading the files from disk is resources/modelFiles.ts's job.

import * as path from "node:path";
import { effectiveMachineType, isN1MachineType } from "../../fields/ml/machineTypes";
import { gsUri, isValidBucketName } from "../../fields/names";

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

export const isModelFileName = (name: string): name is ModelFileName =>
    (MODEL_FILE_NAMES as readonly string[]).includes(name);

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

export function checkObjectName(name: string, absPath: string, who: string): void {
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
