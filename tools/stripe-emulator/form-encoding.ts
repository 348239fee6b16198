import { invalidRequest } from "./errors";

/** A decoded Stripe parameter tree: `a[b][0][c]=x` becomes `{ a: { b: [{ c: "x" }] } }`. */
export type FormValue = string | FormValue[] | FormObject;
export interface FormObject {
  [key: string]: FormValue;
}

interface Node {
  [key: string]: Node | string;
}

function splitKey(key: string): string[] {
  const open = key.indexOf("[");
  if (open === -1) return [key];
  const segments = [key.slice(0, open)];
  const pattern = /\[([^\]]*)\]/g;
  let match: RegExpExecArray | null;
  let consumed = open;
  while ((match = pattern.exec(key)) !== null) {
    if (match.index !== consumed) break;
    segments.push(match[1] ?? "");
    consumed = pattern.lastIndex;
  }
  if (consumed !== key.length) throw invalidRequest(`Invalid parameter name: ${key}`, key);
  return segments;
}

/**
 * Stripe's clients send arrays indexed (`items[0][price]`) while browsers and
 * hand-written calls use `expand[]`; both are accepted, so `[]` appends.
 */
function insert(root: Node, segments: string[], value: string, rawKey: string): void {
  let node = root;
  for (let i = 0; i < segments.length; i++) {
    let segment = segments[i] ?? "";
    if (segment === "" && i > 0) segment = String(Object.keys(node).length);
    const last = i === segments.length - 1;
    const existing = node[segment];
    if (last) {
      if (existing !== undefined && typeof existing !== "string")
        throw invalidRequest(`Invalid parameter: ${rawKey}`, rawKey);
      node[segment] = value;
      return;
    }
    if (typeof existing === "string") throw invalidRequest(`Invalid parameter: ${rawKey}`, rawKey);
    const child: Node = existing ?? {};
    node[segment] = child;
    node = child;
  }
}

function finalize(node: Node | string): FormValue {
  if (typeof node === "string") return node;
  const keys = Object.keys(node);
  const isArray = keys.length > 0 && keys.every((key) => /^\d+$/.test(key));
  if (isArray) {
    return keys
      .map(Number)
      .sort((a, b) => a - b)
      .map((index) => finalize(node[String(index)] ?? ""));
  }
  const out: FormObject = {};
  for (const key of keys) out[key] = finalize(node[key] ?? "");
  return out;
}

export function parseForm(encoded: string): FormObject {
  const root: Node = {};
  for (const [key, value] of new URLSearchParams(encoded)) insert(root, splitKey(key), value, key);
  const result = finalize(root);
  return typeof result === "object" && !Array.isArray(result) ? result : {};
}

/** Encodes a flat or nested object the way the stripe SDK does; used for redirects and tests. */
export function encodeForm(data: Record<string, unknown>): string {
  const pairs: string[] = [];
  const encode = (key: string, value: unknown): void => {
    if (value === undefined) return;
    if (value === null || typeof value !== "object") {
      pairs.push(`${encodeURIComponent(key)}=${encodeURIComponent(value === null ? "" : String(value))}`);
      return;
    }
    if (Array.isArray(value)) {
      value.forEach((item, index) => encode(`${key}[${index}]`, item));
      return;
    }
    for (const [child, childValue] of Object.entries(value)) encode(`${key}[${child}]`, childValue);
  };
  for (const [key, value] of Object.entries(data)) encode(key, value);
  return pairs.join("&");
}
