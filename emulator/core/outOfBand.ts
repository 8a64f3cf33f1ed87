// Out-of-band changes "as if done in the Cloud Console" are each API's (ApiModule.outOfBand); the core routes them
// by resource name and answers a missing resource with 404 (admin API).

import { snakeToCamel } from "./proto3json";

/** Thrown when the named resource does not exist (the admin API answers 404). */
export class OutOfBandNotFound extends Error {}

/** `snake_case` keys of an out-of-band patch as the lowerCamelCase json names the records use. */
export function camelizeKeys(fields: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(fields)) out[snakeToCamel(k)] = v;
    return out;
}
