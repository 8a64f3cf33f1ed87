// A stack whose resources are described by the JSON `spec` config value, so each end-to-end scenario is
// just configuration: `{ model: ModelArgs, versions: [{ logical, args }] }`.
import * as pulumi from "@pulumi/pulumi";
import { Model, type ModelArgs, Version, type VersionArgs } from "pulumi-aiplatform-prediction";

interface Spec {
    model: ModelArgs;
    versions: { logical: string; args: Omit<VersionArgs, "model"> }[];
}

const spec = new pulumi.Config().requireObject<Spec>("spec");
const model = new Model("census", spec.model);
const versions = spec.versions.map((v) => new Version(v.logical, { ...v.args, model }));

export const modelName = model.name;
export const modelFullName = model.fullName;
export const modelEtag = model.etag;
export const versionOutputs = pulumi.all(
    versions.map((v) =>
        pulumi
            .all([v.name, v.fullName, v.state, v.isDefault, v.etag, v.createTime])
            .apply(([name, fullName, state, isDefault, etag, createTime]) => ({
                name,
                fullName,
                state,
                isDefault,
                etag,
                createTime,
            })),
    ),
);
