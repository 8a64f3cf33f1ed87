// pulumi-aiplatform-prediction: Pulumi resources for Google Cloud AI Platform Prediction (ml.googleapis.com v1).

export { Model, ModelArgs } from "./resources/model";
export { Version, VersionArgs } from "./resources/version";
export { ModelDeployment, ModelDeploymentArgs, ModelDeploymentVersionArgs } from "./resources/modelDeployment";
export * from "./spec/types";
export { configKeys, envKeys } from "./host/settings";
