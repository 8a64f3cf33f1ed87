// During preview the engine passes not-yet-known inputs as this sentinel string
// (`pulumi.runtime.unknownValue`). Validation and diffing must tolerate it anywhere in the inputs.
export const UNKNOWN_SENTINEL = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function isUnknown(value: unknown): boolean {
    return value === UNKNOWN_SENTINEL;
}

/** True when the value is the sentinel or contains it at any depth. */
export function containsUnknown(value: unknown): boolean {
    if (isUnknown(value)) {
        return true;
    }
    if (Array.isArray(value)) {
        return value.some(containsUnknown);
    }
    if (value !== null && typeof value === "object") {
        return Object.values(value).some(containsUnknown);
    }
    return false;
}
