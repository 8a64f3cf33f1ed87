// Machine types, regions and runtime versions that AI Platform Prediction accepts
// (https://cloud.google.com/ai-platform/prediction/docs/machine-types-online-prediction and
// https://cloud.google.com/ai-platform/prediction/docs/regional-endpoints).

import { z } from "zod";
import { show } from "../fieldSchemas";

export const mls1MachineTypes = ["mls1-c1-m2", "mls1-c4-m2"] as const;

export const n1MachineTypes = ["standard", "highmem", "highcpu"].flatMap((family) =>
    [2, 4, 8, 16, 32].map((cpus) => `n1-${family}-${cpus}`),
);

export const machineTypes: readonly string[] = [...mls1MachineTypes, ...n1MachineTypes];

/** Regions with a regional endpoint (`REGION-ml.googleapis.com`). */
export const regionalEndpointRegions = [
    "us-central1",
    "us-east1",
    "us-east4",
    "us-west1",
    "northamerica-northeast1",
    "europe-west1",
    "europe-west2",
    "europe-west3",
    "europe-west4",
    "asia-east1",
    "asia-northeast1",
    "asia-southeast1",
    "australia-southeast1",
] as const;

export const GLOBAL_ENDPOINT = "global";

export function isGlobalEndpoint(endpoint: string | undefined): boolean {
    return endpoint === undefined || endpoint === GLOBAL_ENDPOINT;
}

/**
 * The machine type the server will use: the input, or the endpoint's default when unset
 * (mls1-c1-m2 on the global endpoint, n1-standard-2 on regional ones).
 */
export function effectiveMachineType(machineType: string | undefined, endpoint: string | undefined): string {
    return machineType ?? (isGlobalEndpoint(endpoint) ? "mls1-c1-m2" : "n1-standard-2");
}

export function isN1MachineType(machineType: string | undefined, endpoint?: string): boolean {
    return effectiveMachineType(machineType, endpoint).startsWith("n1-");
}

export function isMls1MachineType(machineType: string | undefined, endpoint?: string): boolean {
    return effectiveMachineType(machineType, endpoint).startsWith("mls1-");
}

/** Parses "1.15" into [1, 15]; undefined when malformed. */
export function parseRuntimeVersion(runtime: string): [number, number] | undefined {
    const match = /^(\d+)\.(\d+)$/.exec(runtime);
    return match ? [Number(match[1]), Number(match[2])] : undefined;
}

/** -1, 0 or 1 as runtime a is older than, equal to or newer than b. */
export function compareRuntime(a: [number, number], b: [number, number]): number {
    return a[0] !== b[0] ? Math.sign(a[0] - b[0]) : Math.sign(a[1] - b[1]);
}

/** Runtime versions offered for online prediction (runtime-version-list): 1.0-1.15 and 2.1-2.11. */
export const runtimeVersions: readonly string[] = [
    ...Array.from({ length: 16 }, (_, minor) => `1.${minor}`),
    ...Array.from({ length: 11 }, (_, i) => `2.${i + 1}`),
];

/** The pythonVersion / runtimeVersion matrix from the Version reference. */
export const pythonRuntimeRanges: Record<string, { min?: [number, number]; max?: [number, number]; text: string }> = {
    "3.7": { min: [1, 15], text: "runtimeVersion 1.15 or later" },
    "3.5": { min: [1, 4], max: [1, 14], text: "runtimeVersion 1.4 to 1.14" },
    "2.7": { max: [1, 15], text: "runtimeVersion 1.15 or earlier" },
};

export const acceleratorTypes = [
    "NVIDIA_TESLA_K80",
    "NVIDIA_TESLA_P100",
    "NVIDIA_TESLA_V100",
    "NVIDIA_TESLA_P4",
    "NVIDIA_TESLA_T4",
    "NVIDIA_TESLA_A100",
] as const;

export const endpointSchema = z
    .string()
    .refine((e) => e === GLOBAL_ENDPOINT || (regionalEndpointRegions as readonly string[]).includes(e), {
        error: (issue) =>
            `endpoint ${show(issue.input)} is not "global" or a region with a regional endpoint; use "global" or one of ${regionalEndpointRegions.join(", ")}`,
    });
