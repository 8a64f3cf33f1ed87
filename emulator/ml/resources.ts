// Wire shapes (lowerCamelCase JSON) of the v1 resources, as documented by the discovery doc.

import type { JsonObject } from "../core/proto3json";
import type { RpcStatus } from "../core/operations";

export type { JsonObject, JsonValue } from "../core/proto3json";
export type { RpcStatus } from "../core/operations";

export type Labels = Record<string, string>;

export interface AutoScaling {
    minNodes?: number;
    maxNodes?: number;
    metrics?: { name?: string; target?: number }[];
}

export interface ManualScaling {
    nodes?: number;
}

export interface RequestLoggingConfig {
    samplingPercentage?: number;
    bigqueryTableName?: string;
}

export interface ContainerSpec {
    image?: string;
    command?: string[];
    args?: string[];
    ports?: { containerPort?: number }[];
    env?: { name?: string; value?: string }[];
}

export interface RouteMap {
    predict?: string;
    health?: string;
}

export type VersionState = "UNKNOWN" | "READY" | "CREATING" | "FAILED" | "DELETING" | "UPDATING";

/** Version as accepted in request bodies (all optional) and as stored. */
export interface VersionFields {
    name?: string;
    description?: string;
    isDefault?: boolean;
    deploymentUri?: string;
    createTime?: string;
    lastUseTime?: string;
    runtimeVersion?: string;
    machineType?: string;
    state?: VersionState;
    errorMessage?: string;
    packageUris?: string[];
    labels?: Labels;
    etag?: string;
    framework?: string;
    pythonVersion?: string;
    acceleratorConfig?: { count?: string; type?: string };
    serviceAccount?: string;
    requestLoggingConfig?: RequestLoggingConfig;
    explanationConfig?: JsonObject;
    container?: ContainerSpec;
    routes?: RouteMap;
    autoScaling?: AutoScaling;
    manualScaling?: ManualScaling;
    predictionClass?: string;
    lastMigrationModelId?: string;
    lastMigrationTime?: string;
}

/** Model as accepted in request bodies. */
export interface ModelFields {
    name?: string;
    description?: string;
    defaultVersion?: VersionFields;
    regions?: string[];
    onlinePredictionLogging?: boolean;
    onlinePredictionConsoleLogging?: boolean;
    labels?: Labels;
    etag?: string;
}

export type OperationType = "CREATE_VERSION" | "DELETE_VERSION" | "DELETE_MODEL" | "UPDATE_MODEL" | "UPDATE_VERSION";

export interface OperationMetadata {
    "@type": string;
    createTime: string;
    startTime?: string;
    endTime?: string;
    isCancellationRequested?: boolean;
    operationType: OperationType;
    modelName: string;
    version?: VersionFields;
    projectNumber?: string;
    labels?: Labels;
}

/** google.longrunning.Operation; `done` is absent (not false) while running, as proto3 JSON omits defaults. */
export interface Operation {
    name: string;
    metadata: OperationMetadata;
    done?: true;
    error?: RpcStatus;
    response?: JsonObject;
}
