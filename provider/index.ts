// pulumi-aiplatform-prediction: Pulumi resources for Google Cloud AI Platform Prediction (ml.googleapis.com v1).
// `ModelDeployment`, which needs the optional peer dependency `@pulumi/gcp`, lives in the
// `pulumi-aiplatform-prediction/artifacts` entry point so that Model and Version users never load it.

export { Model, ModelArgs } from "./resources/model";
export { Version, VersionArgs } from "./resources/version";
export type {
    AcceleratorConfig,
    AutoScaling,
    ContainerSpec,
    Endpoint,
    ExplanationConfig,
    Framework,
    ManualScaling,
    RequestLoggingConfig,
    RouteMap,
    VersionState,
} from "./spec/types";
export { configKeys, envKeys } from "./host/settings";
