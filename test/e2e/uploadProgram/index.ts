// Uploads local files as gcp.storage.BucketObjects under `folder` and deploys a Version from that folder, chained by
// hand as the design card describes (no ModelDeployment, so nothing refuses a model without a model file at
// preview: only the API's own check can). Config: bucket, folder, files (JSON: object path below folder → local file).
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { Model, Version } from "pulumi-aiplatform-prediction";

const config = new pulumi.Config();
const bucket = config.require("bucket");
const folder = config.require("folder");
const files = config.requireObject<Record<string, string>>("files");

const objects = Object.entries(files).map(
    ([relPath, localPath]) =>
        new gcp.storage.BucketObject(relPath, {
            bucket,
            name: `${folder}/${relPath}`,
            source: new pulumi.asset.FileAsset(localPath),
        }),
);
const model = new Model("uploads", { description: "hand-chained uploads" });
const version = new Version(
    "uploads",
    {
        model,
        // Resolves only once every upload finished (md5hash is an output of the upload).
        deploymentUri: pulumi.all(objects.map((o) => o.md5hash)).apply(() => `gs://${bucket}/${folder}/`),
        runtimeVersion: "2.11",
        pythonVersion: "3.7",
        framework: "SCIKIT_LEARN",
        isDefault: true,
    },
    { dependsOn: objects },
);

export const objectNames = objects.map((o) => o.name);
export const versionState = version.state;
