// The ml v1 request schema tables (discovery doc), decoded by the core's proto3-JSON decoder (core/proto3json.ts).

import { bool, bytes, double, enumOf, int32, int64, map, msg, str, type MessageSchema } from "../core/proto3json";

export { camelToSnake, decodeMessage, snakeToCamel, type MessageSchema } from "../core/proto3json";

const ML = "type.googleapis.com/google.cloud.ml.v1.";

const METRIC_SPEC: MessageSchema = {
    typeName: `${ML}MetricSpec`,
    fields: [
        {
            name: "name",
            type: enumOf(`${ML}MetricSpec.MetricName`, ["METRIC_NAME_UNSPECIFIED", "CPU_USAGE", "GPU_DUTY_CYCLE"]),
        },
        { name: "target", type: int32 },
    ],
};
const AUTO_SCALING: MessageSchema = {
    typeName: `${ML}AutoScaling`,
    fields: [
        { name: "minNodes", type: int32 },
        { name: "maxNodes", type: int32 },
        { name: "metrics", type: msg(() => METRIC_SPEC), repeated: true },
    ],
};
const MANUAL_SCALING: MessageSchema = { typeName: `${ML}ManualScaling`, fields: [{ name: "nodes", type: int32 }] };
const ACCELERATOR_CONFIG: MessageSchema = {
    typeName: `${ML}AcceleratorConfig`,
    fields: [
        { name: "count", type: int64 },
        {
            name: "type",
            type: enumOf(`${ML}AcceleratorType`, [
                "ACCELERATOR_TYPE_UNSPECIFIED",
                "NVIDIA_TESLA_K80",
                "NVIDIA_TESLA_P100",
                "NVIDIA_TESLA_V100",
                "NVIDIA_TESLA_P4",
                "NVIDIA_TESLA_T4",
                "NVIDIA_TESLA_A100",
                "TPU_V2",
                "TPU_V3",
                "TPU_V2_POD",
                "TPU_V3_POD",
                "TPU_V4_POD",
            ]),
        },
    ],
};
const REQUEST_LOGGING_CONFIG: MessageSchema = {
    typeName: `${ML}RequestLoggingConfig`,
    fields: [
        { name: "samplingPercentage", type: double },
        { name: "bigqueryTableName", type: str },
    ],
};
const STEPS_ATTRIBUTION = (name: string): MessageSchema => ({
    typeName: `${ML}${name}`,
    fields: [{ name: "numIntegralSteps", type: int32 }],
});
const EXPLANATION_CONFIG: MessageSchema = {
    typeName: `${ML}ExplanationConfig`,
    fields: [
        {
            name: "integratedGradientsAttribution",
            type: msg(() => STEPS_ATTRIBUTION("IntegratedGradientsAttribution")),
        },
        {
            name: "sampledShapleyAttribution",
            type: msg(() => ({
                typeName: `${ML}SampledShapleyAttribution`,
                fields: [{ name: "numPaths", type: int32 }],
            })),
        },
        { name: "xraiAttribution", type: msg(() => STEPS_ATTRIBUTION("XraiAttribution")) },
    ],
};
const ENV_VAR: MessageSchema = {
    typeName: `${ML}EnvVar`,
    fields: [
        { name: "name", type: str },
        { name: "value", type: str },
    ],
};
const CONTAINER_PORT: MessageSchema = {
    typeName: `${ML}ContainerPort`,
    fields: [{ name: "containerPort", type: int32 }],
};
const CONTAINER_SPEC: MessageSchema = {
    typeName: `${ML}ContainerSpec`,
    fields: [
        { name: "image", type: str },
        { name: "command", type: str, repeated: true },
        { name: "args", type: str, repeated: true },
        { name: "ports", type: msg(() => CONTAINER_PORT), repeated: true },
        { name: "env", type: msg(() => ENV_VAR), repeated: true },
    ],
};
const ROUTE_MAP: MessageSchema = {
    typeName: `${ML}RouteMap`,
    fields: [
        { name: "predict", type: str },
        { name: "health", type: str },
    ],
};

export const VERSION_SCHEMA: MessageSchema = {
    typeName: `${ML}Version`,
    fields: [
        { name: "name", type: str },
        { name: "description", type: str },
        { name: "isDefault", type: bool },
        { name: "deploymentUri", type: str },
        { name: "createTime", type: str },
        { name: "lastUseTime", type: str },
        { name: "runtimeVersion", type: str },
        { name: "machineType", type: str },
        {
            name: "state",
            type: enumOf(`${ML}Version.State`, ["UNKNOWN", "READY", "CREATING", "FAILED", "DELETING", "UPDATING"]),
        },
        { name: "errorMessage", type: str },
        { name: "packageUris", type: str, repeated: true },
        { name: "labels", type: map },
        { name: "etag", type: bytes },
        {
            name: "framework",
            type: enumOf(`${ML}Version.Framework`, ["FRAMEWORK_UNSPECIFIED", "TENSORFLOW", "SCIKIT_LEARN", "XGBOOST"]),
        },
        { name: "pythonVersion", type: str },
        { name: "acceleratorConfig", type: msg(() => ACCELERATOR_CONFIG) },
        { name: "serviceAccount", type: str },
        { name: "requestLoggingConfig", type: msg(() => REQUEST_LOGGING_CONFIG) },
        { name: "explanationConfig", type: msg(() => EXPLANATION_CONFIG) },
        { name: "container", type: msg(() => CONTAINER_SPEC) },
        { name: "routes", type: msg(() => ROUTE_MAP) },
        { name: "autoScaling", type: msg(() => AUTO_SCALING) },
        { name: "manualScaling", type: msg(() => MANUAL_SCALING) },
        { name: "predictionClass", type: str },
        { name: "lastMigrationModelId", type: str },
        { name: "lastMigrationTime", type: str },
        // Present in the discovery document gcloud is generated from (not publicly documented).
        { name: "imageUri", type: str },
        { name: "modelClass", type: str },
    ],
};

export const MODEL_SCHEMA: MessageSchema = {
    typeName: `${ML}Model`,
    fields: [
        { name: "name", type: str },
        { name: "description", type: str },
        { name: "defaultVersion", type: msg(() => VERSION_SCHEMA) },
        { name: "regions", type: str, repeated: true },
        { name: "onlinePredictionLogging", type: bool },
        { name: "onlinePredictionConsoleLogging", type: bool },
        { name: "labels", type: map },
        { name: "etag", type: bytes },
    ],
};

/** Request messages with no fields (SetDefaultVersionRequest, CancelOperationRequest). */
export const EMPTY_REQUEST_SCHEMA: MessageSchema = { typeName: `${ML}SetDefaultVersionRequest`, fields: [] };
