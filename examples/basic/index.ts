// A model with two versions: "blue" is the default, with request logging and autoscaling; "green" is a
// candidate. Change `minNodes` (pulumi config set minNodes 2) and `pulumi preview --diff` shows an in-place
// update of blue, applied as one PATCH ...?updateMask=autoScaling.minNodes.
import * as pulumi from "@pulumi/pulumi";
import { Model, Version } from "pulumi-aiplatform-prediction";

const config = new pulumi.Config();
const bucket = config.get("bucket") ?? "demo-bucket";
const minNodes = config.getNumber("minNodes") ?? 1;

const model = new Model("census", {
    description: "Census income classifier",
    labels: { team: "ml", app: "census" },
    onlinePredictionLogging: true,
});

const blue = new Version("blue", {
    model,
    description: "Production model",
    deploymentUri: `gs://${bucket}/census/blue/`,
    runtimeVersion: "2.11",
    pythonVersion: "3.7",
    framework: "SCIKIT_LEARN",
    machineType: "mls1-c1-m2",
    autoScaling: { minNodes },
    requestLoggingConfig: {
        bigqueryTableName: `${pulumi.getProject().replace(/[^a-z0-9-]/g, "")}-logs.prediction_logs.census`,
        samplingPercentage: 0.1,
    },
    labels: { stage: "prod" },
    isDefault: true,
});

const green = new Version("green", {
    model,
    description: "Candidate model",
    deploymentUri: `gs://${bucket}/census/green/`,
    runtimeVersion: "2.11",
    pythonVersion: "3.7",
    framework: "SCIKIT_LEARN",
    autoScaling: { minNodes: 1 },
    labels: { stage: "candidate" },
});

export const modelName = model.fullName;
export const defaultVersion = blue.name;
export const blueVersion = blue.fullName;
export const blueState = blue.state;
export const blueMinNodes = blue.autoScaling.apply((a) => a?.minNodes);
// Only a version that declares `isDefault: true` reports isDefault (green's output is absent), so the outputs never
// show two defaults, whichever version the API finished creating first.
export const blueIsDefault = blue.isDefault;
export const greenVersion = green.fullName;
