// What every resource class derives from its kind's definition (provider/<vendor>/<kind>.ts): the
// properties it registers, which of them are secret, and a compile-time proof that its argument type
// is the schema's input type, property by property, with the same types and optionality.
import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import type { KindDefinition } from "../provider/kind";

/** The plain value behind a Pulumi input (outputs, promises and inputs inside arrays unwrapped). */
type Unwrap<T> = T extends pulumi.OutputInstance<infer U>
  ? Unwrap<U>
  : T extends Promise<infer U>
    ? Unwrap<U>
    : T extends readonly (infer E)[]
      ? Unwrap<E>[]
      : T;
type Plain<A> = { [K in keyof A]-?: [Unwrap<Exclude<A[K], undefined>>, undefined extends A[K] ? "optional" : "required"] };
type Flat<S> = { [K in keyof S]-?: [Exclude<S[K], undefined>, undefined extends S[K] ? "optional" : "required"] };
type Equals<X, Y> = (<T>() => T extends X ? 1 : 2) extends (<T>() => T extends Y ? 1 : 2) ? true : false;

/**
 * `true` only when the class's `Args`, with Pulumi's Input wrappers removed, is the schema's input type:
 * the same property names, each with the same type and the same optionality. Each class asserts it, so a
 * wrong type or a missing `?` fails `npm run typecheck`.
 */
export type ArgsMatchSchema<A, S extends z.ZodType> = Equals<Plain<A>, Flat<z.input<S>>>;

/**
 * The properties a resource registers: every input of the kind (absent ones as undefined, so each is an
 * output of the instance), the outputs that are not inputs, and any property the program gave that the
 * kind does not have, so that check can refuse it by name (plain JavaScript and YAML-built arguments have
 * no compiler to catch a misspelling). Secret inputs are marked secret before they leave the program.
 */
export function resourceProps(def: KindDefinition, args: object): pulumi.Inputs {
  const props: pulumi.Inputs = {};
  for (const k of Object.keys(def.inputs.shape)) props[k] = undefined;
  for (const k of def.outputsOnly) props[k] = undefined;
  for (const [k, v] of Object.entries(args)) props[k] = v;
  for (const k of def.secrets) {
    const v = props[k];
    if (v !== undefined && Object.prototype.hasOwnProperty.call(def.inputs.shape, k)) props[k] = pulumi.secret(v);
  }
  return props;
}

/** The caller's options plus the kind's secret outputs and its replacement order. */
export function resourceOptions(def: KindDefinition, opts: pulumi.CustomResourceOptions | undefined): pulumi.CustomResourceOptions {
  return {
    ...(def.deleteBeforeReplace ? { deleteBeforeReplace: true } : {}),
    ...opts,
    additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), ...def.secrets],
  };
}
