// The plain (unwrapped) shapes shared by the program side (resource classes) and the provider runtime. They are
// derived from the field tables (modelFields.ts, versionFields.ts); field names and JSON shapes follow the
// ml.googleapis.com v1 REST resources, so the provider can send inputs to the API without a translation layer.

export type { ModelInputs, ModelOutputs } from "./modelFields";
export type {
    AcceleratorConfig,
    AutoScaling,
    ContainerPort,
    ContainerSpec,
    EnvVar,
    ExplanationConfig,
    Framework,
    IntegratedGradientsAttribution,
    ManualScaling,
    MetricSpec,
    RequestLoggingConfig,
    RouteMap,
    SampledShapleyAttribution,
    VersionState,
    XraiAttribution,
} from "./versionShapes";
export type { VersionInputs, VersionOutputs } from "./versionFields";

/** `"global"` (ml.googleapis.com) or a regional endpoint's region, e.g. `"us-central1"`. */
export type Endpoint = string;

export type { ControlInputs } from "../fieldSchemas";
