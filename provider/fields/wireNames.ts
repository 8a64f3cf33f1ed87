// Inputs the resource classes set for the provider rather than the user, under the names they travel by through
// the engine. Keys starting with `__` are internal to Pulumi's display (resource.IsInternalPropertyKey), so they
// never show in `pulumi preview --diff` or in stack exports' diffs; inside the provider they go by their plain names
// (see provider/host/wireProvider.ts).
export const wireNames = {
    autonamePrefix: "__autonamePrefix",
    autonamed: "__autonamed",
    customTimeouts: "__customTimeouts",
} as const;
