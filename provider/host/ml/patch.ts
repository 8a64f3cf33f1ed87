// PATCH with optimistic concurrency: send the masked fields with the etag we hold and, when the refusal can be
// explained (a stale etag, a busy resource), send the same fields again with a fresh etag.

import { buildPatchRequest, type PatchRequest } from "../../plan/updateMask";
import { ApiError } from "../apiError";

/** What a refusal turned out to mean: send the fields again on a fresh etag, or nothing is left to send. */
export type PatchRecovery = { readonly retryWithEtag: string | undefined } | { readonly applied: true };

/**
 * Sends the masked fields of `news` with the etag we hold. When `recover` can explain a refusal (a stale etag, a
 * busy resource) it either finds the change already applied (our earlier attempt went through and its response
 * was lost) or returns a fresh etag, and the same fields are sent again, so an update is neither lost nor
 * overwrites fields outside the mask; otherwise `recover` rethrows.
 */
export async function patchWithRecovery(
    rules: Parameters<typeof buildPatchRequest>[0],
    mask: readonly string[],
    news: object,
    etag: string | undefined,
    send: (request: PatchRequest) => Promise<void>,
    recover: (refusal: ApiError, request: PatchRequest) => Promise<PatchRecovery>,
    maxAttempts: number,
): Promise<void> {
    for (let attempt = 1; ; attempt++) {
        const request = buildPatchRequest(rules, mask, news, etag);
        try {
            await send(request);
            return;
        } catch (err) {
            if (!(err instanceof ApiError) || attempt >= maxAttempts) {
                throw err;
            }
            const recovery = await recover(err, request);
            if ("applied" in recovery) {
                return;
            }
            etag = recovery.retryWithEtag;
        }
    }
}
