// Plain-object helpers for inputs and outputs records: a copy with only some keys, and the clean-up the
// engine's wire format needs (no engine-internal keys; undefined values go with fields/values.ts's withoutUndefined).

import { wireNames } from "../fields/wireNames";

/** A copy with only the given keys. */
export function pick<T extends object, K extends keyof T>(value: T, keys: readonly K[]): Pick<T, K> {
    return Object.fromEntries(keys.filter((k) => k in value).map((k) => [k, value[k]])) as Pick<T, K>;
}

/**
 * Inputs or outputs as the engine sent them, as the provider works with them: internal keys renamed to their plain
 * names, and every other `__` key dropped (the provider host passes the serialized provider as `__provider`, which
 * must reach neither validation nor request bodies). State written before the rename used the plain names already.
 */
export function fromWire<T extends object>(value: T): T {
    const record = (value ?? {}) as Record<string, unknown>;
    const plain: Record<string, unknown> = withoutInternalKeys(record);
    for (const [name, wire] of Object.entries(wireNames)) {
        if (record[wire] !== undefined) plain[name] = record[wire];
    }
    return plain as T;
}

/** Drops engine-internal keys (`__provider`, and the wire names above when a caller wants plain data only). */
export function withoutInternalKeys<T extends object>(value: T): T {
    return Object.fromEntries(Object.entries(value ?? {}).filter(([k]) => !k.startsWith("__"))) as T;
}

/** The reverse of fromWire for what the provider returns to the engine (checked inputs, outputs). */
export function toWire<T extends object>(value: T): T {
    const wire = { ...value } as Record<string, unknown>;
    for (const [name, wireName] of Object.entries(wireNames)) {
        if (name in wire) {
            if (wire[name] !== undefined) wire[wireName] = wire[name];
            delete wire[name];
        }
    }
    return wire as T;
}
