// pulumi-aiplatform-prediction/artifacts: shipping local model files to Cloud Storage and deploying them.
// A separate entry point because it needs `@pulumi/gcp` (an optional peer dependency, about 86 MB).

export { ModelDeployment, ModelDeploymentArgs, ModelDeploymentVersionArgs } from "./resources/modelDeployment";
