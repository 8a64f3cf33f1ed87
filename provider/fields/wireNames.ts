// Inputs the resource classes set for the provider rather than the user (the tables' "internal" fields), under the
// names they travel by through the engine. Keys starting with `__` are internal to Pulumi's display
// (resource.IsInternalPropertyKey), so they never show in `pulumi preview --diff` or in stack exports' diffs; inside
// the provider they go by their plain names (see provider/host/wireProvider.ts).

import { controlFields } from "./fieldSchemas";
import { fieldsWithRole, type KeysWithRole } from "./fieldTable";
import { modelVersionFields } from "./vertex/modelVersionFields";

type InternalField =
    KeysWithRole<typeof controlFields, "internal"> | KeysWithRole<typeof modelVersionFields, "internal">;

/** Each internal field's wire name: `__` and its name. */
export const wireNames = Object.fromEntries(
    [
        ...new Set([
            ...fieldsWithRole(controlFields, ["internal"]),
            ...fieldsWithRole(modelVersionFields, ["internal"]),
        ]),
    ].map((key) => [key, `__${key}`]),
) as { readonly [K in InternalField]: `__${K}` };
