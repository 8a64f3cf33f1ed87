// Plain (unwrapped) shapes shared by the program side (resource classes) and the provider runtime.
// Field names and JSON shapes follow the ml.googleapis.com v1 REST resources, so the provider can send
// inputs to the API without a translation layer.

/** `"global"` (ml.googleapis.com) or a regional endpoint's region, e.g. `"us-central1"`. */
export type Endpoint = string;

export type Framework = "TENSORFLOW" | "SCIKIT_LEARN" | "XGBOOST";

export interface AutoScaling {
    minNodes?: number;
    maxNodes?: number;
    metrics?: { name: "CPU_USAGE" | "GPU_DUTY_CYCLE"; target: number }[];
}

export interface ManualScaling {
    nodes: number;
}

export interface AcceleratorConfig {
    /** int64 on the wire; a number or a decimal string is accepted. */
    count: number | string;
    type: string;
}

export interface RequestLoggingConfig {
    /** `project.dataset.table` */
    bigqueryTableName: string;
    /** Fraction of requests to log, 0 to 1. */
    samplingPercentage?: number;
}

export interface ExplanationConfig {
    integratedGradientsAttribution?: { numIntegralSteps: number };
    sampledShapleyAttribution?: { numPaths: number };
    xraiAttribution?: { numIntegralSteps: number };
}

export interface ContainerSpec {
    image: string;
    command?: string[];
    args?: string[];
    env?: { name: string; value?: string }[];
    ports?: { containerPort: number }[];
}

export interface RouteMap {
    predict?: string;
    health?: string;
}

/** Inputs common to both resources that steer the provider rather than the API. */
export interface ControlInputs {
    /** Take over an existing resource of the same name instead of failing with ALREADY_EXISTS. */
    adopt?: boolean;
    /** Overall deadline for each long-running operation, in seconds. */
    operationTimeoutSeconds?: number;
    /** Set by the resource class: the Pulumi logical name, used for autonaming. */
    autonamePrefix?: string;
    /** Set by `check`: true when `name` was generated rather than given. */
    autonamed?: boolean;
}

export interface ModelInputs extends ControlInputs {
    name?: string;
    project?: string;
    endpoint?: Endpoint;
    description?: string;
    labels?: Record<string, string>;
    regions?: string[];
    onlinePredictionLogging?: boolean;
    onlinePredictionConsoleLogging?: boolean;
    /** Delete the model's remaining (unmanaged) versions when the model is deleted. */
    forceDelete?: boolean;
}

export interface ModelOutputs extends ModelInputs {
    /** Full resource name: `projects/P/models/M`. */
    fullName: string;
    etag?: string;
    /** Short name of the current default version, if any. */
    defaultVersion?: string;
}

export interface VersionInputs extends ControlInputs {
    /** Short name of the parent model. */
    model: string;
    name?: string;
    project?: string;
    endpoint?: Endpoint;
    description?: string;
    deploymentUri?: string;
    runtimeVersion?: string;
    pythonVersion?: string;
    framework?: Framework;
    machineType?: string;
    labels?: Record<string, string>;
    autoScaling?: AutoScaling;
    manualScaling?: ManualScaling;
    acceleratorConfig?: AcceleratorConfig;
    packageUris?: string[];
    predictionClass?: string;
    serviceAccount?: string;
    explanationConfig?: ExplanationConfig;
    container?: ContainerSpec;
    routes?: RouteMap;
    requestLoggingConfig?: RequestLoggingConfig;
    /** Make this version the model's default. `false` or unset leaves the default alone. */
    isDefault?: boolean;
}

export type VersionState = "UNKNOWN" | "READY" | "CREATING" | "FAILED" | "DELETING" | "UPDATING";

export interface VersionOutputs extends VersionInputs {
    /** Full resource name: `projects/P/models/M/versions/V`. */
    fullName: string;
    state?: VersionState;
    createTime?: string;
    lastUseTime?: string;
    etag?: string;
    errorMessage?: string;
}
