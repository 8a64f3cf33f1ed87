// SameType, the assertion tying each documented public type to its schema (fields/ml/versionFields.ts) and each named
// input type to DeepInput (resources/nestedInputs.ts), must refuse every kind of drift, including the one mutual
// assignability lets through (an optional property on one side only). `npm run typecheck` checks the
// `@ts-expect-error` lines: an assertion that stopped failing would make them errors.

import type { SameType } from "../../provider/fields/sameType";

interface Documented {
    required: number;
    optional?: string;
    list?: { inner: boolean }[];
}

test("SameType accepts the same shape and refuses any drift (checked at compile time)", () => {
    const same: SameType<Documented, { required: number; optional?: string; list?: { inner: boolean }[] }> = true;
    // @ts-expect-error an optional property missing from the documented type
    const extraOptional: SameType<
        Documented,
        { required: number; optional?: string; list?: { inner: boolean }[]; added?: string }
    > = true;
    // @ts-expect-error an optional property the schema no longer has
    const removedOptional: SameType<Documented, { required: number; list?: { inner: boolean }[] }> = true;
    // @ts-expect-error optional on one side, required on the other
    const optionality: SameType<Documented, { required: number; optional: string; list?: { inner: boolean }[] }> = true;
    // @ts-expect-error a nested property's type changed
    const nested: SameType<Documented, { required: number; optional?: string; list?: { inner: string }[] }> = true;
    expect([same, extraOptional, removedOptional, optionality, nested]).toEqual([true, true, true, true, true]);
});
