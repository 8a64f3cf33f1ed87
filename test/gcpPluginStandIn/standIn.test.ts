// The gcp plugin stand-in's resource logic against fake-gcs-server, property by property of the real schema: source
// assets (file, string, archive), content, contentType, md5hash/detectMd5hash diffs (including the engine's
// hash-only assets in Diff requests), name/bucket replacement, create/read/update/delete, refresh, Bucket.

import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ARCHIVE_SIG, ASSET_SIG, SIG_KEY, UNKNOWN, type PropertyMap } from "./assets";
import {
    GcsClient,
    checkBucket,
    checkBucketObject,
    createBucket,
    createBucketObject,
    deleteBucket,
    deleteBucketObject,
    diffBucket,
    diffBucketObject,
    readBucket,
    readBucketObject,
    updateBucketObject,
} from "./resources";
import { startFakeGcs, type FakeGcs } from "../helpers/fakeGcs";

jest.setTimeout(60_000);

let fake: FakeGcs;
let gcs: GcsClient;
const BUCKET = "stand-in";
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gcp-stand-in-"));

beforeAll(async () => {
    fake = await startFakeGcs();
    await fake.createBucket(BUCKET);
    gcs = new GcsClient(fake.url);
});
afterAll(async () => {
    await fake?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
});

const md5 = (b: Buffer | string) => createHash("md5").update(b).digest("base64");
const sha = (b: Buffer | string) => createHash("sha256").update(b).digest("hex");
const fileAsset = (p: string): PropertyMap => ({ [SIG_KEY]: ASSET_SIG, path: p, hash: sha(fs.readFileSync(p)) });
const stringAsset = (text: string): PropertyMap => ({ [SIG_KEY]: ASSET_SIG, text, hash: sha(text) });
/** What the engine sends in Diff requests: the asset's hash only. */
const hashOnly = (a: PropertyMap): PropertyMap => ({ [SIG_KEY]: a[SIG_KEY], hash: a.hash });

function file(name: string, content: string | Buffer): string {
    const p = path.join(dir, name);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, content);
    return p;
}

async function download(name: string): Promise<Buffer> {
    const res = await fetch(`${fake.url}/download/storage/v1/b/${BUCKET}/o/${encodeURIComponent(name)}?alt=media`);
    expect(res.status).toBe(200);
    return Buffer.from(await res.arrayBuffer());
}

async function create(inputs: PropertyMap) {
    const checked = checkBucketObject(inputs);
    expect(checked.failures).toEqual([]);
    return { inputs: checked.inputs, ...(await createBucketObject(gcs, checked.inputs)) };
}

describe("BucketObject", () => {
    test("a file asset: uploaded byte for byte, outputs as the real schema names them, id bucket-name", async () => {
        const bytes = Buffer.from([0, 1, 2, 250, 251]);
        const created = await create({
            bucket: BUCKET,
            name: "f/model.joblib",
            source: fileAsset(file("m.joblib", bytes)),
        });
        expect(created.id).toBe(`${BUCKET}-f/model.joblib`);
        expect(created.outs).toMatchObject({
            bucket: BUCKET,
            name: "f/model.joblib",
            outputName: "f/model.joblib",
            md5hash: md5(bytes),
            md5hexhash: createHash("md5").update(bytes).digest("hex"),
            detectMd5hash: md5(bytes),
            contentType: "application/octet-stream",
            storageClass: "STANDARD",
            temporaryHold: false,
            eventBasedHold: false,
            deletionPolicy: "DELETE",
        });
        expect(typeof created.outs.crc32c).toBe("string");
        expect(typeof created.outs.generation).toBe("number");
        expect(String(created.outs.mediaLink)).toContain("f%2Fmodel.joblib");
        expect((await download("f/model.joblib")).equals(bytes)).toBe(true);
    });

    test("a string asset, and content with contentType and cacheControl", async () => {
        const s = await create({ bucket: BUCKET, name: "s/readme.txt", source: stringAsset("hello") });
        expect(s.outs).toMatchObject({ md5hash: md5("hello"), contentType: "text/plain; charset=utf-8" });
        expect((await download("s/readme.txt")).toString()).toBe("hello");
        const c = await create({
            bucket: BUCKET,
            name: "c/data.json",
            content: '{"a":1}',
            contentType: "application/json",
            cacheControl: "no-store",
        });
        expect(c.outs).toMatchObject({
            md5hash: md5('{"a":1}'),
            contentType: "application/json",
            cacheControl: "no-store",
        });
        expect((await download("c/data.json")).toString()).toBe('{"a":1}');
    });

    test("an archive (directory or asset map) becomes the same zip every time", async () => {
        file("arch/a.txt", "A");
        file("arch/sub/b.txt", "B");
        const archive = { [SIG_KEY]: ARCHIVE_SIG, path: path.join(dir, "arch"), hash: "h" };
        const first = await create({ bucket: BUCKET, name: "z/one.zip", source: archive });
        const again = await create({ bucket: BUCKET, name: "z/two.zip", source: archive });
        expect(first.outs.md5hash).toBe(again.outs.md5hash);
        const zip = await download("z/one.zip");
        expect(zip.subarray(0, 4).toString("hex")).toBe("504b0304");
        expect(zip.includes(Buffer.from("sub/b.txt"))).toBe(true);
        const map = { [SIG_KEY]: ARCHIVE_SIG, assets: { "a.txt": stringAsset("A") }, hash: "m" };
        const fromMap = await create({ bucket: BUCKET, name: "z/map.zip", source: map });
        expect((await download("z/map.zip")).includes(Buffer.from("a.txt"))).toBe(true);
        expect(fromMap.outs.md5hash).not.toBe(first.outs.md5hash);
    });

    test("check: exactly one of source and content, bucket and name required, detectMd5hash defaults to 'different hash'", () => {
        expect(checkBucketObject({ bucket: "b", name: "n", content: "x" })).toEqual({
            inputs: { bucket: "b", name: "n", content: "x", detectMd5hash: "different hash" },
            failures: [],
        });
        expect(checkBucketObject({ bucket: "b", name: "n" }).failures).toEqual([
            { property: "source", reason: expect.stringContaining("only one of `content,source`") },
        ]);
        expect(
            checkBucketObject({ bucket: "b", name: "n", content: "x", source: stringAsset("y") }).failures,
        ).toHaveLength(1);
        expect(checkBucketObject({ content: "x" }).failures.map((f) => f.property)).toEqual(["bucket", "name"]);
        expect(checkBucketObject({ bucket: "b", name: "n", content: "x", kmsKeyName: "k" }).failures).toEqual([
            { property: "kmsKeyName", reason: expect.stringContaining("test double") },
        ]);
        expect(checkBucketObject({ bucket: "b", name: "n", content: "x", temporaryHold: true }).failures).toEqual([
            { property: "temporaryHold", reason: expect.stringContaining("test double") },
        ]);
    });

    describe("diff", () => {
        const p = () => file("d/model.pkl", "v1");
        let outs: PropertyMap;
        let inputs: PropertyMap;
        beforeAll(async () => {
            const created = await create({ bucket: BUCKET, name: "d/model.pkl", source: fileAsset(p()) });
            outs = created.outs;
            inputs = created.inputs;
        });

        test.each([
            [
                "nothing changed (the engine sends the asset's hash only)",
                () => ({ ...inputs, source: hashOnly(inputs.source as PropertyMap) }),
                [],
            ],
            ["nothing changed (asset with its path)", () => inputs, []],
            [
                "the file's bytes changed",
                () => ({ ...inputs, source: hashOnly(stringAsset("v2")) }),
                ["source", "detectMd5hash"],
            ],
            ["the name changed", () => ({ ...inputs, name: "d/other.pkl" }), ["name"]],
            ["the bucket changed", () => ({ ...inputs, bucket: "elsewhere" }), ["bucket"]],
            ["contentType changed", () => ({ ...inputs, contentType: "text/plain" }), ["contentType"]],
            ["the name is unknown (preview)", () => ({ ...inputs, name: UNKNOWN }), ["name"]],
        ])("%s", (_title, news, replaces) => {
            const result = diffBucketObject(outs, inputs, news());
            expect(result.replaces).toEqual(replaces);
            // Only a replacement under the same bucket and name must delete the original first.
            const reasons: string[] = replaces;
            const sameObject = reasons.length > 0 && !reasons.includes("name") && !reasons.includes("bucket");
            expect(result.deleteBeforeReplace === true).toBe(sameObject);
        });

        test("content: compared by md5 with the object as last read (the real DiffSuppressFunc)", async () => {
            const c = await create({ bucket: BUCKET, name: "d/c.txt", content: "same" });
            expect(diffBucketObject(c.outs, c.inputs, { ...c.inputs, content: "same" }).changes).toBe(false);
            expect(diffBucketObject(c.outs, c.inputs, { ...c.inputs, content: "new" }).replaces).toEqual([
                "content",
                "detectMd5hash",
            ]);
        });

        test("refresh after an out-of-band overwrite: md5hash is the server's, and the next diff replaces (detectMd5hash)", async () => {
            await fetch(`${fake.url}/upload/storage/v1/b/${BUCKET}/o?uploadType=media&name=d%2Fmodel.pkl`, {
                method: "POST",
                body: "tampered",
            });
            const refreshed = await readBucketObject(gcs, inputs, outs.detectMd5hash as string);
            expect(refreshed).toMatchObject({ md5hash: md5("tampered"), detectMd5hash: md5("v1") });
            const result = diffBucketObject(refreshed as PropertyMap, inputs, {
                ...inputs,
                source: hashOnly(inputs.source as PropertyMap),
            });
            expect(result).toMatchObject({ changes: true, replaces: ["detectMd5hash"], deleteBeforeReplace: true });
        });
    });

    test("update changes deletionPolicy in place; delete removes the object; reading a deleted object says it is gone", async () => {
        const created = await create({ bucket: BUCKET, name: "u/x.txt", content: "x" });
        const news = { ...created.inputs, deletionPolicy: "ABANDON" };
        expect(diffBucketObject(created.outs, created.inputs, news)).toMatchObject({ changes: true, replaces: [] });
        const updated = await updateBucketObject(gcs, created.outs, news);
        expect(updated).toMatchObject({ deletionPolicy: "ABANDON", md5hash: md5("x") });
        const released = await updateBucketObject(gcs, updated, created.inputs);
        await deleteBucketObject(gcs, released);
        expect(await readBucketObject(gcs, created.inputs)).toBeUndefined();
        await expect(deleteBucketObject(gcs, released)).resolves.toBeUndefined(); // 404 is fine
    });

    test("deletionPolicy: ABANDON leaves the object, PREVENT refuses", async () => {
        const created = await create({ bucket: BUCKET, name: "p/x.txt", content: "x" });
        await deleteBucketObject(gcs, { ...created.outs, deletionPolicy: "ABANDON" });
        expect(await readBucketObject(gcs, created.inputs)).toBeDefined();
        await expect(deleteBucketObject(gcs, { ...created.outs, deletionPolicy: "PREVENT" })).rejects.toThrow(
            'without setting deletionPolicy to "DELETE"',
        );
    });

    test("an upload into a missing bucket fails naming the object", async () => {
        const checked = checkBucketObject({ bucket: "no-such-bucket", name: "a.txt", content: "x" });
        await expect(createBucketObject(gcs, checked.inputs)).rejects.toThrow(
            /^Error uploading object a\.txt: googleapi: Error 404/,
        );
    });
});

describe("Bucket", () => {
    test("autonamed from the logical name, created, read, and deleted only when empty unless forceDestroy", async () => {
        const urn = "urn:pulumi:s::p::gcp:storage/bucket:Bucket::models";
        const checked = checkBucket(urn, {}, { location: "US-CENTRAL1" }, "demo-project", "seed");
        expect(checked.failures).toEqual([]);
        expect(checked.inputs.name).toMatch(/^models-[0-9a-f]{7}$/);
        expect(checkBucket(urn, {}, { location: "US-CENTRAL1" }, "demo-project", "seed").inputs.name).toBe(
            checked.inputs.name,
        );
        expect(checkBucket(urn, { name: "kept" }, { location: "EU" }, undefined, "x").inputs.name).toBe("kept");
        expect(checkBucket(urn, {}, {}, undefined, "x").failures.map((f) => f.property)).toEqual(["location"]);

        const created = await createBucket(gcs, checked.inputs);
        expect(created.outs).toMatchObject({
            name: checked.inputs.name,
            url: `gs://${String(checked.inputs.name)}`,
            forceDestroy: false,
        });
        expect(await readBucket(gcs, checked.inputs)).toBeDefined();
        expect(diffBucket(checked.inputs, { ...checked.inputs, location: "EU" }).replaces).toEqual(["location"]);
        expect(diffBucket(checked.inputs, { ...checked.inputs, forceDestroy: true })).toMatchObject({
            changes: true,
            replaces: [],
        });

        const name = String(checked.inputs.name);
        const obj = checkBucketObject({ bucket: name, name: "x", content: "x" });
        await createBucketObject(gcs, obj.inputs);
        await expect(deleteBucket(gcs, created.outs)).rejects.toThrow(
            "containing objects without `forceDestroy` set to true",
        );
        await deleteBucket(gcs, { ...created.outs, forceDestroy: true });
        expect(await readBucket(gcs, checked.inputs)).toBeUndefined();
    });
});
