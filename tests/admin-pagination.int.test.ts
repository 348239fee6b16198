// Keyset pagination of /admin's user search and /admin/audit: walking "next"
// to the end and "previous" back to the start shows every matching row
// exactly once, in order, and the same pages both ways, including rows that
// tie on their sort key (broken by id) and users who match on several
// columns. A cursor that was edited or cut short is refused with a message.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeCursor, InvalidCursorError, type Page } from "@/lib/admin/page-cursor";
import { listAudit, searchUsers, type AuditFilter } from "@/lib/admin/paged-lists";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { createMigratedDatabase } from "./helpers/prisma";
import { testDatabaseKind } from "./helpers/test-database";

/** Every page from the first to the last by "next", then back by "previous". */
async function walk<Row>(load: (cursor?: string) => Promise<Page<Row>>) {
  const forward: Row[][] = [];
  let page = await load();
  expect(page.previous).toBeNull();
  forward.push(page.rows);
  while (page.next) {
    page = await load(page.next);
    forward.push(page.rows);
  }
  const backward: Row[][] = [page.rows];
  while (page.previous) {
    page = await load(page.previous);
    backward.unshift(page.rows);
  }
  return { forward, backward };
}

/** Byte order, as PostgreSQL's "C" collation sorts (the test data is ASCII). */
const byteOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

describe(`admin keyset pagination (${testDatabaseKind})`, () => {
  let db: PrismaClient;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ db, close } = await createMigratedDatabase());
  }, 60_000);
  afterAll(() => close?.());

  describe("user search", () => {
    type Seeded = { id: string; email: string; name: string | null; stripeCustomerId: string | null };
    const users: Seeded[] = [];

    beforeAll(async () => {
      // Matches for "Pag"/"pag" by email, by name (many sharing one name, so
      // only the id orders them), by Stripe customer id, and by two columns
      // at once; plus users who match nothing.
      for (let n = 0; n < 70; n++) {
        const id = `u${String((n * 37) % 70).padStart(3, "0")}`;
        const kind = n % 5;
        users.push({
          id,
          email: kind === 0 || kind === 3 ? `pag${n}@example.com` : `other${n}@example.com`,
          name: kind === 1 ? "Pag Same Name" : kind === 3 ? `Pag ${n}` : kind === 4 ? null : `Someone ${n}`,
          stripeCustomerId: kind === 2 ? `Pag_cus_${n}` : kind === 4 ? `cus_${n}` : null,
        });
      }
      await db.user.createMany({ data: users });
    });

    /** What a search for `query` must list: users matching it, by the smallest matching text, then id. */
    function expected(query: string): string[] {
      const keyOf = (user: Seeded) =>
        [user.email.startsWith(query.toLowerCase()) ? user.email : null, user.name, user.stripeCustomerId]
          .filter((text, index): text is string => text !== null && (index === 0 || text.startsWith(query)))
          .sort(byteOrder)[0];
      return users
        .map((user) => ({ id: user.id, key: query === "" ? user.email : keyOf(user) }))
        .filter((user): user is { id: string; key: string } => user.key !== undefined)
        .sort((a, b) => byteOrder(a.key, b.key) || byteOrder(a.id, b.id))
        .map((user) => user.id);
    }

    it("pages forward and back through every match exactly once, in order", async () => {
      const want = expected("Pag");
      expect(want.length).toBeGreaterThan(50); // three pages of 25
      const { forward, backward } = await walk((cursor) => searchUsers(db, "Pag", cursor));
      const ids = forward.flat().map((user) => user.id);
      expect(ids).toEqual(want);
      expect(new Set(ids).size).toBe(ids.length);
      expect(forward.map((rows) => rows.length)).toEqual([25, 25, want.length - 50]);
      expect(backward).toEqual(forward);
    });

    it("lists everyone by email when the query is empty, page by page", async () => {
      const { forward, backward } = await walk((cursor) => searchUsers(db, "", cursor));
      expect(forward.flat().map((user) => user.id)).toEqual(expected(""));
      expect(backward).toEqual(forward);
    });

    it("ends with no next page when the matches fit on one", async () => {
      const page = await searchUsers(db, "pag1");
      expect(page.rows.map((user) => user.email)).toEqual([
        "pag10@example.com",
        "pag13@example.com",
        "pag15@example.com",
        "pag18@example.com",
      ]);
      expect(page).toMatchObject({ previous: null, next: null });
    });
  });

  describe("audit log", () => {
    const at = (minute: number) => new Date(Date.UTC(2026, 10, 1, 12, minute));
    let wanted: { id: bigint; at: Date }[];

    beforeAll(async () => {
      // 90 rows of one action over only six distinct times (so most rows tie
      // on `at`), written in an order unrelated to time, among other actions.
      for (let n = 0; n < 150; n++) {
        await db.auditLog.create({
          data: {
            at: at((n * 7) % 6),
            actor: n % 2 ? "system" : "cli",
            action: n % 5 < 3 ? "paging.test" : "paging.other",
            targetType: "user",
            targetId: `target-${n % 4}`,
          },
        });
      }
      wanted = (await db.auditLog.findMany({ where: { action: "paging.test" }, select: { id: true, at: true } }))
        .sort((a, b) => b.at.getTime() - a.at.getTime() || (b.id > a.id ? 1 : -1))
        .map(({ id, at }) => ({ id, at }));
    });

    const walkAudit = (filter: AuditFilter) => walk((cursor) => listAudit(db, filter, cursor, 7));

    it("pages a filtered log newest first, ties by id, every row once, the same pages both ways", async () => {
      const { forward, backward } = await walkAudit({ action: "paging.test" });
      const ids = forward.flat().map((row) => row.id);
      expect(ids).toEqual(wanted.map((row) => row.id));
      expect(wanted).toHaveLength(90);
      expect(forward).toHaveLength(13); // 12 pages of 7 and one of 6
      expect(backward).toEqual(forward);
    });

    it("keeps every filter with the cursor: actor, target and date", async () => {
      const filter: AuditFilter = {
        action: "paging.test",
        actor: "system",
        targetId: "target-1",
        from: at(1),
        to: at(5),
      };
      const { forward, backward } = await walkAudit(filter);
      const want = (
        await db.auditLog.findMany({
          where: { action: "paging.test", actor: "system", targetId: "target-1", at: { gte: at(1), lt: at(5) } },
        })
      )
        .sort((a, b) => b.at.getTime() - a.at.getTime() || (b.id > a.id ? 1 : -1))
        .map((row) => row.id);
      expect(want.length).toBeGreaterThan(7);
      expect(forward.flat().map((row) => row.id)).toEqual(want);
      expect(backward).toEqual(forward);
    });

    it("shows rows written after the first page on the way back, and none twice", async () => {
      const first = await listAudit(db, { action: "paging.late" }, undefined, 2);
      expect(first.rows).toEqual([]);
      for (const minute of [1, 2, 3]) {
        await db.auditLog.create({
          data: { at: at(minute), actor: "cli", action: "paging.late", targetType: "user", targetId: "late" },
        });
      }
      const newest = await listAudit(db, { action: "paging.late" }, undefined, 2);
      const older = await listAudit(db, { action: "paging.late" }, newest.next!, 2);
      await db.auditLog.create({
        data: { at: at(4), actor: "cli", action: "paging.late", targetType: "user", targetId: "late" },
      });
      const back = await listAudit(db, { action: "paging.late" }, older.previous!, 2);
      expect(older.rows.map((row) => row.at)).toEqual([at(1)]);
      expect(back.rows.map((row) => row.at)).toEqual([at(3), at(2)]);
      // The row written meanwhile is newer still: one more page back.
      expect(back.previous).not.toBeNull();
      expect((await listAudit(db, { action: "paging.late" }, back.previous!, 2)).rows.map((row) => row.at)).toEqual([
        at(4),
      ]);
    });
  });

  describe("a cursor that is not one the lists wrote", () => {
    const tampered = (parts: unknown) => Buffer.from(JSON.stringify(parts)).toString("base64url");
    const invalid = [
      "not a cursor!",
      "e30", // {}
      tampered(["n", "2026-11-01T12:00:00.000Z"]),
      tampered(["x", "2026-11-01T12:00:00.000Z", "1"]),
      tampered(["n", "pag\u0000", "u001"]),
      encodeCursor({ direction: "next", key: "2026-11-01T12:00:00.000Z", id: "1" }).slice(0, -3),
    ];

    it.each(invalid)("is refused by the search and the audit log with a message: %s", async (cursor) => {
      await expect(searchUsers(db, "pag", cursor)).rejects.toThrow(InvalidCursorError);
      await expect(listAudit(db, {}, cursor)).rejects.toThrow(
        "This page link is not valid: it was edited or cut short. Start again from the first page.",
      );
    });

    it("refuses an audit cursor whose time or id is not a row position", async () => {
      for (const position of [
        { key: "yesterday", id: "1" },
        { key: "2026-11-01T12:00:00Z", id: "1" },
        { key: "2026-02-30T12:00:00.000Z", id: "1" },
        { key: "2026-13-01T12:00:00.000Z", id: "1" },
        { key: "-271821-04-20T00:00:00.000Z", id: "1" },
        { key: "0000-01-01T00:00:00.000Z", id: "1" }, // a real JavaScript date; PostgreSQL has no year 0
        { key: "2026-11-01T12:00:00.000Z", id: "1; DROP TABLE" },
        { key: "2026-11-01T12:00:00.000Z", id: "99999999999999999999" },
        { key: "2026-11-01T12:00:00.000Z", id: "9223372036854775808" }, // past bigint
      ]) {
        await expect(listAudit(db, {}, encodeCursor({ direction: "next", ...position }))).rejects.toThrow(
          InvalidCursorError,
        );
      }
    });
  });
});
