// A compile-time tie between a resource class's argument type and its provider's zod schema.

/**
 * `true` only when A and B have the same property names. Each class asserts it for its args against the
 * provider's zod schema (the single source of the rules), so neither side can gain a property alone.
 */
export type SameKeys<A, B> = [keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : false) : false;
