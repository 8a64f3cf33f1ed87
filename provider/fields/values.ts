// Field values as the API sees them: reading a dotted path, the one equality of two values, and the clean-up of
// undefined keys. Pure; every comparison of inputs, read-back state or PATCH bodies uses these.

/** The value at a dotted path (`autoScaling.minNodes`); undefined when any segment is missing or not an object. */
export function valueAt(source: unknown, path: string): unknown {
    let node = source;
    for (const segment of path.split(".")) {
        if (node === null || typeof node !== "object") {
            return undefined;
        }
        node = (node as Record<string, unknown>)[segment];
    }
    return node;
}

/**
 * True for a value the API leaves out of its answers: proto3 JSON omits a field at its default, so unset, null,
 * "", 0, false, [] and {} (and an object whose every value is one of these) all read back as absent.
 */
export function isProtoDefault(value: unknown): boolean {
    if (value === undefined || value === null || value === "" || value === 0 || value === false) {
        return true;
    }
    if (Array.isArray(value)) {
        return value.length === 0;
    }
    return typeof value === "object" && Object.values(value).every(isProtoDefault);
}

/**
 * The one equality of field values: deep, with every proto3 default equal to absent (what the API cannot tell
 * apart is no change), and an int64 sent as a number equal to the string the API returns it as.
 */
export function sameValue(a: unknown, b: unknown): boolean {
    if (isProtoDefault(a) || isProtoDefault(b)) {
        return isProtoDefault(a) && isProtoDefault(b);
    }
    if (Array.isArray(a) || Array.isArray(b)) {
        return (
            Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => sameValue(item, b[i]))
        );
    }
    if (typeof a === "object" || typeof b === "object") {
        if (typeof a !== "object" || typeof b !== "object") {
            return false;
        }
        const keys = new Set([...Object.keys(a as object), ...Object.keys(b as object)]);
        return [...keys].every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
    }
    return scalarText(a) === scalarText(b);
}

/** int64 values come back as strings: a number compares as its decimal text. */
const scalarText = (value: unknown): unknown => (typeof value === "number" ? String(value) : value);

/** A copy without the keys whose value is undefined (the engine's gRPC Struct cannot carry them). */
export function withoutUndefined<T extends object>(value: T): T {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
