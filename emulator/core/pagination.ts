// List pagination: pageSize default 20 / max 100 (larger values are clamped), opaque cursor tokens
// that encode the sort key of the last item returned (stable under concurrent inserts/deletes).

import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "./constants";
import { invalidField, transcodingError } from "./errors";

export interface Page<T> {
    items: T[];
    nextPageToken?: string;
}

export function parsePageSize(raw: string | undefined): number {
    if (raw === undefined || raw === "") return DEFAULT_PAGE_SIZE;
    if (!/^-?\d+$/.test(raw)) {
        throw transcodingError("page_size", `Invalid value at 'page_size' (TYPE_INT32), "${raw}"`);
    }
    const n = Number(raw);
    if (n <= 0) return DEFAULT_PAGE_SIZE;
    return Math.min(n, MAX_PAGE_SIZE);
}

function encodeToken(key: string): string {
    return Buffer.from(JSON.stringify({ after: key }), "utf8").toString("base64url");
}

function decodeToken(token: string): string {
    try {
        const parsed: unknown = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
        if (typeof parsed === "object" && parsed !== null && "after" in parsed && typeof parsed.after === "string") {
            return parsed.after;
        }
    } catch {
        // fall through to the error below
    }
    throw invalidField("page_token", "The page token is invalid.");
}

/** `sorted` must already be ordered by `keyOf` (ascending). */
export function paginate<T>(
    sorted: T[],
    keyOf: (item: T) => string,
    pageSize: number,
    pageToken: string | undefined,
): Page<T> {
    let start = 0;
    if (pageToken) {
        const after = decodeToken(pageToken);
        start = sorted.findIndex((item) => keyOf(item) > after);
        if (start < 0) start = sorted.length;
    }
    const items = sorted.slice(start, start + pageSize);
    const page: Page<T> = { items };
    const last = items[items.length - 1];
    if (start + pageSize < sorted.length && last !== undefined) page.nextPageToken = encodeToken(keyOf(last));
    return page;
}
