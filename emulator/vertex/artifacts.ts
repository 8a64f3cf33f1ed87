// What models.upload checks in Cloud Storage when the emulator knows a Cloud Storage endpoint (reference §3.3):
// artifactUri lists objects, and a prebuilt container's framework finds its model file at the root (sklearn
// model.joblib/model.pkl, XGBoost model.bst/model.joblib/model.pkl, TensorFlow saved_model.pb(txt), PyTorch
// model.mar). A custom container loads what it likes. A file named EMULATOR_PREDICT_FAILS at the root makes the
// version fail predictions (its contents are not read: the emulator only lists). Without an endpoint nothing is checked.

import { RPC_CODE } from "../core/errors";
import type { RpcStatus } from "../core/operations";
import { parseGcsUri, type CloudStorage } from "../core/storage";

/** Model files per prebuilt container framework (SDK _SUPPORTED_MODEL_FILE_NAMES and the upload helpers). */
export const PREBUILT_MODEL_FILES: Readonly<Record<string, readonly string[]>> = {
    sklearn: ["model.joblib", "model.pkl"],
    xgboost: ["model.bst", "model.joblib", "model.pkl"],
    tf: ["saved_model.pb", "saved_model.pbtxt"],
    tf2: ["saved_model.pb", "saved_model.pbtxt"],
    pytorch: ["model.mar"],
};

/** The marker that makes a version's predictions fail (rollout tests). */
export const PREDICT_FAILS_MARKER = "EMULATOR_PREDICT_FAILS";

/** `…-docker.pkg.dev/vertex-ai/prediction/{framework}-{cpu|gpu}.{M-m}:latest` → framework (SDK CONTAINER_URI_REGEX). */
export function prebuiltFramework(imageUri: string): string | undefined {
    const m =
        /^(?:us|europe|asia)-docker\.pkg\.dev\/vertex-ai\/prediction\/([a-z0-9]+)-(?:cpu|gpu)\.[0-9]+-[0-9]+:latest$/.exec(
            imageUri,
        );
    return m?.[1];
}

export interface ArtifactCheck {
    failure?: RpcStatus;
    predictFails: boolean;
}

function invalid(message: string): ArtifactCheck {
    return { failure: { code: RPC_CODE.INVALID_ARGUMENT, message }, predictFails: false };
}

/** Starts the check now; undefined without a Cloud Storage endpoint or artifactUri. Never rejects. */
export function checkArtifacts(
    storage: CloudStorage,
    artifactUri: string | undefined,
    imageUri: string,
): Promise<ArtifactCheck> | undefined {
    const base = storage.url;
    if (base === undefined || artifactUri === undefined || artifactUri === "") return undefined;
    return verify(storage, artifactUri, imageUri).catch((e: unknown) => ({
        failure: {
            code: RPC_CODE.INTERNAL,
            message: `Internal error encountered. (emulator: the Cloud Storage endpoint ${base} failed: ${(e as Error).message})`,
        },
        predictFails: false,
    }));
}

async function verify(storage: CloudStorage, uri: string, imageUri: string): Promise<ArtifactCheck> {
    const dir = parseGcsUri(uri);
    if (!dir) return invalid(`Model artifact_uri ${uri} is not a Cloud Storage URI (gs://bucket/path/).`);
    const prefix = dir.path === "" || dir.path.endsWith("/") ? dir.path : `${dir.path}/`;
    const listing = await storage.list(dir.bucket, prefix);
    if (listing.kind === "noBucket")
        return invalid(`Model artifact_uri ${uri}: the bucket ${dir.bucket} does not exist.`);
    if (listing.names.length === 0) return invalid(`Model artifact_uri ${uri} is empty: no objects found under it.`);
    const atRoot = listing.names.map((n) => n.slice(prefix.length)).filter((n) => n !== "" && !n.includes("/"));
    const predictFails = atRoot.includes(PREDICT_FAILS_MARKER);
    const framework = prebuiltFramework(imageUri);
    const expected = framework === undefined ? undefined : PREBUILT_MODEL_FILES[framework];
    if (!expected || expected.some((file) => atRoot.includes(file))) return { predictFails };
    const found = atRoot.length > 0 ? atRoot.slice(0, 5).join(", ") : "only subdirectories";
    return invalid(
        `Model artifact_uri ${uri} has no model file for the ${framework} prebuilt container ${imageUri}: ` +
            `expected one of ${expected.join(", ")} at its root (found: ${found}).`,
    );
}
