// Outputs an update cannot change, kept known in the preview of an update.
//
// In a preview the engine does not run a dynamic provider's update: it hands the program the checked inputs as the
// resource's outputs, so every output that is not an input (an autoname drawn at create, the full resource name)
// reads as unknown, and resources that take it as an input (a Version's `model`) preview as replaced. The provider
// cannot say otherwise: Pulumi's Node dynamic-provider host drops the `stables` a diff returns. The resource's id
// is the one value the engine keeps known in an update's preview (and leaves unknown in a create's or a
// replacement's, when a new id is coming), and the id is the full resource name. So the resource classes derive
// the full name, and an autoname, from the id: known exactly when the resource keeps its identity.

import type * as pulumi from "@pulumi/pulumi";
import { shortName } from "../fields/names";

/** The id-derived outputs: `fullName` always; `name` when the program left it to the provider (autonamed). */
export function identityOutputs(
    id: pulumi.Output<string>,
    declaredName: pulumi.Input<string> | undefined,
): { fullName: pulumi.Output<string>; name?: pulumi.Output<string> } {
    return declaredName === undefined ? { fullName: id, name: id.apply(shortName) } : { fullName: id };
}
