// Inputs the resource classes set for the provider rather than the user (the table's "internal" fields), under the
// names they travel by through the engine. Keys starting with `__` are internal to Pulumi's display
// (resource.IsInternalPropertyKey), so they never show in `pulumi preview --diff` or in stack exports' diffs; inside
// the provider they go by their plain names (see provider/host/wireProvider.ts).

import { controlFields } from "./fieldSchemas";
import { fieldsWithRole, type KeysWithRole } from "./fieldTable";

type InternalField = KeysWithRole<typeof controlFields, "internal">;

/** Each internal field's wire name: `__` and its name. */
export const wireNames = Object.fromEntries(
    fieldsWithRole(controlFields, ["internal"]).map((key) => [key, `__${key}`]),
) as { readonly [K in InternalField]: `__${K}` };
