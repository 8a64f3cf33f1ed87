// Etags: base64 of 8 random bytes (12 chars), the format observed on real resources, e.g. "BlXqEgx9VQg=".

import { randomBytes } from "node:crypto";

export function newEtag(): string {
    return randomBytes(8).toString("base64");
}
