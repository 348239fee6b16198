// Who reaches /admin, on the production build over HTTP. Every admin page,
// route handler and server action is in the matrix below with its outcome for
// a visitor who is signed out, a member, support and an admin; a new admin
// route or action fails "covers every ..." until it is added. The role is
// read from the database with the session: claims in cookies or headers
// change nothing, and actions refuse cross-site requests.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppOnTestDatabase, type AppServer } from "./helpers/app-server";
import { actionForms, actionIdOf, postFetchAction } from "./helpers/server-actions";
import { countRows, createSignedInUser, type SignedInUser } from "./helpers/sessions";
import { testDatabaseKind, withClient } from "./helpers/test-database";

const ADMIN_DIR = "app/(admin)";
type Who = "signedOut" | "member" | "support" | "admin";
const EVERYONE: Who[] = ["signedOut", "member", "support", "admin"];

/** Page and route outcomes: a redirect to sign-in, a 404 that reveals nothing, or the page. */
type Outcome = "sign-in" | "not-found" | "ok";
const READ_ACCESS: Record<Who, Outcome> = { signedOut: "sign-in", member: "not-found", support: "ok", admin: "ok" };

// Routes as the app directory names them; `[id]` is filled with a real user.
const PAGES: Record<string, Record<Who, Outcome>> = {
  "/admin": READ_ACCESS,
  "/admin/users/[id]": READ_ACCESS,
  "/admin/audit": READ_ACCESS,
  "/admin/webhooks": READ_ACCESS,
};
const ROUTE_HANDLERS: Record<string, Record<Who, Outcome>> = {
  "/admin/audit/export": READ_ACCESS,
};
/** Actions: only an admin gets past requireRole (to the confirmation step). Each is found on its page by its fields. */
const ACTIONS: Record<string, { page: string; isForm: (fields: Record<string, string>) => boolean }> = {
  cancelSubscriptionAction: { page: "/admin/users/[id]", isForm: (fields) => "subscriptionId" in fields },
  resyncCustomerAction: {
    page: "/admin/users/[id]",
    isForm: (fields) =>
      "userId" in fields && !["subscriptionId", "paymentId", "credits"].some((name) => name in fields),
  },
  refundPaymentAction: { page: "/admin/users/[id]", isForm: (fields) => "paymentId" in fields },
  grantCreditsAction: { page: "/admin/users/[id]", isForm: (fields) => "credits" in fields },
  replayEventAction: { page: "/admin/webhooks", isForm: (fields) => "eventId" in fields },
};

describe(`admin access control (production build, ${testDatabaseKind})`, () => {
  let app: AppServer;
  let stripe: Stripe;
  const users = {} as Record<Exclude<Who, "signedOut">, SignedInUser>;
  let customer: SignedInUser;

  beforeAll(async () => {
    app = await startAppOnTestDatabase();
    const emulator = new URL(app.stripeEmulatorUrl);
    stripe = new Stripe("sk_test_suite", { host: emulator.hostname, port: Number(emulator.port), protocol: "http" });
    const { id: customerId } = await stripe.customers.create({ email: "customer@example.com" });
    await withClient(app.databaseUrl, async (client) => {
      for (const role of ["member", "support", "admin"] as const) {
        const { insertSignedInUser } = await import("./helpers/sessions");
        users[role] = await insertSignedInUser(client, {});
        await client.query(`UPDATE "User" SET role = $1 WHERE id = $2`, [role, users[role].id]);
      }
    });
    customer = await createSignedInUser(app.databaseUrl, { stripeCustomerId: customerId });
    await withClient(app.databaseUrl, async (client) => {
      await client.query(
        `INSERT INTO "Subscription" (id, "userId", status, "priceId", "planId", interval, "currentPeriodEnd", "updatedAt")
         VALUES ('sub_rbac', $1, 'active', 'price_x', 'pro', 'month', now() + interval '20 days', now())`,
        [customer.id],
      );
      await client.query(
        `INSERT INTO "Payment" (id, "userId", "chargeId", description, amount, currency, "paidAt")
         VALUES ('pi_rbac', $1, 'ch_rbac', 'Pro (monthly)', 2000, 'usd', now())`,
        [customer.id],
      );
      await client.query(
        `INSERT INTO "StripeEvent" (id, type, "customerId", state, attempts, "lastError")
         VALUES ('evt_rbac_failed', 'invoice.paid', $1, 'failed', 23, 'Stripe timed out')`,
        [customerId],
      );
    });
  }, 180_000);
  afterAll(() => app?.stop());

  const cookieOf = (who: Who) => (who === "signedOut" ? "" : users[who].cookie);
  const concrete = (route: string) => route.replace("[id]", customer.id);
  const auditRows = () => countRows(app.databaseUrl, "AuditLog", `action NOT LIKE 'auth.%'`);

  async function outcomeOf(route: string, headers: Record<string, string>): Promise<Outcome | string> {
    const response = await fetch(`${app.url}${concrete(route)}`, { headers, redirect: "manual" });
    if (response.status === 307 || response.status === 303) {
      const location = new URL(response.headers.get("location") ?? "", app.url);
      return location.pathname === "/sign-in" ? "sign-in" : `redirect to ${location.pathname}`;
    }
    if (response.status === 404) return "not-found";
    if (response.status === 200) return "ok";
    return `status ${response.status}`;
  }

  it("covers every admin page, route handler and server action", async () => {
    const files = (await readdir(ADMIN_DIR, { recursive: true })).map((file) => file.replace(/\\/g, "/"));
    const routeOf = (file: string) => `/${path.dirname(file)}`.replace(/\/\([^)]+\)/g, "");
    expect(
      files
        .filter((file) => file.endsWith("page.tsx"))
        .map(routeOf)
        .sort(),
    ).toEqual(Object.keys(PAGES).sort());
    expect(
      files
        .filter((file) => file.endsWith("route.ts"))
        .map(routeOf)
        .sort(),
    ).toEqual(Object.keys(ROUTE_HANDLERS).sort());
    const actions: string[] = [];
    for (const file of files.filter((name) => name.endsWith("actions.ts"))) {
      const source = await readFile(path.join(ADMIN_DIR, file), "utf8");
      actions.push(...[...source.matchAll(/export async function (\w+)/g)].map((match) => match[1]!));
    }
    expect(actions.sort()).toEqual(Object.keys(ACTIONS).sort());
  });

  describe.each(Object.entries({ ...PAGES, ...ROUTE_HANDLERS }))("%s", (route, expected) => {
    it.each(EVERYONE)("answers %s as the matrix says", async (who) => {
      expect(await outcomeOf(route, { cookie: cookieOf(who) })).toBe(expected[who]);
    });

    it("ignores forged role claims in cookies and headers", async () => {
      const forged = {
        cookie: `${users.member.cookie}; role=admin; authjs.role=admin; user={"role":"admin"}`,
        "x-user-role": "admin",
        "x-role": "admin",
        authorization: "Bearer role=admin",
      };
      expect(await outcomeOf(route, forged)).toBe("not-found");
      // A made-up session cookie that gets past the proxy is still nobody.
      expect(await outcomeOf(route, { cookie: "authjs.session-token=forged", "x-user-role": "admin" })).toBe("sign-in");
    });
  });

  it("shows support everything and no action form; shows an admin the forms", async () => {
    const support = await (
      await fetch(`${app.url}/admin/users/${customer.id}`, { headers: { cookie: users.support.cookie } })
    ).text();
    expect(support).toContain("sub_rbac");
    expect(support).not.toContain("Cancel subscription");
    const admin = await (
      await fetch(`${app.url}/admin/users/${customer.id}`, { headers: { cookie: users.admin.cookie } })
    ).text();
    expect(admin).toContain("Cancel subscription");
  });

  async function actionForm(page: string, isForm: (fields: Record<string, string>) => boolean) {
    const html = await (await fetch(`${app.url}${concrete(page)}`, { headers: { cookie: users.admin.cookie } })).text();
    const forms = actionForms(html).filter(isForm);
    expect(forms).toHaveLength(1);
    return forms[0]!;
  }

  describe.each(Object.entries(ACTIONS))("%s", (_name, { page, isForm }) => {
    let actionId: string;
    let fields: Record<string, string>;
    beforeAll(async () => {
      const found = await actionForm(page, isForm);
      actionId = actionIdOf(found);
      fields = Object.fromEntries(Object.entries(found).filter(([name]) => !name.startsWith("$ACTION")));
    });
    const send = (cookie: string, origin: string, extra: Record<string, string> = {}) =>
      postFetchAction(
        `${app.url}${concrete(page)}`,
        actionId,
        { ...fields, reason: "matrix", ...extra },
        { cookie, origin },
      );

    it.each(["signedOut", "forgedSession", "member", "support"] as const)("does nothing for %s", async (who) => {
      const before = await auditRows();
      const cookie = who === "forgedSession" ? "authjs.session-token=forged" : cookieOf(who);
      const response = await send(cookie, app.url, { confirmed: "yes" });
      const body = await response.text();
      const signIn = (location: string | null) => new URL(location ?? "/", app.url).pathname === "/sign-in";
      if (who === "signedOut") {
        // The proxy turns a visitor without a session cookie away early...
        expect(response.status).toBe(307);
        expect(signIn(response.headers.get("location"))).toBe(true);
      } else if (who === "forgedSession") {
        // ...and requireRole() turns away one whose cookie names no session.
        expect(signIn(response.headers.get("x-action-redirect")?.split(";")[0] ?? null)).toBe(true);
      } else {
        expect(response.status).toBe(404);
      }
      expect(body).not.toContain("Confirm");
      expect(await auditRows()).toBe(before);
    });

    it("asks an admin to confirm, and refuses the same request from another site", async () => {
      const asked = await send(users.admin.cookie, app.url);
      expect(asked.status).toBe(200);
      expect(await asked.text()).toMatch(/\?/); // the confirmation question
      const before = await auditRows();
      const crossSite = await send(users.admin.cookie, "https://evil.example", { confirmed: "yes" });
      expect(crossSite.status).toBe(500);
      expect(await auditRows()).toBe(before);
    });
  });

  it("re-syncs a customer for an admin from our origin: one audit row with the reason", async () => {
    const form = await actionForm("/admin/users/[id]", ACTIONS.resyncCustomerAction!.isForm);
    const before = await countRows(app.databaseUrl, "AuditLog", `action = 'customer.resync'`);
    const response = await postFetchAction(
      `${app.url}/admin/users/${customer.id}`,
      actionIdOf(form),
      { userId: customer.id, reason: "customer asked", confirmed: "yes" },
      { cookie: users.admin.cookie, origin: app.url },
    );
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("The customer was re-synced from Stripe.");
    expect(
      await countRows(
        app.databaseUrl,
        "AuditLog",
        `action = 'customer.resync' AND reason = 'customer asked' AND actor = $1 AND "actorRole" = 'admin'`,
        [users.admin.id],
      ),
    ).toBe(before + 1);
  });

  it("finds users by the start of their email, name or Stripe customer id, wildcards taken literally", async () => {
    const search = async (q: string) =>
      (
        await fetch(`${app.url}/admin?${new URLSearchParams({ q })}`, { headers: { cookie: users.support.cookie } })
      ).text();
    const customerId = (
      await withClient(app.databaseUrl, (client) =>
        client.query(`SELECT "stripeCustomerId" FROM "User" WHERE id = $1`, [customer.id]),
      )
    ).rows[0].stripeCustomerId as string;
    expect(await search(customer.email.slice(0, 12).toUpperCase())).toContain(customer.email);
    expect(await search(customerId)).toContain(customer.email);
    expect(await search("%")).toContain("No user matches");
    expect(await search("_")).toContain("No user matches");
  });

  /** The `href` of the link labelled `label` in `html`, unescaped, or undefined. */
  const linkIn = (html: string, label: string) =>
    [...html.matchAll(/<a[^>]*href="([^"]+)"[^>]*>([^<]*)<\/a>/g)]
      .find((link) => link[2] === label)?.[1]
      ?.replaceAll("&amp;", "&");

  /** Follows `next` from `path` to the last page, then `previous` back; what each page shows, by `pick`. */
  async function pageThrough(path: string, labels: { next: string; previous: string }, pick: RegExp) {
    const read = async (at: string) => {
      const html = await (await fetch(`${app.url}${at}`, { headers: { cookie: users.support.cookie } })).text();
      // What the table shows (the page's script payload repeats it).
      const table = html.slice(html.indexOf("<table"), html.indexOf("</table>"));
      return { html, shown: [...table.matchAll(pick)].map((match) => match[0]) };
    };
    const forward: string[][] = [];
    let page = await read(path);
    expect(linkIn(page.html, labels.previous)).toBeUndefined();
    forward.push(page.shown);
    for (let next = linkIn(page.html, labels.next); next; next = linkIn(page.html, labels.next)) {
      page = await read(next);
      forward.push(page.shown);
    }
    const backward: string[][] = [page.shown];
    for (let previous = linkIn(page.html, labels.previous); previous; previous = linkIn(page.html, labels.previous)) {
      page = await read(previous);
      backward.unshift(page.shown);
    }
    return { forward, backward };
  }

  it("pages the search with Next and Previous links, every match once", async () => {
    await withClient(app.databaseUrl, (client) =>
      client.query(
        `INSERT INTO "User" (id, email, name, "updatedAt")
         SELECT 'keyset-' || g, 'keyset-' || lpad(g::text, 3, '0') || '@example.com', 'Keyset', now()
         FROM generate_series(1, 60) g`,
      ),
    );
    const { forward, backward } = await pageThrough(
      "/admin?q=keyset-",
      { next: "Next page →", previous: "← Previous page" },
      /keyset-\d{3}@example\.com/g,
    );
    expect(forward.map((emails) => emails.length)).toEqual([25, 25, 10]);
    expect(forward.flat()).toEqual(
      Array.from({ length: 60 }, (_, index) => `keyset-${String(index + 1).padStart(3, "0")}@example.com`),
    );
    expect(backward).toEqual(forward);
  });

  it("pages a filtered audit log with Older and Newer links, rows of one time ordered by id", async () => {
    // 120 rows over three instants, so most tie on their time.
    await withClient(app.databaseUrl, (client) =>
      client.query(
        `INSERT INTO "AuditLog" (at, actor, action, "targetType", "targetId")
         SELECT timestamp '2026-11-20 10:00' + (g % 3) * interval '1 minute', 'cli',
                CASE WHEN g % 4 = 0 THEN 'keyset.other' ELSE 'keyset.page' END, 'user', 'keyset-target-' || g
         FROM generate_series(1, 160) g`,
      ),
    );
    const want = (
      await withClient(app.databaseUrl, (client) =>
        client.query<{ targetId: string }>(
          `SELECT "targetId" FROM "AuditLog" WHERE action = 'keyset.page' ORDER BY at DESC, id DESC`,
        ),
      )
    ).rows.map((row) => row.targetId);
    const { forward, backward } = await pageThrough(
      "/admin/audit?action=keyset.page&from=2026-11-20&to=2026-11-20",
      { next: "Older →", previous: "← Newer" },
      /keyset-target-\d+/g,
    );
    expect(forward.map((targets) => targets.length)).toEqual([50, 50, 20]);
    expect(forward.flat()).toEqual(want);
    expect(backward).toEqual(forward);
  });

  it("refuses an edited page link with a message and a way back, not an error page", async () => {
    for (const path of ["/admin?q=keyset-&cursor=edited", "/admin/audit?action=keyset.page&cursor=WyJuIiwxLDJd"]) {
      const response = await fetch(`${app.url}${path}`, { headers: { cookie: users.support.cookie } });
      expect(response.status).toBe(200);
      const html = await response.text();
      expect(html).toContain("This page link is not valid: it was edited or cut short.");
      expect(linkIn(html, "First page")).toBe(path.replace(/&cursor=.*/, ""));
    }
  });

  it("exports every filtered row exactly once, across the export's internal pages", async () => {
    // More rows than the export reads per page (1,000), many at one instant.
    await withClient(app.databaseUrl, (client) =>
      client.query(
        `INSERT INTO "AuditLog" (at, actor, action, "targetType", "targetId")
         SELECT timestamp '2026-11-21 10:00' + (g % 2) * interval '1 second', 'cli', 'keyset.export', 'user', 'export-' || g
         FROM generate_series(1, 2100) g`,
      ),
    );
    const csv = await (
      await fetch(`${app.url}/admin/audit/export?action=keyset.export`, { headers: { cookie: users.support.cookie } })
    ).text();
    const ids = csv
      .trim()
      .split("\r\n")
      .slice(1)
      .map((line) => line.split(",")[0]!);
    expect(ids).toHaveLength(2100);
    expect(new Set(ids).size).toBe(2100);
    const want = await withClient(app.databaseUrl, (client) =>
      client.query<{ id: string }>(
        `SELECT a.id::text AS id FROM "AuditLog" a WHERE a.action = 'keyset.export' ORDER BY a.at DESC, a.id DESC`,
      ),
    );
    expect(ids).toEqual(want.rows.map((row) => row.id));
  });

  it("filters the audit log and exports the filtered rows as CSV", async () => {
    const filtered = await (
      await fetch(`${app.url}/admin/audit?action=customer.resync&actor=${users.admin.id}`, {
        headers: { cookie: users.support.cookie },
      })
    ).text();
    expect(filtered).toContain("customer asked");
    expect(filtered).not.toContain("role.change");

    const csv = await fetch(`${app.url}/admin/audit/export?action=customer.resync`, {
      headers: { cookie: users.support.cookie },
    });
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const lines = (await csv.text()).trim().split("\r\n");
    expect(lines[0]).toBe(
      "id,at,actor,actorRole,action,targetType,targetId,reason,before,after,requestId,ip,userAgent",
    );
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.slice(1).every((line) => line.includes(",customer.resync,"))).toBe(true);
    expect(
      lines.some((line) => line.includes(`${users.admin.id},admin,customer.resync,user,${customer.id},customer asked`)),
    ).toBe(true);
    // The export holds no personal data beyond ids.
    expect(lines.join("\n")).not.toContain(customer.email);
  });
});
