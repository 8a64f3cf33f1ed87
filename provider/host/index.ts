// Entry point loaded by the serialized provider shim inside the Pulumi provider host.

import type * as dynamic from "@pulumi/pulumi/dynamic";
import { ModelProvider } from "./ml/modelProvider";
import { VersionProvider } from "./ml/versionProvider";
import { VertexDeploymentProvider } from "./vertex/deploymentProvider";
import { VertexEndpointProvider } from "./vertex/endpointProvider";
import { VertexModelVersionProvider } from "./vertex/modelVersionProvider";
import { VertexModelProvider } from "./vertex/registryModelProvider";
import { VertexTrafficSplitProvider } from "./vertex/trafficSplitProvider";
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
        case "vertexEndpoint":
            return new WireProvider(new VertexEndpointProvider());
        case "vertexModel":
            return new WireProvider(new VertexModelProvider());
        case "vertexModelVersion":
            return new WireProvider(new VertexModelVersionProvider());
        case "vertexDeployment":
            return new WireProvider(new VertexDeploymentProvider());
        case "vertexTrafficSplit":
            return new WireProvider(new VertexTrafficSplitProvider());
    }
}

export {
    ModelProvider,
    VersionProvider,
    VertexDeploymentProvider,
    VertexEndpointProvider,
    VertexModelProvider,
    VertexModelVersionProvider,
    VertexTrafficSplitProvider,
};
