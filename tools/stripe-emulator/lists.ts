import { invalidRequest } from "./errors";
import type { EmulatorContext } from "./context";
import { present } from "./expand";

interface Identified {
  id: string;
}

export interface ListParams {
  limit?: number;
  starting_after?: string;
  ending_before?: string;
  expand?: string[];
}

function checkLimit(limit: number | undefined): number {
  const value = limit ?? 10;
  if (value < 1 || value > 100) throw invalidRequest("Invalid limit: must be between 1 and 100", "limit");
  return value;
}

/**
 * Stripe's cursor pagination over `items`, which must already be newest
 * first. `expand[]` paths apply to the list, so `data.product` expands each price.
 */
export function paginate<T extends Identified>(
  context: EmulatorContext,
  items: readonly T[],
  params: ListParams,
  url: string,
): object {
  const limit = checkLimit(params.limit);
  let page: readonly T[];
  let hasMore: boolean;
  if (params.ending_before !== undefined) {
    const index = items.findIndex((item) => item.id === params.ending_before);
    if (index === -1)
      throw invalidRequest(`No such object: '${params.ending_before}'`, "ending_before", "resource_missing");
    const before = items.slice(0, index);
    page = before.slice(Math.max(0, before.length - limit));
    hasMore = before.length > limit;
  } else {
    let start = 0;
    if (params.starting_after !== undefined) {
      const index = items.findIndex((item) => item.id === params.starting_after);
      if (index === -1)
        throw invalidRequest(`No such object: '${params.starting_after}'`, "starting_after", "resource_missing");
      start = index + 1;
    }
    page = items.slice(start, start + limit);
    hasMore = start + limit < items.length;
  }
  return present(context, { object: "list", data: page, has_more: hasMore, url }, params.expand);
}

/** Objects in a store record, newest first, as Stripe lists them. */
export function newestFirst<T>(record: Record<string, T>): T[] {
  return Object.values(record).reverse();
}

interface Clause {
  path: string[];
  operator: ":" | "~";
  value: string;
}

/**
 * A subset of Stripe's search query language: `field:'value'`,
 * `metadata['key']:'value'`, `field~'substring'`, joined by AND or by OR.
 */
function parseQuery(query: string): { clauses: Clause[]; joiner: "AND" | "OR" } {
  const clausePattern = /^\s*([a-z_]+)(?:\[['"]([^'"]+)['"]\])?\s*([:~])\s*(?:'([^']*)'|"([^"]*)")\s*/;
  const clauses: Clause[] = [];
  const joiners = new Set<"AND" | "OR">();
  let rest = query;
  for (;;) {
    const match = clausePattern.exec(rest);
    if (!match) throw invalidRequest(`Invalid query: ${query}`, "query");
    const [whole, field = "", key, operator = ":", single, double] = match;
    clauses.push({
      path: key ? [field, key] : [field],
      operator: operator as ":" | "~",
      value: single ?? double ?? "",
    });
    rest = rest.slice(whole.length);
    if (rest.trim() === "") break;
    const joiner = /^(AND|OR)\s+/.exec(rest);
    if (!joiner) throw invalidRequest(`Invalid query: ${query}`, "query");
    joiners.add(joiner[1] as "AND" | "OR");
    rest = rest.slice(joiner[0].length);
  }
  if (joiners.size > 1) throw invalidRequest("Queries cannot mix AND and OR.", "query");
  return { clauses, joiner: joiners.has("OR") ? "OR" : "AND" };
}

function matches(object: object, clause: Clause): boolean {
  let value: unknown = object;
  for (const segment of clause.path) {
    value = typeof value === "object" && value !== null ? (value as Record<string, unknown>)[segment] : undefined;
  }
  if (value === undefined || value === null) return false;
  const text = String(value);
  return clause.operator === ":" ? text === clause.value : text.toLowerCase().includes(clause.value.toLowerCase());
}

export function search<T extends Identified>(
  context: EmulatorContext,
  items: readonly T[],
  params: { query?: string; limit?: number; page?: string; expand?: string[] },
  url: string,
): object {
  if (!params.query) throw invalidRequest("Missing required param: query.", "query", "parameter_missing");
  const { clauses, joiner } = parseQuery(params.query);
  const found = items.filter((item) =>
    joiner === "AND"
      ? clauses.every((clause) => matches(item, clause))
      : clauses.some((clause) => matches(item, clause)),
  );
  const limit = checkLimit(params.limit);
  const offset = params.page ? Number(Buffer.from(params.page, "base64url").toString("utf8")) || 0 : 0;
  const page = found.slice(offset, offset + limit);
  const hasMore = offset + limit < found.length;
  return present(
    context,
    {
      object: "search_result",
      data: page,
      has_more: hasMore,
      next_page: hasMore ? Buffer.from(String(offset + limit)).toString("base64url") : null,
      url,
    },
    params.expand,
  );
}
