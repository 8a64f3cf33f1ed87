// Static facts about the ml.googleapis.com v1 surface (sources: reference §1, §6).
// Deliberately not shared with provider/machineTypes.ts: the emulator is an independent oracle of Google's
// rules, so a mistake in the provider's tables cannot be mirrored here and pass unnoticed.

export const GLOBAL_NAMESPACE = "global";

/**
 * The regions with a regional endpoint `{region}-ml.googleapis.com` (regional-endpoints doc = gcloud
 * constants.SUPPORTED_REGIONS): the emulator serves each under `{url}/{region}/v1/`, as a namespace of its own; any
 * other region prefix is a 404.
 */
export const REGIONAL_ENDPOINT_REGIONS: readonly string[] = [
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
];

/** Legacy machine types (global endpoint only). */
export const MLS1_MACHINE_TYPES: readonly string[] = ["mls1-c1-m2", "mls1-c4-m2"];

/** Compute Engine (N1) machine types (regional endpoints only). */
export const N1_MACHINE_TYPES: readonly string[] = ["standard", "highmem", "highcpu"].flatMap((family) =>
    [2, 4, 8, 16, 32].map((cpus) => `n1-${family}-${cpus}`),
);

export const DEFAULT_GLOBAL_MACHINE_TYPE = "mls1-c1-m2";
export const DEFAULT_REGIONAL_MACHINE_TYPE = "n1-standard-2";
/** Models created on the global endpoint without `regions` are served from here. */
export const DEFAULT_MODEL_REGION = "us-central1";

export const TYPE_OPERATION_METADATA = "type.googleapis.com/google.cloud.ml.v1.OperationMetadata";
export const TYPE_VERSION = "type.googleapis.com/google.cloud.ml.v1.Version";
export const TYPE_MODEL = "type.googleapis.com/google.cloud.ml.v1.Model";

export function isN1MachineType(machineType: string): boolean {
    return N1_MACHINE_TYPES.includes(machineType);
}

export function isMls1MachineType(machineType: string): boolean {
    return MLS1_MACHINE_TYPES.includes(machineType);
}
