// The diff of the Vertex resources whose ID the server assigns.

import type * as dynamic from "@pulumi/pulumi/dynamic";
import type { FieldRule } from "../../fields/fieldRules";
import { diffResult } from "../checkRecipe";

/**
 * The diff of a resource whose ID the server assigns (a ModelVersion's @N, a Deployment's deployed-model ID): no name
 * can collide, so a replacement is always created before the old one goes (traffic moves over first).
 */
export function numberedDiff<I extends object>(rules: readonly FieldRule<I>[], olds: I, news: I): dynamic.DiffResult {
    return { ...diffResult(rules, olds, news), deleteBeforeReplace: false };
}
