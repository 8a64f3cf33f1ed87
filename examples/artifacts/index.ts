// Uploads ./model (a 2-feature scikit-learn LogisticRegression, see train.py) to a bucket and serves it as the
// default version of a model. Retrain or edit the model and `pulumi up` uploads it to a new content-addressed
// folder, creates a new version there, moves the default to it, then deletes the old version and its objects.
import * as path from "node:path";
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { Model } from "pulumi-aiplatform-prediction";
import { ModelDeployment } from "pulumi-aiplatform-prediction/artifacts";

const config = new pulumi.Config();
// Use an existing bucket (`bucket`), or let the stack create one (`createBucket: true`).
const createBucket = config.getBoolean("createBucket") ?? false;
// Grant the AI Platform service agent read access to the bucket (needs storage.buckets.setIamPolicy).
const grantAccess = config.getBoolean("grantServiceAgentAccess") ?? false;
const region = config.get("region") ?? "us-central1";
// The model to ship: ./model (the shipped scikit-learn model) unless `modelPath` names another directory or file.
const modelPath = config.get("modelPath") ?? path.join(__dirname, "model");

const bucketName: pulumi.Output<string> = createBucket
    ? new gcp.storage.Bucket("models", {
          location: region.toUpperCase(),
          uniformBucketLevelAccess: true,
          forceDestroy: true,
      }).name
    : pulumi.output(config.require("bucket"));

let bucket = bucketName;
if (grantAccess) {
    const project = gcp.organizations.getProjectOutput({});
    const grant = new gcp.storage.BucketIAMMember("ai-platform-reads-models", {
        bucket: bucketName,
        role: "roles/storage.objectViewer",
        member: pulumi.interpolate`serviceAccount:service-${project.number}@cloud-ml.google.com.iam.gserviceaccount.com`,
    });
    // Hand the bucket name over only once the grant exists, so the version is created after it.
    bucket = pulumi.all([bucketName, grant.id]).apply(([name]) => name);
}

const model = new Model("classifier", {
    description: "Two-feature logistic regression (examples/artifacts)",
    regions: [region],
});

const deployment = new ModelDeployment("classifier", {
    modelPath,
    bucket,
    prefix: "models/classifier",
    model,
    version: {
        description: "Shipped by ModelDeployment",
        runtimeVersion: "2.11",
        pythonVersion: "3.7",
        framework: "SCIKIT_LEARN",
        machineType: "mls1-c1-m2",
        autoScaling: { minNodes: 0 },
    },
});

export const modelName = model.name;
export const versionName = deployment.version.name;
export const deploymentUri = deployment.deploymentUri;
export const contentHash = deployment.contentHash;
export const uploadedObjects = pulumi.all(deployment.objects.map((o) => o.name));
