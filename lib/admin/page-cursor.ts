// Keyset pagination for the admin lists. A page link carries a cursor: the
// sort key and id of the row the page starts after ("next") or before
// ("previous"), so every page costs one index range scan however deep it is,
// and rows added meanwhile neither repeat nor vanish between pages (offsets
// would shift). The cursor is opaque in the URL (base64url JSON) and decoded
// strictly: anything else is an InvalidCursorError the page shows as such.
// Decoding the text grants nothing: it is a position in a list the operator
// may read whole anyway.
import "server-only";
import { z } from "zod";

export type PageDirection = "next" | "previous";

/** The sort key and id of one row; the list's order is (key, id). */
export type RowPosition = { key: string; id: string };

export type PageCursor = RowPosition & { direction: PageDirection };

/** One page in display order, with cursors for the pages either side (null at an end). */
export type Page<Row> = { rows: Row[]; previous: string | null; next: string | null };

export class InvalidCursorError extends Error {
  constructor() {
    super("This page link is not valid: it was edited or cut short. Start again from the first page.");
    this.name = "InvalidCursorError";
  }
}

// PostgreSQL text holds no NUL character, so a cursor with one could only fail in the query.
const text = (max: number) =>
  z
    .string()
    .max(max)
    .regex(/^[^\0]*$/);
const encoded = z.tuple([z.enum(["n", "p"]), text(512), text(128).min(1)]);

export function encodeCursor({ direction, key, id }: PageCursor): string {
  return Buffer.from(JSON.stringify([direction === "next" ? "n" : "p", key, id])).toString("base64url");
}

/** The cursor in `text`, or undefined for none; `isValid` checks the position is one this list sorts by. */
export function decodeCursor(
  text: string | undefined,
  isValid: (position: RowPosition) => boolean = () => true,
): PageCursor | undefined {
  if (text === undefined || text === "") return undefined;
  let json: unknown;
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(text)) throw new InvalidCursorError();
    json = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
  } catch {
    throw new InvalidCursorError();
  }
  const parsed = encoded.safeParse(json);
  if (!parsed.success) throw new InvalidCursorError();
  const [direction, key, id] = parsed.data;
  if (!isValid({ key, id })) throw new InvalidCursorError();
  return { direction: direction === "n" ? "next" : "previous", key, id };
}

/**
 * Turns the rows fetched in the cursor's direction (up to `take` + 1, the
 * extra one only telling that more exist) into a page in display order.
 */
export function toPage<Row>(
  fetched: Row[],
  take: number,
  cursor: PageCursor | undefined,
  positionOf: (row: Row) => RowPosition,
): Page<Row> {
  const more = fetched.length > take;
  const backwards = cursor?.direction === "previous";
  const rows = backwards ? fetched.slice(0, take).reverse() : fetched.slice(0, take);
  const link = (direction: PageDirection, row: Row | undefined) =>
    row === undefined ? null : encodeCursor({ direction, ...positionOf(row) });
  // Going back, the rows the cursor came from lie ahead; going forward from a
  // cursor, the rows before it lie behind.
  return {
    rows,
    previous: (backwards ? more : cursor !== undefined) ? link("previous", rows[0]) : null,
    next: (backwards ? true : more) ? link("next", rows.at(-1)) : null,
  };
}

/** The page, or the InvalidCursorError its cursor raised, for the page to show; other errors propagate. */
export async function pageOrInvalidCursor<Row>(loading: Promise<Page<Row>>): Promise<Page<Row> | InvalidCursorError> {
  try {
    return await loading;
  } catch (error) {
    if (error instanceof InvalidCursorError) return error;
    throw error;
  }
}
