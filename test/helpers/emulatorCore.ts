// One API request to an in-process emulator core (no HTTP server in between): synchronous, so what the request did
// (an operation created, a journal line written) exists the moment it returns, whatever the machine's load.

import type { Emulator } from "../../emulator/core/emulator";
import type { Json } from "./emulatorProcess";

/** Any bearer token will do: the emulator checks that one is present, not what it is. */
export const CORE_AUTH = { authorization: "Bearer t" } as const;

/** `pathAndQuery` as the server would see it, e.g. `/v1/projects/p/operations?filter=done%3Dtrue`. */
export function callCore(
    emulator: Emulator,
    method: string,
    pathAndQuery: string,
    body?: unknown,
): { status: number; body: Json } {
    const [path, query = ""] = pathAndQuery.split("?");
    const outcome = emulator.handleApi({
        method,
        path: path,
        query: new URLSearchParams(query),
        headers: CORE_AUTH,
        bodyText: body === undefined ? "" : JSON.stringify(body),
    });
    if (outcome.kind !== "respond") throw new Error(`${method} ${pathAndQuery}: the emulator dropped the connection`);
    return { status: outcome.status, body: outcome.body };
}
