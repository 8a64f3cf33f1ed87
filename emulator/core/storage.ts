// The Cloud Storage endpoint the emulator checks model files against (a GCS JSON API such as fake-gcs-server), shared
// by every API: `--storage-url`, `EmulatorOptions.storageUrl`, `POST /__emulator/storage`. Without one, nothing is
// checked. Each API decides what it checks (ml: emulator/ml/artifacts.ts).

/** `http://host:port`, `http://host:port/` or `http://host:port/storage/v1/` → `http://host:port`. */
export function normalizeStorageUrl(url: string): string {
    const parsed = new URL(url);
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
        throw new Error(`the Cloud Storage endpoint must be an http(s) URL, got '${url}'`);
    }
    return `${parsed.origin}${parsed.pathname.replace(/\/+$/, "").replace(/\/storage\/v1$/, "")}`;
}

/** A gs:// URI split into bucket and object name (or prefix). */
export function parseGcsUri(uri: string): { bucket: string; path: string } | undefined {
    const m = /^gs:\/\/([^/]+)\/?(.*)$/.exec(uri);
    return m ? { bucket: m[1], path: m[2] } : undefined;
}

/** Object names under a prefix, or the bucket is missing. */
export type Listing = { kind: "objects"; names: string[] } | { kind: "noBucket" };

export class CloudStorage {
    private baseUrl: string | undefined;

    constructor(storageUrl?: string) {
        this.set(storageUrl);
    }

    /** The Cloud Storage endpoint in use, or undefined when nothing is checked. */
    get url(): string | undefined {
        return this.baseUrl;
    }

    set(storageUrl: string | undefined): void {
        this.baseUrl = storageUrl === undefined || storageUrl === "" ? undefined : normalizeStorageUrl(storageUrl);
    }

    /** Object names starting with `prefix`, via the JSON API's objects.list (every page). */
    async list(bucket: string, prefix: string): Promise<Listing> {
        const base = this.baseUrl;
        if (base === undefined) throw new Error("no Cloud Storage endpoint");
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
