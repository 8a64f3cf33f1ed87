// Route table of the ml v1 REST surface (discovery doc paths, `{+name}` expansion).

import type { Route } from "../core/api";
import * as models from "./modelsApi";
import * as operations from "./operationsApi";
import * as versions from "./versionsApi";

const SEG = "([^/]+)";
const ID = "([^/:]+)";
const LIST_PARAMS = ["filter", "pageSize", "pageToken"];
const MODEL_SVC = "google.cloud.ml.v1.ModelService";
const OPS_SVC = "google.longrunning.Operations";

function p(params: string[], i: number): string {
    return params[i];
}

export const ML_ROUTES: readonly Route[] = [
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
