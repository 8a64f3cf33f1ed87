// Route table of the v1 REST surface (discovery doc paths, `{+name}` expansion) and query-parameter
// binding rules: the standard system parameters plus each method's own, in camel or snake form.

import type { ApiContext } from "./context";
import { ApiError, transcodingError } from "./errors";
import { decodePathSegment } from "./limits";
import * as models from "../ml/modelsApi";
import * as operations from "../ml/operationsApi";
import * as versions from "../ml/versionsApi";

export interface Route {
    method: "GET" | "POST" | "PATCH" | "DELETE";
    pattern: RegExp;
    /** RPC name, as reported in ErrorInfo metadata. */
    rpc: string;
    /** Method-specific query parameters (json names; snake_case forms are accepted too). */
    queryParams: readonly string[];
    /** Starts a long-running operation (eligible for operationFailed/operationHang faults). */
    startsOperation: boolean;
    handle(ctx: ApiContext, params: string[]): unknown;
}

const SEG = "([^/]+)";
const ID = "([^/:]+)";
const LIST_PARAMS = ["filter", "pageSize", "pageToken"];
const MODEL_SVC = "google.cloud.ml.v1.ModelService";
const OPS_SVC = "google.longrunning.Operations";

function p(params: string[], i: number): string {
    return params[i] as string;
}

export const ROUTES: readonly Route[] = [
    {
        method: "POST",
        pattern: new RegExp(`^/v1/projects/${SEG}/models$`),
        rpc: `${MODEL_SVC}.CreateModel`,
        queryParams: [],
        startsOperation: false,
        handle: (ctx, a) => models.createModel(ctx, p(a, 0)),
    },
    {
        method: "GET",
        pattern: new RegExp(`^/v1/projects/${SEG}/models$`),
        rpc: `${MODEL_SVC}.ListModels`,
        queryParams: LIST_PARAMS,
        startsOperation: false,
        handle: (ctx, a) => models.listModels(ctx, p(a, 0)),
    },
    {
        method: "GET",
        pattern: new RegExp(`^/v1/projects/${SEG}/models/${ID}$`),
        rpc: `${MODEL_SVC}.GetModel`,
        queryParams: [],
        startsOperation: false,
        handle: (ctx, a) => models.getModel(ctx, p(a, 0), p(a, 1)),
    },
    {
        method: "PATCH",
        pattern: new RegExp(`^/v1/projects/${SEG}/models/${ID}$`),
        rpc: `${MODEL_SVC}.UpdateModel`,
        queryParams: ["updateMask"],
        startsOperation: true,
        handle: (ctx, a) => models.patchModel(ctx, p(a, 0), p(a, 1)),
    },
    {
        method: "DELETE",
        pattern: new RegExp(`^/v1/projects/${SEG}/models/${ID}$`),
        rpc: `${MODEL_SVC}.DeleteModel`,
        queryParams: [],
        startsOperation: true,
        handle: (ctx, a) => models.deleteModel(ctx, p(a, 0), p(a, 1)),
    },
    {
        method: "POST",
        pattern: new RegExp(`^/v1/projects/${SEG}/models/${SEG}/versions$`),
        rpc: `${MODEL_SVC}.CreateVersion`,
        queryParams: [],
        startsOperation: true,
        handle: (ctx, a) => versions.createVersion(ctx, p(a, 0), p(a, 1)),
    },
    {
        method: "GET",
        pattern: new RegExp(`^/v1/projects/${SEG}/models/${SEG}/versions$`),
        rpc: `${MODEL_SVC}.ListVersions`,
        queryParams: LIST_PARAMS,
        startsOperation: false,
        handle: (ctx, a) => versions.listVersions(ctx, p(a, 0), p(a, 1)),
    },
    {
        method: "GET",
        pattern: new RegExp(`^/v1/projects/${SEG}/models/${SEG}/versions/${ID}$`),
        rpc: `${MODEL_SVC}.GetVersion`,
        queryParams: [],
        startsOperation: false,
        handle: (ctx, a) => versions.getVersion(ctx, p(a, 0), p(a, 1), p(a, 2)),
    },
    {
        method: "PATCH",
        pattern: new RegExp(`^/v1/projects/${SEG}/models/${SEG}/versions/${ID}$`),
        rpc: `${MODEL_SVC}.UpdateVersion`,
        queryParams: ["updateMask"],
        startsOperation: true,
        handle: (ctx, a) => versions.patchVersion(ctx, p(a, 0), p(a, 1), p(a, 2)),
    },
    {
        method: "DELETE",
        pattern: new RegExp(`^/v1/projects/${SEG}/models/${SEG}/versions/${ID}$`),
        rpc: `${MODEL_SVC}.DeleteVersion`,
        queryParams: [],
        startsOperation: true,
        handle: (ctx, a) => versions.deleteVersion(ctx, p(a, 0), p(a, 1), p(a, 2)),
    },
    {
        method: "POST",
        pattern: new RegExp(`^/v1/projects/${SEG}/models/${SEG}/versions/${ID}:setDefault$`),
        rpc: `${MODEL_SVC}.SetDefaultVersion`,
        queryParams: [],
        startsOperation: false,
        handle: (ctx, a) => versions.setDefaultVersion(ctx, p(a, 0), p(a, 1), p(a, 2)),
    },
    {
        method: "GET",
        pattern: new RegExp(`^/v1/projects/${SEG}/operations$`),
        rpc: `${OPS_SVC}.ListOperations`,
        queryParams: LIST_PARAMS,
        startsOperation: false,
        handle: (ctx, a) => operations.listOperations(ctx, p(a, 0)),
    },
    {
        method: "GET",
        pattern: new RegExp(`^/v1/projects/${SEG}/operations/${ID}$`),
        rpc: `${OPS_SVC}.GetOperation`,
        queryParams: [],
        startsOperation: false,
        handle: (ctx, a) => operations.getOperation(ctx, p(a, 0), p(a, 1)),
    },
    {
        method: "POST",
        pattern: new RegExp(`^/v1/projects/${SEG}/operations/${ID}:cancel$`),
        rpc: `${OPS_SVC}.CancelOperation`,
        queryParams: [],
        startsOperation: false,
        handle: (ctx, a) => operations.cancelOperation(ctx, p(a, 0), p(a, 1)),
    },
];

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
export function matchRoute(method: string, path: string): RouteMatch | undefined {
    for (const route of ROUTES) {
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
