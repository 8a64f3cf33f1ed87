// google.protobuf.FieldMask in the query (`updateMask` / `update_mask`, comma-separated, snake_case or lowerCamelCase
// paths) checked against the paths a method supports.

import { invalidField } from "./errors";
import { snakeToCamel } from "./proto3json";

/** Every `updateMask` / `update_mask` value of the query. */
export function updateMaskValues(query: URLSearchParams): string[] {
    return [...query.getAll("updateMask"), ...query.getAll("update_mask")];
}

/**
 * Parse `updateMask` / `update_mask` query values (comma-separated google.protobuf.FieldMask) into
 * lowerCamelCase paths: `auto_scaling.min_nodes` -> `autoScaling.minNodes`.
 */
export function parseUpdateMask(rawValues: string[], allowed: readonly string[]): string[] {
    const raw = rawValues
        .flatMap((v) => v.split(","))
        .map((p) => p.trim())
        .filter((p) => p !== "");
    if (raw.length === 0) {
        throw invalidField("update_mask", "The update_mask is required and must not be empty.");
    }
    const paths: string[] = [];
    for (const r of raw) {
        const path = r.split(".").map(snakeToCamel).join(".");
        if (!allowed.includes(path)) {
            throw invalidField(
                "update_mask",
                `The update_mask path '${r}' is not supported. Supported paths: ${allowed.join(", ")}.`,
            );
        }
        if (!paths.includes(path)) paths.push(path);
    }
    return paths;
}
