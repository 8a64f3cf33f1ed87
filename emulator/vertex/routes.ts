// Route table of the Vertex AI v1 surface served (discovery document paths; reference §2.2, §3.2, §4). Paths are
// matched after the claim; `{name}` segments with `@version` / `@alias` suffixes reach the models methods.

import type { Route } from "../core/api";
import * as endpoints from "./endpointsApi";
import * as models from "./modelsApi";
import * as operations from "./operationsApi";

const SEG = "([^/:]+)";
const LOC = `^/v1/projects/${SEG}/locations/${SEG}`;
const LOC_ANY = `^/(?:v1|v1beta1)/projects/${SEG}/locations/${SEG}`;
const LIST = ["filter", "pageSize", "pageToken", "readMask", "orderBy"];
const ENDPOINT_SVC = "google.cloud.aiplatform.v1.EndpointService";
const MODEL_SVC = "google.cloud.aiplatform.v1.ModelService";
const PREDICT_SVC = "google.cloud.aiplatform.v1.PredictionService";
const OPS_SVC = "google.longrunning.Operations";

function p(a: string[], i: number): string {
    return a[i];
}

function route(
    method: Route["method"],
    path: string,
    rpc: string,
    handle: Route["handle"],
    options: { query?: readonly string[]; operation?: boolean } = {},
): Route {
    return {
        method,
        pattern: new RegExp(`${path}$`),
        rpc,
        queryParams: options.query ?? [],
        startsOperation: options.operation ?? false,
        handle,
    };
}

/** Operations under a parent ("" = the location, "endpoints", "models"), with v1beta1 GET and wait (gcloud). */
function operationRoutes(collection: "" | "endpoints" | "models"): Route[] {
    const parentPath = collection === "" ? "" : `/${collection}/${SEG}`;
    const parentOf = (a: string[]): string => (collection === "" ? "" : `/${collection}/${p(a, 2)}`);
    const idAt = collection === "" ? 2 : 3;
    return [
        route("GET", `${LOC_ANY}${parentPath}/operations/${SEG}`, `${OPS_SVC}.GetOperation`, (ctx, a) =>
            operations.getOperation(ctx, p(a, 0), p(a, 1), parentOf(a), p(a, idAt)),
        ),
        route(
            "GET",
            `${LOC}${parentPath}/operations`,
            `${OPS_SVC}.ListOperations`,
            (ctx, a) => operations.listOperations(ctx, p(a, 0), p(a, 1), parentOf(a)),
            {
                query: ["filter", "pageSize", "pageToken"],
            },
        ),
        route("POST", `${LOC}${parentPath}/operations/${SEG}:cancel`, `${OPS_SVC}.CancelOperation`, (ctx, a) =>
            operations.cancelOperation(ctx, p(a, 0), p(a, 1), parentOf(a), p(a, idAt)),
        ),
        route("DELETE", `${LOC}${parentPath}/operations/${SEG}`, `${OPS_SVC}.DeleteOperation`, (ctx, a) =>
            operations.deleteOperation(ctx, p(a, 0), p(a, 1), parentOf(a), p(a, idAt)),
        ),
        route(
            "POST",
            `${LOC_ANY}${parentPath}/operations/${SEG}:wait`,
            `${OPS_SVC}.WaitOperation`,
            (ctx, a) => operations.waitOperation(ctx, p(a, 0), p(a, 1), parentOf(a), p(a, idAt)),
            { query: ["timeout"] },
        ),
    ];
}

const MODEL = "([^/:]+(?:@[^/:]+)?)";

export const VERTEX_ROUTES: readonly Route[] = [
    route(
        "POST",
        `${LOC}/endpoints`,
        `${ENDPOINT_SVC}.CreateEndpoint`,
        (ctx, a) => endpoints.createEndpoint(ctx, p(a, 0), p(a, 1)),
        {
            query: ["endpointId"],
            operation: true,
        },
    ),
    route(
        "GET",
        `${LOC}/endpoints`,
        `${ENDPOINT_SVC}.ListEndpoints`,
        (ctx, a) => endpoints.listEndpoints(ctx, p(a, 0), p(a, 1)),
        { query: LIST },
    ),
    route("GET", `${LOC}/endpoints/${SEG}`, `${ENDPOINT_SVC}.GetEndpoint`, (ctx, a) =>
        endpoints.getEndpoint(ctx, p(a, 0), p(a, 1), p(a, 2)),
    ),
    route(
        "PATCH",
        `${LOC}/endpoints/${SEG}`,
        `${ENDPOINT_SVC}.UpdateEndpoint`,
        (ctx, a) => endpoints.patchEndpoint(ctx, p(a, 0), p(a, 1), p(a, 2)),
        {
            query: ["updateMask"],
        },
    ),
    route(
        "DELETE",
        `${LOC}/endpoints/${SEG}`,
        `${ENDPOINT_SVC}.DeleteEndpoint`,
        (ctx, a) => endpoints.deleteEndpoint(ctx, p(a, 0), p(a, 1), p(a, 2)),
        {
            operation: true,
        },
    ),
    route(
        "POST",
        `${LOC}/endpoints/${SEG}:deployModel`,
        `${ENDPOINT_SVC}.DeployModel`,
        (ctx, a) => endpoints.deployModel(ctx, p(a, 0), p(a, 1), p(a, 2)),
        {
            operation: true,
        },
    ),
    route(
        "POST",
        `${LOC}/endpoints/${SEG}:undeployModel`,
        `${ENDPOINT_SVC}.UndeployModel`,
        (ctx, a) => endpoints.undeployModel(ctx, p(a, 0), p(a, 1), p(a, 2)),
        {
            operation: true,
        },
    ),
    route(
        "POST",
        `${LOC}/endpoints/${SEG}:mutateDeployedModel`,
        `${ENDPOINT_SVC}.MutateDeployedModel`,
        (ctx, a) => endpoints.mutateDeployedModel(ctx, p(a, 0), p(a, 1), p(a, 2)),
        { operation: true },
    ),
    route("POST", `${LOC}/endpoints/${SEG}:predict`, `${PREDICT_SVC}.Predict`, (ctx, a) =>
        endpoints.predictEndpoint(ctx, p(a, 0), p(a, 1), p(a, 2)),
    ),
    // Served so a client gets a clear 501 instead of a 404 that reads like a missing endpoint (BEHAVIOUR.md).
    ...["rawPredict", "explain", "serverStreamingPredict", "streamRawPredict", "directPredict", "directRawPredict"].map(
        (method) =>
            route(
                "POST",
                `${LOC}/endpoints/${SEG}:${method}`,
                `${PREDICT_SVC}.${method[0]?.toUpperCase()}${method.slice(1)}`,
                () => endpoints.notServed(`:${method}`),
            ),
    ),
    route(
        "POST",
        `${LOC}/models:upload`,
        `${MODEL_SVC}.UploadModel`,
        (ctx, a) => models.uploadModel(ctx, p(a, 0), p(a, 1)),
        { operation: true },
    ),
    route("GET", `${LOC}/models`, `${MODEL_SVC}.ListModels`, (ctx, a) => models.listModels(ctx, p(a, 0), p(a, 1)), {
        query: LIST,
    }),
    route(
        "GET",
        `${LOC}/models/${SEG}:listVersions`,
        `${MODEL_SVC}.ListModelVersions`,
        (ctx, a) => models.listVersions(ctx, p(a, 0), p(a, 1), p(a, 2)),
        {
            query: LIST,
        },
    ),
    route("GET", `${LOC}/models/${MODEL}`, `${MODEL_SVC}.GetModel`, (ctx, a) =>
        models.getModel(ctx, p(a, 0), p(a, 1), p(a, 2)),
    ),
    route(
        "PATCH",
        `${LOC}/models/${MODEL}`,
        `${MODEL_SVC}.UpdateModel`,
        (ctx, a) => models.patchModel(ctx, p(a, 0), p(a, 1), p(a, 2)),
        {
            query: ["updateMask"],
        },
    ),
    route(
        "DELETE",
        `${LOC}/models/${SEG}`,
        `${MODEL_SVC}.DeleteModel`,
        (ctx, a) => models.deleteModel(ctx, p(a, 0), p(a, 1), p(a, 2)),
        { operation: true },
    ),
    route(
        "DELETE",
        `${LOC}/models/${MODEL}:deleteVersion`,
        `${MODEL_SVC}.DeleteModelVersion`,
        (ctx, a) => models.deleteVersion(ctx, p(a, 0), p(a, 1), p(a, 2)),
        {
            operation: true,
        },
    ),
    route("POST", `${LOC}/models/${MODEL}:mergeVersionAliases`, `${MODEL_SVC}.MergeVersionAliases`, (ctx, a) =>
        models.mergeVersionAliases(ctx, p(a, 0), p(a, 1), p(a, 2)),
    ),
    ...operationRoutes(""),
    ...operationRoutes("endpoints"),
    ...operationRoutes("models"),
];
