// Which endpoint a request addresses. Global and each regional endpoint are separate namespaces
// (resource names "can be duplicated on various endpoints" — regional-endpoints doc).
//   1. path prefix  /{region}/v1/...           (handy for plain HTTP clients)
//   2. Host header  {region}-ml.googleapis.com  or {region}-<anything> — what gcloud produces by
//      prefixing the endpoint host (endpoint_util.DeriveMLRegionalEndpoint), e.g. when it talks to
//      the emulator through an HTTP proxy setting
//   3. otherwise    global

import type { Claim } from "../core/api";
import { GLOBAL_NAMESPACE, REGIONAL_ENDPOINT_REGIONS } from "./constants";

export interface ResolvedNamespace {
    namespace: string;
    /** The path with any region prefix removed. */
    path: string;
}

/** Returns undefined for a path whose first segment looks like an unknown region prefix. */
export function resolveNamespace(path: string, host: string | undefined): ResolvedNamespace | undefined {
    const prefixed = /^\/([a-z]+(?:-[a-z0-9]+)+)(\/v1(?:\/.*)?)$/.exec(path);
    if (prefixed) {
        const region = prefixed[1];
        if (!REGIONAL_ENDPOINT_REGIONS.includes(region)) return undefined;
        return { namespace: region, path: prefixed[2] };
    }
    const hostname = (host ?? "").toLowerCase();
    const region = REGIONAL_ENDPOINT_REGIONS.find((r) => hostname.startsWith(`${r}-`));
    return { namespace: region ?? GLOBAL_NAMESPACE, path };
}

/**
 * ml's claim: every request no API before it claimed (ml is listed last), in the namespace its region prefix or Host
 * names; an unknown region prefix is a 404 of the global namespace.
 */
export function mlClaim(path: string, host: string | undefined): Claim {
    const resolved = resolveNamespace(path, host);
    return resolved ?? { namespace: GLOBAL_NAMESPACE, path: undefined };
}
