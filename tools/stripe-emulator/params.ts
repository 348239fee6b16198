import { invalidRequest, parameterMissing, parameterUnknown } from "./errors";
import type { FormObject, FormValue } from "./form-encoding";

/**
 * A small declarative description of each endpoint's parameters, so that
 * unknown parameters are rejected the way Stripe rejects them
 * (`parameter_unknown`) and values arrive typed.
 */
export type Spec =
  | { kind: "string" }
  | { kind: "url" }
  | { kind: "integer" }
  | { kind: "boolean" }
  | { kind: "metadata" }
  | { kind: "enum"; values: readonly string[] }
  | { kind: "array"; of: Spec }
  | { kind: "object"; fields: Record<string, Spec> }
  | { kind: "emptyable"; of: Spec };

export const str = { kind: "string" } as const;
/** An absolute http(s) URL, as Stripe requires for redirect targets. */
export const url = { kind: "url" } as const;
export const int = { kind: "integer" } as const;
export const bool = { kind: "boolean" } as const;
export const metadata = { kind: "metadata" } as const;
export const oneOf = <const V extends readonly string[]>(...values: V) => ({ kind: "enum", values }) as const;
export const arrayOf = <const S extends Spec>(of: S) => ({ kind: "array", of }) as const;
export const object = <const F extends Record<string, Spec>>(fields: F) => ({ kind: "object", fields }) as const;
/** A field Stripe clears when it is sent as an empty string (`Emptyable` in stripe-node): "" arrives as null. */
export const emptyable = <const S extends Spec>(of: S) => ({ kind: "emptyable", of }) as const;

/** `metadata` is `null` when the caller cleared it with `metadata=`; a key set to `""` is deleted on update. */
export type Infer<S> = S extends { kind: "emptyable"; of: infer I }
  ? Infer<I> | null
  : S extends { kind: "string" } | { kind: "url" }
    ? string
    : S extends { kind: "integer" }
      ? number
      : S extends { kind: "boolean" }
        ? boolean
        : S extends { kind: "metadata" }
          ? Record<string, string> | null
          : S extends { kind: "enum"; values: readonly (infer V)[] }
            ? V
            : S extends { kind: "array"; of: infer I }
              ? Infer<I>[]
              : S extends { kind: "object"; fields: infer F }
                ? { [K in keyof F]?: Infer<F[K]> }
                : never;

export type Params<F extends Record<string, Spec>> = { [K in keyof F]?: Infer<F[K]> };

/** Every endpoint takes `expand`; list endpoints add the pagination parameters. */
export const expandable = { expand: arrayOf(str) } as const;
export const pagination = { limit: int, starting_after: str, ending_before: str, ...expandable } as const;

function describe(value: FormValue): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

function parseValue(spec: Spec, value: FormValue, path: string): unknown {
  switch (spec.kind) {
    case "string":
      if (typeof value !== "string")
        throw invalidRequest(`Invalid string: ${describe(value)}`, path, "parameter_invalid_string");
      return value;
    case "url": {
      const text = typeof value === "string" ? value : "";
      let parsed: URL | undefined;
      try {
        parsed = new URL(text);
      } catch {
        parsed = undefined;
      }
      if (!parsed || (parsed.protocol !== "http:" && parsed.protocol !== "https:")) {
        throw invalidRequest("Not a valid URL", path, "url_invalid");
      }
      return text;
    }
    case "integer":
      if (typeof value !== "string" || !/^-?\d+$/.test(value)) {
        throw invalidRequest(`Invalid integer: ${describe(value)}`, path, "parameter_invalid_integer");
      }
      return Number(value);
    case "boolean":
      if (value !== "true" && value !== "false") throw invalidRequest(`Invalid boolean: ${describe(value)}`, path);
      return value === "true";
    case "enum":
      if (typeof value !== "string" || !spec.values.includes(value)) {
        throw invalidRequest(`Invalid ${path}: must be one of ${spec.values.join(", ")}`, path);
      }
      return value;
    case "metadata": {
      if (value === "") return null;
      if (typeof value !== "object" || Array.isArray(value)) throw invalidRequest(`Invalid object`, path);
      const out: Record<string, string> = {};
      for (const [key, item] of Object.entries(value)) {
        if (typeof item !== "string") throw invalidRequest(`Invalid string: ${describe(item)}`, `${path}[${key}]`);
        out[key] = item;
      }
      return out;
    }
    case "array": {
      if (value === "") return [];
      if (!Array.isArray(value)) throw invalidRequest(`Invalid array`, path);
      return value.map((item, index) => parseValue(spec.of, item, `${path}[${index}]`));
    }
    case "object": {
      if (typeof value !== "object" || Array.isArray(value)) throw invalidRequest(`Invalid object`, path);
      return parseFields(spec.fields, value, path);
    }
    case "emptyable":
      return value === "" ? null : parseValue(spec.of, value, path);
  }
}

function parseFields(fields: Record<string, Spec>, input: FormObject, prefix: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    const path = prefix ? `${prefix}[${key}]` : key;
    const spec = fields[key];
    if (!spec) throw parameterUnknown(path);
    // An empty string leaves other optional scalars as they are; `emptyable`
    // fields turn it into null, which clears them.
    if (value === "" && !["metadata", "array", "string", "emptyable"].includes(spec.kind)) continue;
    out[key] = parseValue(spec, value, path);
  }
  return out;
}

export function parseParams<F extends Record<string, Spec>>(fields: F, input: FormObject): Params<F> {
  return parseFields(fields, input, "") as Params<F>;
}

export function requireParam<T>(value: T | undefined | null, name: string): T {
  if (value === undefined || value === null || value === "") throw parameterMissing(name);
  return value;
}

/** Applies Stripe's metadata update rules: merge keys, `""` deletes a key, `metadata=` clears all. */
export function mergeMetadata(
  current: Record<string, string>,
  update: Record<string, string> | null | undefined,
): Record<string, string> {
  if (update === undefined) return current;
  if (update === null) return {};
  const next = { ...current };
  for (const [key, value] of Object.entries(update)) {
    if (value === "") delete next[key];
    else next[key] = value;
  }
  return next;
}
