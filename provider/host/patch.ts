// PATCH with optimistic concurrency: send the masked fields with the etag we hold and, when the refusal can be
// explained (a stale etag, a busy resource), send the same fields again with a fresh etag.

import { buildPatchRequest, PatchRequest } from "../spec/updateMask";
import { ApiError } from "./apiError";

/**
 * Sends the masked fields of `news` with the etag we hold. When `recover` can explain a refusal (a stale etag, a
 * busy resource) it returns a fresh etag and the same fields are sent again, so an update is neither lost nor
 * overwrites fields outside the mask; otherwise `recover` rethrows.
 */
export async function patchWithRecovery(
    mask: readonly string[],
    news: object,
    etag: string | undefined,
    send: (request: PatchRequest) => Promise<void>,
    recover: (refusal: ApiError) => Promise<string | undefined>,
    maxAttempts: number,
): Promise<void> {
    for (let attempt = 1; ; attempt++) {
        try {
            await send(buildPatchRequest(mask, news, etag));
            return;
        } catch (err) {
            if (!(err instanceof ApiError) || attempt >= maxAttempts) {
                throw err;
            }
            etag = await recover(err);
        }
    }
}
