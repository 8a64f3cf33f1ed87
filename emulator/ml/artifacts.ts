// What versions.create verifies in Cloud Storage when the emulator knows a Cloud Storage endpoint (a GCS JSON API
// such as fake-gcs-server): the deploymentUri directory exists and holds a model file for the framework at its
// root, and every packageUris object exists. Google copies the files when the version is created, so the check
// looks at the bucket as it is when versions.create arrives; a failed check ends the CREATE_VERSION operation
// with an error and the version FAILED, as a real model-load failure does. Without an endpoint nothing is checked.

import { RPC_CODE } from "../core/errors";
import { parseGcsUri, type CloudStorage } from "../core/storage";
import type { RpcStatus, VersionFields } from "./resources";

/** Model files per framework, at the root of deploymentUri (deploy guide, "Store your model in Cloud Storage"). */
export const MODEL_FILES: Readonly<Record<string, readonly string[]>> = {
    TENSORFLOW: ["saved_model.pb", "saved_model.pbtxt"],
    SCIKIT_LEARN: ["model.joblib", "model.pkl"],
    XGBOOST: ["model.bst", "model.joblib", "model.pkl"],
};

/** Observed prefix of a model-load failure (cloudml-samples #431); the reason inside the quotes is ours. */
function loadFailure(reason: string): RpcStatus {
    return {
        code: RPC_CODE.INVALID_ARGUMENT,
        message: `Create Version failed. Bad model detected with error: "Failed to load model: ${reason} (Error code: 0)"`,
    };
}

/** Starts the check of a version's files now; undefined when there is no endpoint. Never rejects. */
export function verifyVersionFiles(
    storage: CloudStorage,
    fields: VersionFields,
): Promise<RpcStatus | undefined> | undefined {
    const base = storage.url;
    if (base === undefined) return undefined;
    return verify(storage, fields).catch((e: unknown) => ({
        code: RPC_CODE.INTERNAL,
        message: `Internal error encountered. (emulator: the Cloud Storage endpoint ${base} failed: ${(e as Error).message})`,
    }));
}

async function verify(storage: CloudStorage, fields: VersionFields): Promise<RpcStatus | undefined> {
    if (fields.deploymentUri) {
        const failure = await verifyModelDirectory(storage, fields);
        if (failure) return failure;
    }
    for (const uri of fields.packageUris ?? []) {
        const pkg = parseGcsUri(uri);
        const found = pkg && pkg.path !== "" ? await storage.list(pkg.bucket, pkg.path) : undefined;
        if (!found || found.kind === "noBucket" || !found.names.includes(pkg?.path ?? "")) {
            return loadFailure(`the package ${uri} does not exist`);
        }
    }
    return undefined;
}

async function verifyModelDirectory(storage: CloudStorage, fields: VersionFields): Promise<RpcStatus | undefined> {
    const uri = fields.deploymentUri as string;
    const dir = parseGcsUri(uri);
    if (!dir) return loadFailure(`${uri} is not a Cloud Storage URI`);
    const prefix = dir.path === "" || dir.path.endsWith("/") ? dir.path : `${dir.path}/`;
    const listing = await storage.list(dir.bucket, prefix);
    if (listing.kind === "noBucket") return loadFailure(`the bucket ${dir.bucket} does not exist`);
    if (listing.names.length === 0) return loadFailure(`no objects found under ${uri}`);
    // Custom containers and custom prediction routines load whatever they like from the directory.
    if (fields.container || fields.predictionClass) return undefined;
    const framework = fields.framework ?? "TENSORFLOW";
    const expected = MODEL_FILES[framework];
    if (!expected) return undefined;
    const atRoot = listing.names.map((n) => n.slice(prefix.length)).filter((n) => n !== "" && !n.includes("/"));
    if (expected.some((file) => atRoot.includes(file))) return undefined;
    if (framework === "TENSORFLOW") {
        // Observed text (a SavedModel directory without saved_model.pb).
        return {
            code: RPC_CODE.INVALID_ARGUMENT,
            message: `Create Version failed. Model validation failed: SavedModel directory ${uri} is expected to contain exactly one of: [${expected.join(", ")}].`,
        };
    }
    const found = atRoot.length > 0 ? atRoot.slice(0, 5).join(", ") : "only subdirectories";
    return loadFailure(
        `Could not find a model file under ${uri}; ${framework} expects one of ${expected.join(", ")} (found: ${found})`,
    );
}
