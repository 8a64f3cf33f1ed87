// Log of API requests (admin requests excluded, refused ones included) so tests can assert on what a
// client actually sent. Bounded in entries and in body bytes: a long-running emulator fed large
// bodies must not grow without limit. The oldest entries go first; `seq` keeps counting.

import { MAX_JSON_DEPTH, jsonNestingDepth } from "./limits";
import type { RecordedRequest } from "../types";

export interface RequestLogLimits {
    /** Most entries kept. */
    maxEntries: number;
    /** Most body bytes kept over all entries. */
    maxTotalBodyBytes: number;
    /** A body larger than this is replaced by a placeholder string. */
    maxBodyBytes: number;
}

export const DEFAULT_REQUEST_LOG_LIMITS: RequestLogLimits = {
    maxEntries: 2000,
    maxTotalBodyBytes: 8 * 1024 * 1024,
    maxBodyBytes: 256 * 1024,
};

interface Stored {
    entry: RecordedRequest;
    bodyBytes: number;
}

export class RequestLog {
    private entries: Stored[] = [];
    private head = 0;
    private totalBodyBytes = 0;
    private seq = 0;

    constructor(private readonly limits: RequestLogLimits = DEFAULT_REQUEST_LOG_LIMITS) {}

    /** `bodyText` is the body as received; it is parsed for the log only when small enough to keep. */
    add(entry: Omit<RecordedRequest, "seq" | "body">, bodyText: string, bodyBytes = Buffer.byteLength(bodyText)): void {
        const kept = bodyBytes <= this.limits.maxBodyBytes;
        const body = kept ? parseBodyForLog(bodyText) : `<${bodyBytes} bytes, omitted from the request log>`;
        const recorded: RecordedRequest = { seq: ++this.seq, ...entry, body };
        const stored = { entry: recorded, bodyBytes: kept ? bodyBytes : 0 };
        this.entries.push(stored);
        this.totalBodyBytes += stored.bodyBytes;
        while (
            this.entries.length - this.head > this.limits.maxEntries ||
            this.totalBodyBytes > this.limits.maxTotalBodyBytes
        ) {
            const oldest = this.entries[this.head++];
            this.totalBodyBytes -= oldest.bodyBytes;
        }
        // Compact the array once the evicted prefix dominates (amortized O(1) per add).
        if (this.head > 1024 && this.head * 2 > this.entries.length) {
            this.entries = this.entries.slice(this.head);
            this.head = 0;
        }
    }

    all(): RecordedRequest[] {
        return structuredClone(this.entries.slice(this.head).map((s) => s.entry));
    }

    /** Entries and body bytes currently held (for tests of the bounds). */
    size(): { entries: number; bodyBytes: number } {
        return { entries: this.entries.length - this.head, bodyBytes: this.totalBodyBytes };
    }

    clear(): void {
        this.entries = [];
        this.head = 0;
        this.totalBodyBytes = 0;
    }
}

function parseBodyForLog(text: string): unknown {
    if (text.trim() === "") return null;
    // Kept as text when too deep to parse, clone and print safely.
    if (jsonNestingDepth(text) > MAX_JSON_DEPTH) return text;
    try {
        return JSON.parse(text) as unknown;
    } catch {
        return text;
    }
}
