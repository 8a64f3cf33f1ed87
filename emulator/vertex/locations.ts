// Locations serving online prediction (reference §1: gcloud's SUPPORTED_OP_REGIONS plus the discovery document's).

import { vertexInvalidField } from "./errors";

export const VERTEX_LOCATIONS: readonly string[] = [
    "africa-south1",
    ...["east1", "east2", "northeast1", "northeast2", "northeast3", "south1", "south2", "southeast1", "southeast2"].map(
        (r) => `asia-${r}`,
    ),
    "australia-southeast1",
    "australia-southeast2",
    ...[
        "central2",
        "north1",
        "southwest1",
        "west1",
        "west2",
        "west3",
        "west4",
        "west6",
        "west8",
        "west9",
        "west12",
    ].map((r) => `europe-${r}`),
    "me-central1",
    "me-central2",
    "me-west1",
    "northamerica-northeast1",
    "northamerica-northeast2",
    "southamerica-east1",
    "southamerica-west1",
    ...["central1", "central2", "east1", "east4", "east5", "east7", "south1", "west1", "west2", "west3", "west4"].map(
        (r) => `us-${r}`,
    ),
];

export function checkLocation(location: string): void {
    if (!VERTEX_LOCATIONS.includes(location)) {
        throw vertexInvalidField(
            "parent",
            `Location "${location}" does not serve Vertex AI online prediction; use a region such as us-central1 or europe-west4.`,
        );
    }
}
