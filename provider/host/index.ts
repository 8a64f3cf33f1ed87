// Entry point loaded by the serialized provider shim inside the Pulumi provider host.

import type * as dynamic from "@pulumi/pulumi/dynamic";
import { ModelProvider } from "./modelProvider";
import { VersionProvider } from "./versionProvider";
import { WireProvider } from "./wireProvider";

export type ProviderKind = "model" | "version";

export function createProvider(kind: ProviderKind): dynamic.ResourceProvider {
    switch (kind) {
        case "model":
            return new WireProvider(new ModelProvider());
        case "version":
            return new WireProvider(new VersionProvider());
    }
}

export { ModelProvider, VersionProvider };
