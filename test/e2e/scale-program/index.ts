// Many models with many versions, described by the JSON `spec` config value:
// `{ models: [{ logical, args: ModelArgs, versions: [{ logical, args }] }] }`.
import * as pulumi from "@pulumi/pulumi";
import { Model, type ModelArgs, Version, type VersionArgs } from "pulumi-aiplatform-prediction";

interface Spec {
    models: { logical: string; args: ModelArgs; versions: { logical: string; args: Omit<VersionArgs, "model"> }[] }[];
}

const spec = new pulumi.Config().requireObject<Spec>("spec");
const versions = spec.models.flatMap((m) => {
    const model = new Model(m.logical, m.args);
    return m.versions.map((v) => new Version(`${m.logical}-${v.logical}`, { ...v.args, model }));
});

export const versionStates = pulumi.all(versions.map((v) => pulumi.all([v.fullName, v.state])));
