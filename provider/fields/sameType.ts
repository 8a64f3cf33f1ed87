// A compile-time assertion that two types are the same, for the hand-written (documented) public types that restate a
// zod schema's output or a derived input type: `true satisfies SameType<Documented, Derived>` stops compiling when
// one of them gains, loses or changes a property.

/**
 * `true` when `A` and `B` are identical (the compiler's identity relation: the same properties, each with the same
 * type and the same optionality; mutual assignability would let an optional property missing on one side through),
 * else an object naming both, so `true satisfies SameType<A, B>` fails and the error shows the two types.
 */
export type SameType<A, B> =
    (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : { documented: A; derived: B };
