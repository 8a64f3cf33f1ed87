// pulumi-aiplatform-prediction: Pulumi resources for Google Cloud AI Platform Prediction (ml.googleapis.com v1).
// `ModelDeployment`, which needs the optional peer dependency `@pulumi/gcp`, lives in the
// `pulumi-aiplatform-prediction/artifacts` entry point so that Model and Version users never load it.

export { Model, ModelArgs } from "./resources/model";
export { Version, VersionArgs } from "./resources/version";
export type {
    AcceleratorConfig,
    AutoScaling,
    ContainerPort,
    ContainerSpec,
    Endpoint,
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
} from "./fields/ml/types";
export type {
    AcceleratorConfigArgs,
    AutoScalingArgs,
    ContainerPortArgs,
    ContainerSpecArgs,
    EnvVarArgs,
    ExplanationConfigArgs,
    IntegratedGradientsAttributionArgs,
    ManualScalingArgs,
    MetricSpecArgs,
    RequestLoggingConfigArgs,
    RouteMapArgs,
    SampledShapleyAttributionArgs,
    XraiAttributionArgs,
} from "./resources/nestedInputs";
export { configKeys, envKeys } from "./fields/configurationKeys";
