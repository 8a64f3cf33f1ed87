// Log of API requests (admin requests excluded) so tests can assert on what a client actually sent.

import type { RecordedRequest } from "./types";

export class RequestLog {
    private entries: RecordedRequest[] = [];
    private seq = 0;

    add(entry: Omit<RecordedRequest, "seq">): RecordedRequest {
        const recorded: RecordedRequest = { seq: ++this.seq, ...entry };
        this.entries.push(recorded);
        return recorded;
    }

    all(): RecordedRequest[] {
        return structuredClone(this.entries);
    }

    clear(): void {
        this.entries = [];
    }
}
