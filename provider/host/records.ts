// Plain-object helpers for inputs and outputs records: copies with or without keys, and the clean-up the
// engine's wire format needs (no engine-internal keys, no undefined values).

/** A copy without the given keys. */
export function omit<T extends object, K extends readonly (keyof T)[]>(value: T, keys: K): Omit<T, K[number]> {
    const copy = { ...value } as Record<string, unknown>;
    for (const key of keys) {
        delete copy[key as string];
    }
    return copy as Omit<T, K[number]>;
}

/** A copy with only the given keys. */
export function pick<T extends object, K extends keyof T>(value: T, keys: readonly K[]): Pick<T, K> {
    return Object.fromEntries(keys.filter((k) => k in value).map((k) => [k, value[k]])) as Pick<T, K>;
}

/**
 * Drops engine-internal keys: the provider host passes the serialized provider as `__provider` inside the
 * inputs and outputs, and it must reach neither validation nor request bodies.
 */
export function withoutInternalKeys<T extends object>(value: T): T {
    return Object.fromEntries(Object.entries(value ?? {}).filter(([k]) => !k.startsWith("__"))) as T;
}

/** Removes undefined values (the gRPC Struct cannot carry them). */
export function stripUndefined<T extends object>(value: T): T {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
