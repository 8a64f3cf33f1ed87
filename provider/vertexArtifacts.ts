// pulumi-aiplatform-prediction/vertex/artifacts: rolling local model files out on Vertex AI (Cloud Storage upload,
// model version, deployment, traffic). A separate entry point because it needs `@pulumi/gcp` (an optional peer
// dependency, about 86 MB).

export {
    ModelRollout,
    ModelRolloutArgs,
    ModelRolloutDeploymentArgs,
    ModelRolloutVersionArgs,
} from "./resources/vertex/modelRollout";
