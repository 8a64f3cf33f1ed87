// pulumi-aiplatform-prediction/vertex: Pulumi resources for Vertex AI online prediction (aiplatform.googleapis.com
// v1): endpoints, registry models and their versions, deployments and traffic splits. The component that uploads
// local model files (it needs `@pulumi/gcp`) lives in `pulumi-aiplatform-prediction/vertex/artifacts`; the
// configuration keys (configKeys, envKeys) are the main entry point's.

export { Endpoint, EndpointArgs } from "./resources/vertex/endpoint";
export { Model, ModelArgs } from "./resources/vertex/model";
export { ModelVersion, ModelVersionArgs } from "./resources/vertex/modelVersion";
export { Deployment, DeploymentArgs } from "./resources/vertex/deployment";
export { TrafficSplit, TrafficSplitArgs, TrafficShareArgs } from "./resources/vertex/trafficSplit";
export { prebuiltContainer, prebuiltContainers, PrebuiltContainerOptions } from "./resources/vertex/prebuiltContainers";
export type {
    AutoscalingMetricSpecArgs,
    ContainerArgs,
    RequestResponseLoggingArgs,
} from "./resources/vertex/vertexInputs";
export type { AutoscalingMetricSpec, Container, RequestResponseLogging } from "./resources/vertex/vertexShapes";
