// Bounds on what one request, and the request log, may cost. Every limit is answered with a 4xx,
// never a 500, and none of them is confirmed for the real service (emulator/BEHAVIOUR.md).

import { ApiError } from "./errors";

/** Largest request body read (Google's front end refuses bodies over 10 MiB). */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;
/** Deepest JSON nesting accepted (protobuf's default recursion limit). */
export const MAX_JSON_DEPTH = 100;

export function bodyTooLarge(bytes: number): ApiError {
    return new ApiError(
        "INVALID_ARGUMENT",
        `Request payload size exceeds the limit: ${MAX_BODY_BYTES} bytes (got ${bytes} bytes).`,
        [],
        413,
    );
}

/** Deepest `{`/`[` nesting of a JSON text, ignoring brackets inside strings; O(n), no recursion. */
export function jsonNestingDepth(text: string): number {
    let depth = 0;
    let deepest = 0;
    let inString = false;
    for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (inString) {
            if (c === 0x5c)
                i++; // backslash: skip the escaped character
            else if (c === 0x22) inString = false;
        } else if (c === 0x22) inString = true;
        else if (c === 0x7b || c === 0x5b) deepest = Math.max(deepest, ++depth);
        else if (c === 0x7d || c === 0x5d) depth--;
    }
    return deepest;
}

export function checkJsonDepth(text: string): void {
    const depth = jsonNestingDepth(text);
    if (depth > MAX_JSON_DEPTH) {
        throw new ApiError(
            "INVALID_ARGUMENT",
            `Invalid JSON payload received. Nesting depth ${depth} exceeds the limit of ${MAX_JSON_DEPTH}.`,
        );
    }
}

/** Google's path templates (`projects/*`, `models/*`): a decoded segment is `^[^/]+$`, and never `.`/`..`. */
export function decodePathSegment(raw: string): string {
    let decoded: string;
    try {
        decoded = decodeURIComponent(raw);
    } catch {
        throw invalidSegment(raw);
    }
    if (!/^[^/]+$/.test(decoded) || decoded === "." || decoded === "..") throw invalidSegment(raw);
    return decoded;
}

function invalidSegment(raw: string): ApiError {
    return new ApiError("INVALID_ARGUMENT", `Invalid resource name segment '${raw}' in the request URL.`);
}
