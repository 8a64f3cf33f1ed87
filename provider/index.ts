// pulumi-aiplatform-prediction: Pulumi resources for Google Cloud AI Platform Prediction (ml.googleapis.com v1).

export { Model, ModelArgs } from "./model";
export { Version, VersionArgs } from "./version";
export { ModelDeployment, ModelDeploymentArgs, ModelDeploymentVersionArgs } from "./artifacts/modelDeployment";
export * from "./types";
export { configKeys, envKeys } from "./runtime/settings";
