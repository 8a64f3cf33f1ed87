// The type tokens and id-derived outputs of the Vertex AI resource classes (`pulumi-nodejs:dynamic/aiplatform/vertex:<Kind>`).

import type * as pulumi from "@pulumi/pulumi";
import { shortName } from "../../fields/ml/resourceNames";
import { identityOutputs } from "../knownAtPreview";
import type { TableResourceType } from "../tableResource";

const vertex = (
    kind: string,
    named: boolean,
    idOutputs: TableResourceType["idOutputs"] = (id) => ({ fullName: id }),
): TableResourceType => ({ module: "aiplatform/vertex", kind, named, idOutputs });

/** `projects/P/locations/R/endpoints/E`: `fullName`, and `name` (E) when autonamed. */
export const ENDPOINT_TYPE = vertex("Endpoint", true, identityOutputs);
/** `projects/P/locations/R/models/M`: `fullName`, and `name` (M) when autonamed. */
export const MODEL_TYPE = vertex("Model", true, identityOutputs);
/** `projects/P/locations/R/models/M@N`: `fullName` and `versionId` (N). */
export const MODEL_VERSION_TYPE = vertex("ModelVersion", false, (id) => ({
    fullName: id,
    versionId: id.apply((full) => full.slice(full.lastIndexOf("@") + 1)),
}));
/** `<endpoint>/deployedModels/<ID>`: `fullName` and `deployedModelId` (ID), which a TrafficSplit keys its shares by. */
export const DEPLOYMENT_TYPE = vertex("Deployment", false, (id) => ({
    fullName: id,
    deployedModelId: id.apply(shortName),
}));
/** `<endpoint>/trafficSplit`: nothing beyond the inputs. */
export const TRAFFIC_SPLIT_TYPE = vertex("TrafficSplit", false, (): Record<string, pulumi.Output<string>> => ({}));
