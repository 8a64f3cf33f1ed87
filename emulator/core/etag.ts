// Etags: base64 of 8 random bytes (12 chars), the format observed on real resources, e.g. "BlXqEgx9VQg=".

import { randomBytes } from "node:crypto";
import { ApiError } from "./errors";

export function newEtag(): string {
    return randomBytes(8).toString("base64");
}

/** A PATCH carrying an etag must match the current one (optimistic concurrency); no etag = blind write. */
export function checkEtag(requestEtag: string | undefined, currentEtag: string): void {
    if (requestEtag !== undefined && requestEtag !== "" && requestEtag !== currentEtag) {
        throw new ApiError(
            "ABORTED",
            "The etag in the request does not match the current etag of the resource. " +
                "Read the resource again and retry the update with the new etag.",
        );
    }
}
