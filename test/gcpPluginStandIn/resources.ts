// gcp:storage/bucketObject:BucketObject and gcp:storage/bucket:Bucket of the gcp stand-in, against a Cloud Storage
// JSON API endpoint (fake-gcs-server). Property names, defaults, outputs and which changes replace follow the real
// provider (pulumi-gcp 9.37.0 = the Terraform google provider's google_storage_bucket_object / google_storage_bucket):
// every BucketObject input forces a replacement except the two holds (and deletionPolicy, which is
// the provider's own); `detectMd5hash` (default "different hash")
// stores the server's md5 after every read, and a diff compares it with the md5 of the local source or content.

import { createHash } from "node:crypto";
import { UNKNOWN, assetIdentity, hasContents, isArchive, sourceBytes, isAsset, type PropertyMap } from "./assets";

export const BUCKET_OBJECT = "gcp:storage/bucketObject:BucketObject";
export const BUCKET = "gcp:storage/bucket:Bucket";

export interface CheckFailure {
    property: string;
    reason: string;
}
export type DiffKind = "ADD" | "DELETE" | "UPDATE";
export interface DiffResult {
    changes: boolean;
    replaces: string[];
    /** Changed property → kind (a replacement when the property is in `replaces`). */
    detailed: Record<string, DiffKind>;
    /** Delete the old resource before creating its replacement (it would otherwise delete the new one). */
    deleteBeforeReplace?: boolean;
}

export class GcsClient {
    constructor(readonly baseUrl: string) {}

    async call(method: string, p: string, init: { body?: string | Buffer; headers?: Record<string, string> } = {}) {
        const res = await fetch(`${this.baseUrl}${p}`, { method, ...init });
        const text = await res.text();
        return { status: res.status, json: text === "" ? {} : (JSON.parse(text) as PropertyMap), text };
    }

    async ok(method: string, p: string, init: { body?: string | Buffer; headers?: Record<string, string> } = {}) {
        const r = await this.call(method, p, init);
        if (r.status >= 300) throw new Error(`googleapi: Error ${r.status}: ${errorMessage(r.json, r.text)}`);
        return r.json;
    }
}

function errorMessage(json: PropertyMap, text: string): string {
    const error = json.error as { message?: string } | undefined;
    return error?.message ?? text;
}

const o = (bucket: string, name?: string) =>
    `/storage/v1/b/${encodeURIComponent(bucket)}/o${name === undefined ? "" : `/${encodeURIComponent(name)}`}`;

const md5 = (bytes: Buffer) => createHash("md5").update(bytes).digest("base64");
const isUnknown = (v: unknown) => v === UNKNOWN;

/** Like http.DetectContentType, which the Go client uses when contentType is unset: text or octet-stream. */
function detectContentType(bytes: Buffer): string {
    const sample = bytes.subarray(0, 512);
    const binary = sample.some((b) => b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1b));
    return binary ? "application/octet-stream" : "text/plain; charset=utf-8";
}

// ------------------------------------------------------------------------------------------- BucketObject

/** Inputs whose change replaces the object (everything the real schema marks ForceNew). */
const OBJECT_REPLACE_INPUTS = [
    "bucket",
    "name",
    "source",
    "content",
    "contentType",
    "contentDisposition",
    "contentEncoding",
    "contentLanguage",
    "cacheControl",
    "metadata",
    "storageClass",
    "kmsKeyName",
    "customerEncryption",
    "sourceMd5hash",
    "forceEmptyContentType",
    "retention",
    "contexts",
];
/** Inputs changed in place (objects.update). */
const OBJECT_UPDATE_INPUTS = ["eventBasedHold", "temporaryHold", "deletionPolicy"];
/**
 * Inputs the stand-in cannot honour against the emulator (fake-gcs-server keeps no holds, keys or retention):
 * refused at check, rather than silently ignored.
 */
const OBJECT_UNSUPPORTED = [
    "customerEncryption",
    "kmsKeyName",
    "retention",
    "contexts",
    "eventBasedHold",
    "temporaryHold",
];

export function checkBucketObject(news: PropertyMap): { inputs: PropertyMap; failures: CheckFailure[] } {
    const failures: CheckFailure[] = [];
    for (const key of ["bucket", "name"]) {
        if (news[key] === undefined || news[key] === "")
            failures.push({ property: key, reason: `Missing required argument: ${key}` });
    }
    const hasSource = news.source !== undefined && news.source !== null;
    const hasContent = news.content !== undefined && news.content !== null;
    if (hasSource === hasContent) {
        failures.push({
            property: hasSource ? "content" : "source",
            reason: `"content": only one of \`content,source\` can be specified, and one must be specified`,
        });
    }
    if (hasSource && !isUnknown(news.source) && !isAsset(news.source) && !isArchive(news.source)) {
        failures.push({ property: "source", reason: "source must be an asset or an archive" });
    }
    for (const key of OBJECT_UNSUPPORTED) {
        if (news[key] !== undefined) {
            failures.push({ property: key, reason: `the gcp stand-in (a test double) does not implement ${key}` });
        }
    }
    // The real schema's default: makes a diff show `detectMd5hash: "<server md5>" => "different hash"`.
    const inputs = { ...news, detectMd5hash: news.detectMd5hash ?? "different hash" };
    return { inputs, failures };
}

export function diffBucketObject(oldOutputs: PropertyMap, oldInputs: PropertyMap, news: PropertyMap): DiffResult {
    const detailed: Record<string, DiffKind> = {};
    const replaces: string[] = [];
    const same = (key: string) =>
        key === "source"
            ? assetIdentity(oldInputs.source) === assetIdentity(news.source)
            : JSON.stringify(oldInputs[key] ?? null) === JSON.stringify(news[key] ?? null);
    for (const key of [...OBJECT_REPLACE_INPUTS, ...OBJECT_UPDATE_INPUTS]) {
        if (isUnknown(news[key]) || !same(key)) {
            detailed[key] = oldInputs[key] === undefined ? "ADD" : news[key] === undefined ? "DELETE" : "UPDATE";
            if (OBJECT_REPLACE_INPUTS.includes(key)) replaces.push(key);
        }
    }
    // detectMd5hash (the real DiffSuppressFunc): the md5 of the local data against the server's md5 as of the last
    // read. Diff requests carry an asset's hash, not its bytes: an unchanged hash means the local data is what was
    // uploaded, whose md5 detectMd5hash keeps (see readBucketObject).
    let local: string | undefined;
    if (typeof news.content === "string" && !isUnknown(news.content)) local = md5(Buffer.from(news.content));
    else if (hasContents(news.source)) local = md5(sourceBytes(news.source as PropertyMap));
    else if (same("source")) local = oldOutputs.detectMd5hash as string | undefined;
    if (local === undefined || local !== oldOutputs.md5hash) {
        detailed.detectMd5hash = "UPDATE";
        replaces.push("detectMd5hash");
    }
    // Same bucket and name: the replacement is the same object, so creating it first and then deleting the
    // original would delete the new upload. Delete first (ours: a choice for the double, documented in README.md).
    const sameObject = same("bucket") && same("name") && !isUnknown(news.bucket) && !isUnknown(news.name);
    const result: DiffResult = { changes: Object.keys(detailed).length > 0, replaces, detailed };
    if (replaces.length > 0 && sameObject) result.deleteBeforeReplace = true;
    return result;
}

/** `uploadedMd5`: the md5 of the data this provider uploaded, kept as detectMd5hash across refreshes. */
function objectOutputs(inputs: PropertyMap, res: PropertyMap, uploadedMd5?: string): PropertyMap {
    const md5hash = res.md5Hash as string;
    return {
        ...inputs,
        bucket: res.bucket,
        name: res.name,
        outputName: res.name,
        md5hash,
        md5hexhash: Buffer.from(md5hash, "base64").toString("hex"),
        detectMd5hash: uploadedMd5 ?? md5hash,
        crc32c: res.crc32c,
        contentType: res.contentType ?? "",
        cacheControl: res.cacheControl ?? inputs.cacheControl,
        contentDisposition: res.contentDisposition ?? inputs.contentDisposition,
        contentEncoding: res.contentEncoding ?? inputs.contentEncoding,
        contentLanguage: res.contentLanguage ?? inputs.contentLanguage,
        metadata: res.metadata ?? inputs.metadata,
        storageClass: res.storageClass ?? "STANDARD",
        kmsKeyName: res.kmsKeyName ?? "",
        generation: Number(res.generation ?? 0),
        selfLink: res.selfLink,
        mediaLink: res.mediaLink,
        eventBasedHold: res.eventBasedHold ?? false,
        temporaryHold: res.temporaryHold ?? false,
        deletionPolicy: inputs.deletionPolicy ?? "DELETE",
    };
}

export async function createBucketObject(
    gcs: GcsClient,
    inputs: PropertyMap,
): Promise<{ id: string; outs: PropertyMap }> {
    const bucket = inputs.bucket as string;
    const name = inputs.name as string;
    const bytes =
        inputs.source !== undefined ? sourceBytes(inputs.source as PropertyMap) : Buffer.from(String(inputs.content));
    const resource: PropertyMap = { name, bucket };
    for (const key of [
        "cacheControl",
        "contentDisposition",
        "contentEncoding",
        "contentLanguage",
        "metadata",
        "storageClass",
    ]) {
        if (inputs[key] !== undefined) resource[key] = inputs[key];
    }
    for (const key of ["eventBasedHold", "temporaryHold"]) if (inputs[key] === true) resource[key] = true;
    resource.contentType = inputs.forceEmptyContentType ? "" : (inputs.contentType ?? detectContentType(bytes));
    // A multipart upload (metadata + media), as the Go client library sends objects.insert.
    const boundary = `standin${createHash("sha1").update(bytes).digest("hex").slice(0, 16)}`;
    const body = Buffer.concat([
        Buffer.from(
            `--${boundary}\r\nContent-Type: application/json; charset=UTF-8\r\n\r\n${JSON.stringify(resource)}\r\n`,
        ),
        Buffer.from(`--${boundary}\r\nContent-Type: ${resource.contentType || "application/octet-stream"}\r\n\r\n`),
        bytes,
        Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    try {
        await gcs.ok(
            "POST",
            `/upload/storage/v1/b/${encodeURIComponent(bucket)}/o?uploadType=multipart&name=${encodeURIComponent(name)}`,
            {
                body,
                headers: { "Content-Type": `multipart/related; boundary=${boundary}` },
            },
        );
    } catch (e) {
        throw new Error(`Error uploading object ${name}: ${(e as Error).message}`);
    }
    const read = await readBucketObject(gcs, inputs);
    if (!read) throw new Error(`Error uploading object ${name}: not found right after the upload`);
    return { id: `${bucket}-${name}`, outs: read };
}

/**
 * The object's outputs as the bucket holds it now, or undefined when it is gone. `md5hash` is the server's;
 * detectMd5hash stays the md5 of what was uploaded (`uploadedMd5`), so an object changed out of band shows as a
 * detectMd5hash replacement at the next diff, as with the real plugin (which re-hashes the local file instead).
 */
export async function readBucketObject(
    gcs: GcsClient,
    inputs: PropertyMap,
    uploadedMd5?: string,
): Promise<PropertyMap | undefined> {
    const r = await gcs.call("GET", o(inputs.bucket as string, inputs.name as string));
    if (r.status === 404) return undefined;
    if (r.status >= 300)
        throw new Error(`Error reading object ${String(inputs.name)}: ${errorMessage(r.json, r.text)}`);
    return objectOutputs(inputs, r.json, uploadedMd5);
}

/** Only deletionPolicy can change in place here (the holds are refused at check): no API call, a fresh read. */
export async function updateBucketObject(gcs: GcsClient, olds: PropertyMap, news: PropertyMap): Promise<PropertyMap> {
    const read = await readBucketObject(gcs, news, olds.detectMd5hash as string | undefined);
    if (!read) throw new Error(`Error updating object ${String(news.name)}: it no longer exists`);
    return read;
}

export async function deleteBucketObject(gcs: GcsClient, props: PropertyMap): Promise<void> {
    const policy = props.deletionPolicy ?? "DELETE";
    if (policy === "ABANDON") return;
    if (policy === "PREVENT") {
        throw new Error(`cannot destroy object ${String(props.name)} without setting deletionPolicy to "DELETE"`);
    }
    const r = await gcs.call("DELETE", o(props.bucket as string, props.name as string));
    if (r.status >= 300 && r.status !== 404) {
        throw new Error(`Error deleting contents of object ${String(props.name)}: ${errorMessage(r.json, r.text)}`);
    }
}

// ------------------------------------------------------------------------------------------------- Bucket

const BUCKET_REPLACE_INPUTS = ["name", "location", "project"];
const BUCKET_UPDATE_INPUTS = ["forceDestroy", "storageClass", "labels", "uniformBucketLevelAccess"];

export function checkBucket(
    urn: string,
    olds: PropertyMap,
    news: PropertyMap,
    project: string | undefined,
    randomSeed: string,
) {
    const failures: CheckFailure[] = [];
    if (news.location === undefined || news.location === "") {
        failures.push({ property: "location", reason: "Missing required argument: location" });
    }
    for (const key of Object.keys(news)) {
        if (!BUCKET_REPLACE_INPUTS.includes(key) && !BUCKET_UPDATE_INPUTS.includes(key)) {
            failures.push({ property: key, reason: `the gcp stand-in (a test double) does not implement ${key}` });
        }
    }
    // Autonaming as the real provider does: `<logical name>-<7 hex characters>`, kept across updates.
    const logical = urn.split("::").pop() ?? "bucket";
    const name =
        news.name ??
        olds.name ??
        `${logical}-${createHash("sha256").update(`${urn}${randomSeed}`).digest("hex").slice(0, 7)}`;
    const inputs: PropertyMap = { forceDestroy: false, ...news, name };
    if (inputs.project === undefined && project !== undefined) inputs.project = project;
    return { inputs, failures };
}

export function diffBucket(oldInputs: PropertyMap, news: PropertyMap): DiffResult {
    const detailed: Record<string, DiffKind> = {};
    const replaces: string[] = [];
    for (const key of [...BUCKET_REPLACE_INPUTS, ...BUCKET_UPDATE_INPUTS]) {
        if (isUnknown(news[key]) || JSON.stringify(oldInputs[key] ?? null) !== JSON.stringify(news[key] ?? null)) {
            detailed[key] = oldInputs[key] === undefined ? "ADD" : news[key] === undefined ? "DELETE" : "UPDATE";
            if (BUCKET_REPLACE_INPUTS.includes(key)) replaces.push(key);
        }
    }
    return { changes: Object.keys(detailed).length > 0, replaces, detailed };
}

function bucketResource(inputs: PropertyMap): PropertyMap {
    const resource: PropertyMap = { name: inputs.name, location: inputs.location };
    if (inputs.storageClass !== undefined) resource.storageClass = inputs.storageClass;
    if (inputs.labels !== undefined) resource.labels = inputs.labels;
    if (inputs.uniformBucketLevelAccess !== undefined) {
        resource.iamConfiguration = { uniformBucketLevelAccess: { enabled: inputs.uniformBucketLevelAccess } };
    }
    return resource;
}

function bucketOutputs(inputs: PropertyMap, res: PropertyMap): PropertyMap {
    return {
        ...inputs,
        name: res.name,
        location: String(res.location ?? inputs.location).toUpperCase(),
        storageClass: res.storageClass ?? "STANDARD",
        selfLink: res.selfLink,
        url: `gs://${String(res.name)}`,
        forceDestroy: inputs.forceDestroy ?? false,
        labels: res.labels ?? inputs.labels ?? {},
        uniformBucketLevelAccess: inputs.uniformBucketLevelAccess ?? false,
    };
}

export async function createBucket(gcs: GcsClient, inputs: PropertyMap): Promise<{ id: string; outs: PropertyMap }> {
    const project = encodeURIComponent(String(inputs.project ?? "demo-project"));
    const res = await gcs.ok("POST", `/storage/v1/b?project=${project}`, {
        body: JSON.stringify(bucketResource(inputs)),
        headers: { "Content-Type": "application/json" },
    });
    return { id: String(inputs.name), outs: bucketOutputs(inputs, res) };
}

export async function readBucket(gcs: GcsClient, inputs: PropertyMap): Promise<PropertyMap | undefined> {
    const r = await gcs.call("GET", `/storage/v1/b/${encodeURIComponent(String(inputs.name))}`);
    if (r.status === 404) return undefined;
    if (r.status >= 300)
        throw new Error(`Error reading bucket ${String(inputs.name)}: ${errorMessage(r.json, r.text)}`);
    return bucketOutputs(inputs, r.json);
}

export async function updateBucket(gcs: GcsClient, news: PropertyMap): Promise<PropertyMap> {
    const res = await gcs.ok("PATCH", `/storage/v1/b/${encodeURIComponent(String(news.name))}`, {
        body: JSON.stringify(bucketResource(news)),
        headers: { "Content-Type": "application/json" },
    });
    return bucketOutputs(news, res);
}

export async function deleteBucket(gcs: GcsClient, props: PropertyMap): Promise<void> {
    const name = String(props.name);
    const listing = await gcs.ok("GET", `${o(name)}?maxResults=1000`);
    const items = (listing.items as { name: string }[] | undefined) ?? [];
    if (items.length > 0) {
        if (props.forceDestroy !== true) {
            throw new Error(
                `Error trying to delete bucket ${name} containing objects without \`forceDestroy\` set to true`,
            );
        }
        for (const item of items) await gcs.ok("DELETE", o(name, item.name));
    }
    const r = await gcs.call("DELETE", `/storage/v1/b/${encodeURIComponent(name)}`);
    if (r.status >= 300 && r.status !== 404)
        throw new Error(`Error deleting bucket ${name}: ${errorMessage(r.json, r.text)}`);
}
