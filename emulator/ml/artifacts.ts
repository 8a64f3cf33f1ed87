// What versions.create verifies in Cloud Storage when the emulator knows a Cloud Storage endpoint (a GCS JSON API
// such as fake-gcs-server): the deploymentUri directory exists and holds a model file for the framework at its
// root, and every packageUris object exists. Google copies the files when the version is created, so the check
// looks at the bucket as it is when versions.create arrives; a failed check ends the CREATE_VERSION operation
// with an error and the version FAILED, as a real model-load failure does. Without an endpoint nothing is checked.

import { RPC_CODE } from "../core/errors";
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

/** A gs:// URI split into bucket and object name (or prefix). */
export function parseGcsUri(uri: string): { bucket: string; path: string } | undefined {
    const m = /^gs:\/\/([^/]+)\/?(.*)$/.exec(uri);
    return m ? { bucket: m[1] as string, path: m[2] as string } : undefined;
}

/** `http://host:port`, `http://host:port/` or `http://host:port/storage/v1/` → `http://host:port`. */
export function normalizeStorageUrl(url: string): string {
    const parsed = new URL(url);
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
        throw new Error(`the Cloud Storage endpoint must be an http(s) URL, got '${url}'`);
    }
    return `${parsed.origin}${parsed.pathname.replace(/\/+$/, "").replace(/\/storage\/v1$/, "")}`;
}

type Listing = { kind: "objects"; names: string[] } | { kind: "noBucket" };

export class ArtifactVerifier {
    private baseUrl: string | undefined;

    constructor(storageUrl?: string) {
        this.set(storageUrl);
    }

    /** The Cloud Storage endpoint in use, or undefined when versions.create checks nothing. */
    get url(): string | undefined {
        return this.baseUrl;
    }

    set(storageUrl: string | undefined): void {
        this.baseUrl = storageUrl === undefined || storageUrl === "" ? undefined : normalizeStorageUrl(storageUrl);
    }

    /** Starts the check of a version's files now; undefined when there is no endpoint. Never rejects. */
    start(fields: VersionFields): Promise<RpcStatus | undefined> | undefined {
        const base = this.baseUrl;
        if (base === undefined) return undefined;
        return this.verify(base, fields).catch((e: unknown) => ({
            code: RPC_CODE.INTERNAL,
            message: `Internal error encountered. (emulator: the Cloud Storage endpoint ${base} failed: ${(e as Error).message})`,
        }));
    }

    private async verify(base: string, fields: VersionFields): Promise<RpcStatus | undefined> {
        if (fields.deploymentUri) {
            const failure = await this.verifyModelDirectory(base, fields);
            if (failure) return failure;
        }
        for (const uri of fields.packageUris ?? []) {
            const pkg = parseGcsUri(uri);
            const found = pkg && pkg.path !== "" ? await this.list(base, pkg.bucket, pkg.path) : undefined;
            if (!found || found.kind === "noBucket" || !found.names.includes(pkg?.path ?? "")) {
                return loadFailure(`the package ${uri} does not exist`);
            }
        }
        return undefined;
    }

    private async verifyModelDirectory(base: string, fields: VersionFields): Promise<RpcStatus | undefined> {
        const uri = fields.deploymentUri as string;
        const dir = parseGcsUri(uri);
        if (!dir) return loadFailure(`${uri} is not a Cloud Storage URI`);
        const prefix = dir.path === "" || dir.path.endsWith("/") ? dir.path : `${dir.path}/`;
        const listing = await this.list(base, dir.bucket, prefix);
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

    /** Object names starting with `prefix`, via the JSON API's objects.list (every page). */
    private async list(base: string, bucket: string, prefix: string): Promise<Listing> {
        const names: string[] = [];
        let pageToken: string | undefined;
        do {
            const query = new URLSearchParams({ prefix, fields: "items(name),nextPageToken" });
            if (pageToken) query.set("pageToken", pageToken);
            const res = await fetch(`${base}/storage/v1/b/${encodeURIComponent(bucket)}/o?${query.toString()}`, {
                signal: AbortSignal.timeout(10_000),
            });
            if (res.status === 404) return { kind: "noBucket" };
            if (!res.ok) throw new Error(`objects.list answered HTTP ${res.status}`);
            const body = (await res.json()) as { items?: { name: string }[]; nextPageToken?: string };
            for (const item of body.items ?? []) names.push(item.name);
            pageToken = body.nextPageToken;
        } while (pageToken);
        return { kind: "objects", names };
    }
}
