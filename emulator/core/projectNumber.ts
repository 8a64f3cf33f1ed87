// Operation metadata carries the project *number*; the emulator has no project registry, so unless
// one is configured it derives a stable fake 12-digit number from the project id.

import { createHash } from "node:crypto";

export function derivedProjectNumber(projectId: string): string {
    const digest = createHash("sha256").update(projectId).digest();
    const n = digest.readBigUInt64BE(0) % 900000000000n;
    return String(n + 100000000000n);
}
