// Maps an ml v1 resource's endpoint ("global" or a region) to the base URL of the v1 API.

import { GLOBAL_ENDPOINT, isGlobalEndpoint, regionalEndpointRegions } from "../../fields/ml/machineTypes";
import { configKeys, envKeys } from "../../fields/configurationKeys";
import type { ApiService } from "../apiClient";
import type { ProviderSettings } from "../settings";

const trimSlash = (url: string) => url.replace(/\/+$/, "");

/** Base URL without a trailing slash; paths such as `/v1/projects/...` are appended to it. */
export function endpointBaseUrl(
    settings: Pick<ProviderSettings, "endpointOverride" | "regionalEndpointOverride">,
    endpoint?: string,
): string {
    if (isGlobalEndpoint(endpoint)) {
        return trimSlash(settings.endpointOverride ?? "https://ml.googleapis.com");
    }
    const region = endpoint as string;
    // The region becomes part of a host name or path: only known regions, whatever validation let through.
    if (!(regionalEndpointRegions as readonly string[]).includes(region)) {
        throw new Error(`refusing to build a request URL for unknown endpoint ${JSON.stringify(region)}`);
    }
    if (settings.regionalEndpointOverride) {
        return trimSlash(settings.regionalEndpointOverride.replace("{region}", region));
    }
    // With only a global override (an emulator), regional namespaces live under /{region}/ of the same server.
    return settings.endpointOverride
        ? `${trimSlash(settings.endpointOverride)}/${region}`
        : `https://${region}-ml.googleapis.com`;
}

/**
 * The setting that chose an endpoint's base URL (for messages), or undefined when it is Google's own: the regional
 * override for a region when set, else the global override.
 */
export function endpointSetting(
    settings: Pick<ProviderSettings, "endpointOverride" | "regionalEndpointOverride">,
    endpoint?: string,
): string | undefined {
    if (!isGlobalEndpoint(endpoint) && settings.regionalEndpointOverride) {
        return `${configKeys.regionalEndpointOverride} (or ${envKeys.regionalEndpointOverride})`;
    }
    return settings.endpointOverride ? `${configKeys.endpointOverride} (or ${envKeys.endpointOverride})` : undefined;
}

/** Accepts "ml.googleapis.com" and "us-central1-ml.googleapis.com" as spellings of "global" and "us-central1". */
export function normalizeEndpoint(endpoint: string | undefined): string | undefined {
    if (endpoint === undefined) {
        return undefined;
    }
    const host = endpoint.replace(/^https?:\/\//, "").replace(/\/.*$/, "");
    if (host === "ml.googleapis.com") {
        return GLOBAL_ENDPOINT;
    }
    const region = /^([a-z0-9-]+)-ml\.googleapis\.com$/.exec(host)?.[1];
    return region && (regionalEndpointRegions as readonly string[]).includes(region) ? region : endpoint;
}

/** ml.googleapis.com v1 as the HTTP client's service: the global endpoint or a regional one. */
export const mlService = (settings: ProviderSettings): ApiService => ({
    baseUrl: (endpoint) => endpointBaseUrl(settings, endpoint),
    setting: (endpoint) => endpointSetting(settings, endpoint),
});
