// Pulumi assets and archives as the engine sends them to a resource plugin (plain structs tagged with a signature
// key), turned into the bytes the real gcp plugin would upload: a file's or a string's bytes, and for an archive the
// bytes of a zip file (a .zip path is uploaded as is; a directory or a map of assets is zipped deterministically).

import * as fs from "node:fs";
import * as path from "node:path";
import { crc32 } from "node:zlib";

export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const ASSET_SIG = "c44067f5952c0a294b673a41bacd8c17";
export const ARCHIVE_SIG = "0def7320c3a5731c473e5ecbe6d01bc7";
/** The engine's value for "not known until apply" (preview). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export type PropertyMap = Record<string, unknown>;

export function isAsset(v: unknown): boolean {
    return typeof v === "object" && v !== null && (v as PropertyMap)[SIG_KEY] === ASSET_SIG;
}

export function isArchive(v: unknown): boolean {
    return typeof v === "object" && v !== null && (v as PropertyMap)[SIG_KEY] === ARCHIVE_SIG;
}

/**
 * What identifies an asset or archive's content for a diff: the engine's sha256 `hash` of it. (The engine elides
 * asset contents in Diff requests and sends only the hash; without one, where the content comes from.)
 */
export function assetIdentity(v: unknown): string {
    if (!isAsset(v) && !isArchive(v)) return JSON.stringify(v ?? null);
    const {
        hash,
        path: p,
        text,
        uri,
        assets,
    } = v as {
        hash?: string;
        path?: string;
        text?: string;
        uri?: string;
        assets?: unknown;
    };
    if (typeof hash === "string" && hash !== "") return hash;
    const names = typeof assets === "object" && assets !== null ? Object.keys(assets) : undefined;
    return JSON.stringify({ path: p, text, uri, assets: names });
}

function assetBytes(asset: PropertyMap): Buffer {
    if (typeof asset.text === "string") return Buffer.from(asset.text, "utf8");
    if (typeof asset.path === "string") return fs.readFileSync(asset.path);
    throw new Error(`the gcp stand-in supports file and string assets only (got ${JSON.stringify(asset)})`);
}

/** Files of an archive, relative path → bytes. */
function archiveEntries(archive: PropertyMap, into: Map<string, Buffer>, base: string): void {
    if (typeof archive.path === "string") {
        const root = archive.path;
        const walk = (dir: string, rel: string): void => {
            for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
                const abs = path.join(dir, entry.name);
                const relPath = rel === "" ? entry.name : `${rel}/${entry.name}`;
                if (entry.isDirectory()) walk(abs, relPath);
                else if (entry.isFile()) into.set(`${base}${relPath}`, fs.readFileSync(abs));
            }
        };
        walk(root, "");
        return;
    }
    if (typeof archive.assets === "object" && archive.assets !== null) {
        for (const [name, value] of Object.entries(archive.assets as PropertyMap)) {
            if (isAsset(value)) into.set(`${base}${name}`, assetBytes(value as PropertyMap));
            else if (isArchive(value)) archiveEntries(value as PropertyMap, into, `${base}${name}/`);
        }
        return;
    }
    throw new Error(`the gcp stand-in supports file, directory and asset-map archives only`);
}

/** A zip file with stored (uncompressed) entries, sorted, all dated 1980-01-01: same files, same bytes. */
function zip(entries: Map<string, Buffer>): Buffer {
    const local: Buffer[] = [];
    const central: Buffer[] = [];
    let offset = 0;
    for (const name of [...entries.keys()].sort()) {
        const data = entries.get(name) as Buffer;
        const nameBytes = Buffer.from(name, "utf8");
        const crc = crc32(data) >>> 0;
        const header = Buffer.alloc(30);
        header.writeUInt32LE(0x04034b50, 0);
        header.writeUInt16LE(20, 4); // version needed
        header.writeUInt16LE(0x0800, 6); // UTF-8 names
        header.writeUInt16LE(0, 8); // stored
        header.writeUInt16LE(0, 10); // time
        header.writeUInt16LE(0x21, 12); // date: 1980-01-01
        header.writeUInt32LE(crc, 14);
        header.writeUInt32LE(data.length, 18);
        header.writeUInt32LE(data.length, 22);
        header.writeUInt16LE(nameBytes.length, 26);
        local.push(header, nameBytes, data);
        const entry = Buffer.alloc(46);
        entry.writeUInt32LE(0x02014b50, 0);
        entry.writeUInt16LE(20, 4);
        entry.writeUInt16LE(20, 6);
        entry.writeUInt16LE(0x0800, 8);
        entry.writeUInt16LE(0, 10);
        entry.writeUInt16LE(0, 12);
        entry.writeUInt16LE(0x21, 14);
        entry.writeUInt32LE(crc, 16);
        entry.writeUInt32LE(data.length, 20);
        entry.writeUInt32LE(data.length, 24);
        entry.writeUInt16LE(nameBytes.length, 28);
        entry.writeUInt32LE(offset, 42);
        central.push(entry, nameBytes);
        offset += header.length + nameBytes.length + data.length;
    }
    const centralSize = central.reduce((n, b) => n + b.length, 0);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(entries.size, 8);
    end.writeUInt16LE(entries.size, 10);
    end.writeUInt32LE(centralSize, 12);
    end.writeUInt32LE(offset, 16);
    return Buffer.concat([...local, ...central, end]);
}

/** Whether the engine sent the asset's contents (a path, text or members), not just its hash. */
export function hasContents(v: unknown): boolean {
    const a = v as { path?: unknown; text?: unknown; assets?: unknown };
    return (isAsset(v) || isArchive(v)) && (a.path !== undefined || a.text !== undefined || a.assets !== undefined);
}

/** The bytes an object with this `source` holds. */
export function sourceBytes(source: PropertyMap): Buffer {
    if (isAsset(source)) return assetBytes(source);
    if (isArchive(source)) {
        if (typeof source.path === "string" && fs.statSync(source.path).isFile()) {
            if (!source.path.endsWith(".zip")) {
                throw new Error(`the gcp stand-in uploads .zip file archives and directories only (${source.path})`);
            }
            return fs.readFileSync(source.path);
        }
        const entries = new Map<string, Buffer>();
        archiveEntries(source, entries, "");
        return zip(entries);
    }
    throw new Error("source must be an asset or an archive");
}
