// Entry point loaded by the serialized provider shim inside the Pulumi provider host.

import type * as dynamic from "@pulumi/pulumi/dynamic";
import { ModelProvider } from "./modelProvider";
import { VersionProvider } from "./versionProvider";
import { WireProvider } from "./wireProvider";

export type ProviderKind =
    | "model"
    | "version"
    | "vertexEndpoint"
    | "vertexModel"
    | "vertexModelVersion"
    | "vertexDeployment"
    | "vertexTrafficSplit";

export function createProvider(kind: ProviderKind): dynamic.ResourceProvider {
    switch (kind) {
        case "model":
            return new WireProvider(new ModelProvider());
        case "version":
            return new WireProvider(new VersionProvider());
    }
    // A kind named by a resource class whose provider this runtime does not have (an older build of the package).
    throw new Error(
        `pulumi-aiplatform-prediction: no provider for resource kind "${kind}" in this build; update the package`,
    );
}

export { ModelProvider, VersionProvider };
