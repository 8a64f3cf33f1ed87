// Route matching (first route of an API's table whose method and pattern match) and query-parameter binding rules:
// the standard system parameters plus each method's own, in camel or snake form.

import type { Route } from "./api";
import { ApiError, transcodingError } from "./errors";
import { decodePathSegment } from "./limits";

/** System parameters accepted (and ignored) on every method (discovery doc `parameters`). */
const STANDARD_PARAMS: readonly string[] = [
    "$.xgafv",
    "access_token",
    "alt",
    "callback",
    "fields",
    "key",
    "oauth_token",
    "prettyPrint",
    "quotaUser",
    "uploadType",
    "upload_protocol",
];

export interface RouteMatch {
    route: Route;
    params: string[];
}

/** Throws 400 when a segment decodes to something Google's path templates cannot match (`a%2Fb`, `..`). */
export function matchRoute(routes: readonly Route[], method: string, path: string): RouteMatch | undefined {
    for (const route of routes) {
        if (route.method !== method) continue;
        const m = route.pattern.exec(path);
        if (!m) continue;
        return { route, params: m.slice(1).map((s) => decodePathSegment(s)) };
    }
    return undefined;
}

function snake(s: string): string {
    return s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** ESF rejects query parameters that bind to no field of the request message. */
export function checkQueryParams(route: Route, query: URLSearchParams): void {
    for (const key of query.keys()) {
        if (STANDARD_PARAMS.includes(key)) continue;
        if (route.queryParams.some((q) => q === key || snake(q) === key)) continue;
        throw transcodingError(
            "",
            `Invalid JSON payload received. Unknown name "${key}": Cannot bind query parameter. ` +
                `Field '${key}' could not be found in request message.`,
        );
    }
}

export function routeNotFound(path: string): ApiError {
    return new ApiError("NOT_FOUND", `The requested URL ${path} was not found on this server.`);
}
