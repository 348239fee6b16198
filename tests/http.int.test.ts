// The production build over HTTP: the sign-up / sign-in / sign-out journey
// with a real SMTP server catching the emails, and the route handlers'
// answers to bad input.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readdir } from "node:fs/promises";
import path from "node:path";
import Stripe from "stripe";
import { DEVELOPMENT_WEBHOOK_SECRET } from "@/tools/stripe-emulator/server";
import { product } from "@/product.config";
import { CookieJar, requestOnce, startAppOnTestDatabase, type AppServer } from "./helpers/app-server";
import { createSignedInUser } from "./helpers/sessions";
import { startSmtpCapture, type SmtpCapture } from "./helpers/smtp-capture";
import { testDatabaseKind, withClient } from "./helpers/test-database";

const CRON_SECRET = "http-test-cron-secret-http-test-cron-secret";

describe(`the app over HTTP (production build, ${testDatabaseKind})`, () => {
  let app: AppServer;
  let smtp: SmtpCapture;

  beforeAll(async () => {
    smtp = await startSmtpCapture();
    app = await startAppOnTestDatabase({ EMAIL_SERVER: smtp.url, CRON_SECRET });
  }, 120_000);
  afterAll(async () => {
    await app?.stop();
    await smtp?.stop();
  });

  const sessionRows = (email: string) =>
    withClient(app.databaseUrl, async (client) => {
      const { rows } = await client.query(
        `SELECT s."sessionToken" FROM "Session" s JOIN "User" u ON u.id = s."userId" WHERE u.email = $1`,
        [email],
      );
      return rows.map((row: { sessionToken: string }) => row.sessionToken);
    });

  const locationOf = (response: Response) => new URL(response.headers.get("location") ?? "", app.url);

  // Each test asks from its own address, so the per-IP limit of one test does
  // not spill into the next.
  let nextIp = 1;
  const clientAddress = () => `198.51.100.${nextIp++}`;

  /** Asks for a sign-in email the way the Auth.js client does. */
  async function requestLink(jar: CookieJar, email: string, callbackUrl: string, headers: Record<string, string> = {}) {
    const { csrfToken } = (await (await jar.fetch(`${app.url}/api/auth/csrf`)).json()) as { csrfToken: string };
    return jar.fetch(`${app.url}/api/auth/signin/nodemailer`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": clientAddress(), ...headers },
      body: new URLSearchParams({ email, csrfToken, callbackUrl }),
    });
  }

  async function linkFor(email: string): Promise<URL> {
    const message = await smtp.waitForMessage(email);
    const match = /https?:\/\/\S+\/api\/auth\/callback\/nodemailer\S+/.exec(message.text ?? "");
    if (!match) throw new Error(`No sign-in link in: ${message.text}`);
    return new URL(match[0]);
  }

  it.each(["/dashboard", "/account"])("sends signed-out visitors from %s to sign-in and back", async (path) => {
    const response = await fetch(`${app.url}${path}?tab=1`, { redirect: "manual" });
    expect(response.status).toBe(307);
    const location = locationOf(response);
    expect(location.pathname).toBe("/sign-in");
    expect(location.searchParams.get("callbackUrl")).toBe(`${path}?tab=1`);
  });

  it("refuses a forged session cookie that gets past the proxy", async () => {
    const response = await fetch(`${app.url}/account`, {
      redirect: "manual",
      headers: { cookie: "authjs.session-token=forged-value" },
    });
    expect(response.status).toBe(307);
    expect(locationOf(response).pathname).toBe("/sign-in");
  });

  it("signs up by email link, lands signed in, signs out, and the old cookie stops working", async () => {
    const jar = new CookieJar();
    const requested = await requestLink(jar, "lena@example.com", `${app.url}/account`);
    expect(requested.status).toBe(302);
    expect(locationOf(requested).pathname).toBe("/api/auth/verify-request");

    const message = await smtp.waitForMessage("lena@example.com");
    expect(message.subject).toBe(`Sign in to ${product.name}`);
    expect(message.text).toContain("expires in 60 minutes");
    const link = await linkFor("lena@example.com");
    expect(link.origin).toBe(app.url);

    const callback = await jar.fetch(link.toString());
    expect(callback.status).toBe(302);
    expect(callback.headers.get("location")).toBe(`${app.url}/account`);
    const cookie = jar.get("authjs.session-token");
    expect(cookie).toBeDefined();
    expect(callback.headers.getSetCookie().find((header) => header.startsWith("authjs.session-token"))).toMatch(
      /HttpOnly.*SameSite=Lax|SameSite=Lax.*HttpOnly/i,
    );
    expect(await sessionRows("lena@example.com")).toEqual([cookie]);

    const account = await jar.fetch(`${app.url}/account`);
    expect(account.status).toBe(200);
    expect(await account.text()).toContain("lena@example.com");

    // The link works once.
    const replay = await new CookieJar().fetch(link.toString());
    expect(locationOf(replay).searchParams.get("error")).toBe("Verification");

    const { csrfToken } = (await (await jar.fetch(`${app.url}/api/auth/csrf`)).json()) as { csrfToken: string };
    const signOut = await jar.fetch(`${app.url}/api/auth/signout`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrfToken }),
    });
    expect(signOut.status).toBe(302);
    expect(await sessionRows("lena@example.com")).toEqual([]);
    // Both ends of the session are in the audit log, by user id only.
    const trail = await withClient(app.databaseUrl, async (client) => {
      const { rows } = await client.query(
        `SELECT a.action, a."actorRole", a."userAgent" FROM "AuditLog" a JOIN "User" u ON u.id = a.actor
         WHERE u.email = $1 AND a."targetId" = u.id ORDER BY a.id`,
        ["lena@example.com"],
      );
      return rows;
    });
    expect(trail.map((row: { action: string }) => row.action)).toEqual(["auth.sign_in", "auth.sign_out"]);
    expect(trail[0]).toMatchObject({ actorRole: "member", userAgent: "node" });
    const afterSignOut = await fetch(`${app.url}/account`, {
      redirect: "manual",
      headers: { cookie: `authjs.session-token=${cookie}` },
    });
    expect(locationOf(afterSignOut).pathname).toBe("/sign-in");
  });

  it("never sends anyone off our origin after sign-in, whatever callbackUrl or host they claim", async () => {
    const jar = new CookieJar();
    await requestLink(jar, "mona@example.com", "https://evil.example/phish", { "x-forwarded-host": "evil.example" });
    const link = await linkFor("mona@example.com");
    expect(link.origin).toBe(app.url);
    expect(link.searchParams.get("callbackUrl")).toBe(`${app.url}/dashboard`);
    const callback = await jar.fetch(link.toString());
    expect(callback.headers.get("location")).toBe(`${app.url}/dashboard`);
  });

  it("sends at most 5 sign-in emails per address from one network in 10 minutes, and not fewer to its owner", async () => {
    const email = "nico@example.com";
    const network = { "x-forwarded-for": "192.0.2.200" };
    const outcomes = [];
    for (let attempt = 0; attempt < 7; attempt++) {
      const response = await requestLink(new CookieJar(), email, "/dashboard", network);
      outcomes.push(locationOf(response).pathname);
    }
    expect(outcomes.slice(0, 5)).toEqual(Array(5).fill("/api/auth/verify-request"));
    expect(outcomes.slice(5)).toEqual(["/sign-in", "/sign-in"]);
    // The owner, on their own network, still gets their link.
    expect(locationOf(await requestLink(new CookieJar(), email, "/dashboard")).pathname).toBe(
      "/api/auth/verify-request",
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(smtp.messages.filter((message) => message.to && JSON.stringify(message.to).includes(email))).toHaveLength(6);
  });

  it("acknowledges a signed webhook at once and the cron route leaves nothing pending", async () => {
    // A customer of the same Stripe account that no user of ours has.
    const emulator = new URL(app.stripeEmulatorUrl);
    const stranger = await new Stripe("sk_test_http", {
      host: emulator.hostname,
      port: Number(emulator.port),
      protocol: "http",
    }).customers.create({ email: "stranger@example.com" });
    const payload = JSON.stringify({
      id: "evt_http_cron_1",
      object: "event",
      type: "invoice.paid",
      created: Math.floor(Date.now() / 1000),
      data: { object: { id: "in_http_1", object: "invoice", customer: stranger.id } },
    });
    const signature = new Stripe("sk_test_unused").webhooks.generateTestHeaderString({
      payload,
      secret: DEVELOPMENT_WEBHOOK_SECRET,
    });
    const acknowledged = await fetch(`${app.url}/api/webhooks/stripe`, {
      method: "POST",
      body: payload,
      headers: { "content-type": "application/json", "stripe-signature": signature },
    });
    expect(await acknowledged.json()).toEqual({ received: true, outcome: "recorded" });
    const drained = await fetch(`${app.url}/api/cron/billing`, {
      method: "POST",
      headers: { authorization: `Bearer ${CRON_SECRET}` },
    });
    expect(drained.status).toBe(200);
    // Processed by the cron call or, just before it, by the server's own worker.
    await expect
      .poll(
        async () =>
          (
            (await (
              await fetch(`${app.url}/api/cron/billing`, {
                method: "POST",
                headers: { authorization: `Bearer ${CRON_SECRET}` },
              })
            ).json()) as { pending: number }
          ).pending,
      )
      .toBe(0);
    const state = await withClient(app.databaseUrl, async (client) => {
      const { rows } = await client.query(`SELECT "state" FROM "StripeEvent" WHERE id = 'evt_http_cron_1'`);
      return rows[0]?.state;
    });
    expect(state).toBe("processed");
  });

  it("has no development mailbox in production: our 404, not Next.js's built-in one", async () => {
    const response = await fetch(`${app.url}/dev/mailbox`);
    expect(response.status).toBe(404);
    const page = await response.text();
    expect(page).toContain(`<title>Page not found · ${product.name}</title>`);
    expect(page).toContain("The page you asked for does not exist");
    expect(page).not.toContain("This page could not be found");
  });

  describe("route handlers refuse bad input without writing anything", () => {
    // Every table a request could write to; compared before and after.
    const TABLES = ["User", "Session", "VerificationToken", "Account", "Subscription", "StripeEvent", "OutboxEmail"];
    const snapshot = async () => {
      const counts = await withClient(app.databaseUrl, async (client) => {
        const { rows } = await client.query(
          TABLES.map((table) => `SELECT '${table}' AS t, count(*)::int AS n FROM "${table}"`).join(" UNION ALL "),
        );
        return Object.fromEntries(rows.map((row: { t: string; n: number }) => [row.t, row.n])) as Record<
          string,
          number
        >;
      });
      return { ...counts, emails: smtp.messages.length } as Record<string, number> & { emails: number };
    };
    const now = () => Math.floor(Date.now() / 1000);
    const postWebhook = (body: BodyInit, headers: Record<string, string> = {}) =>
      fetch(`${app.url}/api/webhooks/stripe`, {
        method: "POST",
        body,
        headers: { "content-type": "application/json", ...headers },
      });
    // Signed with the secret the app verifies with (the emulator's development
    // secret, as no STRIPE_WEBHOOK_SECRET is set): only Stripe could send these.
    const signed = (payload: string) => ({
      "stripe-signature": new Stripe("sk_test_unused").webhooks.generateTestHeaderString({
        payload,
        secret: DEVELOPMENT_WEBHOOK_SECRET,
      }),
    });
    /** Refused with `status`, nothing written, and the server still answers. */
    async function expectRefusedWithoutWrites<R extends { status: number }>(
      send: () => Promise<R>,
      status: (s: number) => boolean,
    ): Promise<R> {
      const before = await snapshot();
      const response = await send();
      expect(status(response.status), `status ${response.status}`).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 200)); // anything written late
      expect(await snapshot()).toEqual(before);
      expect((await fetch(`${app.url}/api/billing/status`)).status).toBe(200);
      return response;
    }
    const is4xx = (status: number) => status >= 400 && status < 500;

    it("covers every route handler of the app", async () => {
      const routes = (await readdir("app", { recursive: true }))
        .filter((file) => file.endsWith("route.ts"))
        .map((file) => `/${path.dirname(file).replace(/\([^)]+\)\//g, "")}`)
        .sort();
      expect(routes).toEqual([
        "/account/billing/return",
        "/admin/audit/export",
        "/api/auth/[...nextauth]",
        "/api/billing/status",
        "/api/cron/billing",
        "/api/reports/export",
        "/api/webhooks/stripe",
      ]);
    });

    describe("POST /api/webhooks/stripe", () => {
      it.each([
        ["no signature", "{}", {}],
        [
          "a forged signature",
          JSON.stringify({ id: "evt_1", type: "invoice.paid" }),
          { "stripe-signature": "t=1,v1=deadbeef" },
        ],
        ["a body that is not JSON", "not json", { "stripe-signature": `t=${now()},v1=00` }],
        [
          "fields of the wrong types",
          JSON.stringify({ id: 42, type: ["invoice.paid"], data: "x" }),
          { "stripe-signature": `t=${now()},v1=00` },
        ],
        ["content type text/plain", "{}", { "content-type": "text/plain", "stripe-signature": `t=${now()},v1=00` }],
        [
          "a form body",
          "id=evt_1&type=invoice.paid",
          { "content-type": "application/x-www-form-urlencoded", "stripe-signature": `t=${now()},v1=00` },
        ],
      ])("with %s: 400 with an error, nothing written", async (_case, body, headers) => {
        const response = await expectRefusedWithoutWrites(
          () => postWebhook(body, headers),
          (s) => s === 400,
        );
        expect(await response.json()).toHaveProperty("error");
      });

      it("with a multipart body: 400, nothing written", async () => {
        const form = new FormData();
        form.append("id", "evt_1");
        await expectRefusedWithoutWrites(
          () => fetch(`${app.url}/api/webhooks/stripe`, { method: "POST", body: form }),
          (s) => s === 400,
        );
      });

      it("with a huge body: 413, whether it announces its length or streams it", async () => {
        const url = `${app.url}/api/webhooks/stripe`;
        const announced = await expectRefusedWithoutWrites(
          () => requestOnce(url, { body: "x".repeat(600 * 1024), headers: { "stripe-signature": "t=1,v1=00" } }),
          (s) => s === 413,
        );
        expect(announced.status).toBe(413);
        await expectRefusedWithoutWrites(
          () =>
            requestOnce(url, {
              chunks: Array.from({ length: 12 }, () => "x".repeat(64 * 1024)),
              headers: { "stripe-signature": "t=1,v1=00", "transfer-encoding": "chunked" },
            }),
          (s) => s === 413,
        );
      });

      it("answers other methods 405", async () => {
        for (const method of ["GET", "PUT", "DELETE"]) {
          await expectRefusedWithoutWrites(
            () => fetch(`${app.url}/api/webhooks/stripe`, { method }),
            (s) => s === 405,
          );
        }
      });

      // Correctly signed but not an event Stripe would send: refused without a
      // write, and not 5xx, which Stripe would retry for days.
      it.each([
        ["data: null", { id: "evt_malformed_1", object: "event", type: "invoice.paid", data: null }],
        ["a numeric id", { id: 42, object: "event", type: "invoice.paid", data: { object: { customer: "cus_1" } } }],
      ])("signed, with %s: 400 (a retry could never succeed), nothing written", async (_case, event) => {
        const payload = JSON.stringify(event);
        await expectRefusedWithoutWrites(
          () => postWebhook(payload, signed(payload)),
          (s) => s === 400,
        );
      });
    });

    describe("POST /api/cron/billing", () => {
      const cron = (authorization?: string, method = "POST") =>
        fetch(`${app.url}/api/cron/billing`, { method, headers: authorization ? { authorization } : {} });

      it.each([
        ["no authorization", undefined],
        ["a wrong secret", `Bearer ${CRON_SECRET.slice(0, -1)}x`],
        ["the secret without the Bearer scheme", CRON_SECRET],
      ])("with %s: 401, nothing processed", async (_case, authorization) => {
        const response = await expectRefusedWithoutWrites(
          () => cron(authorization),
          (s) => s === 401,
        );
        expect((await response.json()).error).toContain("CRON_SECRET");
      });

      it("answers GET 405", async () => {
        await expectRefusedWithoutWrites(
          () => cron(`Bearer ${CRON_SECRET}`, "GET"),
          (s) => s === 405,
        );
      });
    });

    describe("GET-only routes", () => {
      it.each(["/api/billing/status", "/api/reports/export"])("%s answers bodies sent to it 405", async (route) => {
        await expectRefusedWithoutWrites(
          () =>
            fetch(`${app.url}${route}`, {
              method: "POST",
              body: "{not json",
              headers: { "content-type": "application/json" },
            }),
          (s) => s === 405,
        );
        await expectRefusedWithoutWrites(
          () => requestOnce(`${app.url}${route}`, { body: "x".repeat(2_000_000) }),
          (s) => s === 405,
        );
      });

      it("the portal's return address sends a signed-out visitor to sign-in, even past the proxy", async () => {
        const claims: Array<Record<string, string>> = [{}, { cookie: "authjs.session-token=forged" }];
        for (const headers of claims) {
          const response = await fetch(`${app.url}/account/billing/return`, { redirect: "manual", headers });
          expect([303, 307]).toContain(response.status);
          expect(locationOf(response).pathname).toBe("/sign-in");
        }
      });
    });

    describe("/api/auth/* (Auth.js)", () => {
      const signIn = `/api/auth/signin/nodemailer`;
      // Auth.js refuses a sign-in POST by redirecting back to the sign-in page with an error.
      const refusedToSignIn = (response: Response, error: string) => {
        expect(locationOf(response).pathname).toBe("/sign-in");
        expect(locationOf(response).searchParams.get("error")).toBe(error);
      };

      it.each([
        ["JSON", JSON.stringify({ email: "json@example.com" }), "application/json"],
        ["a form without the CSRF token", "email=nocsrf%40example.com", "application/x-www-form-urlencoded"],
        ["a body that is not a form", "%%%===&&&", "application/x-www-form-urlencoded"],
        ["a plain-text body", "email=text@example.com", "text/plain"],
      ])("sign-in with %s: refused, no email, nothing written", async (_case, body, contentType) => {
        const response = await expectRefusedWithoutWrites(
          () =>
            fetch(`${app.url}${signIn}`, {
              method: "POST",
              body,
              headers: { "content-type": contentType, "x-forwarded-for": clientAddress() },
              redirect: "manual",
            }),
          (s) => s === 302,
        );
        refusedToSignIn(response, "MissingCSRF");
      });

      it("sign-in with a 2 MB body: refused, no email, nothing written", async () => {
        const response = await expectRefusedWithoutWrites(
          () =>
            requestOnce(`${app.url}${signIn}`, {
              body: `email=${"a".repeat(2_000_000)}%40example.com`,
              headers: { "content-type": "application/x-www-form-urlencoded" },
            }),
          (s) => s === 302 || s === 413,
        );
        if (response.status === 302) expect(String(response.headers.location)).toContain("error=");
      });

      const postWithCsrf = async (body: (csrf: string) => string) => {
        const jar = new CookieJar();
        const { csrfToken } = (await (await jar.fetch(`${app.url}/api/auth/csrf`)).json()) as { csrfToken: string };
        return jar.fetch(`${app.url}${signIn}`, {
          method: "POST",
          body: body(csrfToken),
          headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": clientAddress() },
        });
      };

      it("sign-in with a valid CSRF token and no address: refused, no email, nothing written", async () => {
        const response = await expectRefusedWithoutWrites(
          () => postWithCsrf((csrf) => `csrfToken=${csrf}`),
          (s) => s === 302 || is4xx(s),
        );
        if (response.status === 302) expect(locationOf(response).pathname).toBe("/sign-in");
      });

      it("sign-in with two addresses in one form: one link, to one address, not both", async () => {
        const before = await snapshot();
        const response = await postWithCsrf(
          (csrf) => `email=first1%40example.com&email=second1%40example.com&csrfToken=${csrf}`,
        );
        expect(locationOf(response).pathname).toBe("/api/auth/verify-request");
        await smtp.waitForMessage("second1@example.com"); // Auth.js reads the last value
        const sentTo = (address: string) =>
          smtp.messages.filter((message) => JSON.stringify(message.to).includes(address));
        expect([sentTo("first1@example.com").length, sentTo("second1@example.com").length]).toEqual([0, 1]);
        expect(smtp.messages[smtp.messages.length - 1]!.to).toMatchObject({
          value: [{ address: "second1@example.com" }],
        });
        const after = await snapshot();
        expect([after.VerificationToken, after.emails]).toEqual([before.VerificationToken! + 1, before.emails + 1]);
      });

      // Auth.js's endpoint applies the sign-in form's address rules too.
      it("sign-in with a valid CSRF token and a 10,000-character address: nothing written", async () => {
        await expectRefusedWithoutWrites(
          () => postWithCsrf((csrf) => `email=${"a".repeat(10_000)}%40example.com&csrfToken=${csrf}`),
          (s) => s === 302 || is4xx(s),
        );
      });

      it.each([
        ["POST /api/auth/session with broken JSON", "/api/auth/session", "{{{", "application/json"],
        ["an unknown action", "/api/auth/no-such-action", "x", "text/plain"],
      ])("%s: 400, nothing written", async (_case, route, body, contentType) => {
        await expectRefusedWithoutWrites(
          () =>
            fetch(`${app.url}${route}`, {
              method: "POST",
              body,
              headers: { "content-type": contentType },
              redirect: "manual",
            }),
          is4xx,
        );
      });

      it("a sign-in callback posted as multipart: refused, no session", async () => {
        const form = new FormData();
        form.append("token", "guess");
        form.append("email", "guess@example.com");
        const response = await expectRefusedWithoutWrites(
          () => fetch(`${app.url}/api/auth/callback/nodemailer`, { method: "POST", body: form, redirect: "manual" }),
          (s) => s === 302 || is4xx(s),
        );
        expect(response.headers.getSetCookie().some((cookie) => cookie.startsWith("authjs.session-token="))).toBe(
          false,
        );
      });
    });
  });

  describe("premium pages and premium JSON refuse signed-out requests that claim to have passed the proxy", () => {
    // What each page shows a subscriber; a refusal must show none of it.
    const PREMIUM: Array<[string, string]> = [
      ["/dashboard/pro", "Spending by month"],
      ["/dashboard/business", "Your workspace at a glance"],
      ["/account/billing", "Invoices"],
    ];
    const forged = "authjs.session-token=forged-session-token";
    let expiredCookie = "";
    let subscriberCookie = "";
    beforeAll(async () => {
      const expired = await createSignedInUser(app.databaseUrl);
      const subscriber = await createSignedInUser(app.databaseUrl);
      await withClient(app.databaseUrl, async (client) => {
        await client.query(`UPDATE "Session" SET expires = now() - interval '1 minute' WHERE "sessionToken" = $1`, [
          expired.sessionToken,
        ]);
        await client.query(
          `INSERT INTO "Subscription" (id, "userId", status, "priceId", "planId", interval, "currentPeriodEnd", "updatedAt")
           VALUES ($1, $2, 'active', 'price_business_monthly', 'business', 'month', now() + interval '20 days', now())`,
          [`sub_http_${subscriber.id}`, subscriber.id],
        );
      });
      expiredCookie = expired.cookie;
      subscriberCookie = subscriber.cookie;
    });
    const claims = (): Array<[string, Record<string, string>]> => [
      // CVE-2025-29927: this header once made Next skip middleware entirely.
      [
        "x-middleware-subrequest naming the proxy",
        { "x-middleware-subrequest": "proxy:proxy:proxy:proxy:proxy", cookie: forged },
      ],
      [
        "x-middleware-subrequest naming middleware",
        { "x-middleware-subrequest": "middleware:middleware:middleware:middleware:middleware" },
      ],
      [
        "x-middleware-next / -rewrite and a garbage __Secure- cookie",
        {
          "x-middleware-next": "1",
          "x-middleware-rewrite": "/dashboard/pro",
          cookie: "__Secure-authjs.session-token=forged",
        },
      ],
      [
        "x-nextjs-data / x-matched-path / x-invoke-path and a 4 kB cookie",
        {
          "x-nextjs-data": "1",
          "x-matched-path": "/dashboard/pro",
          "x-invoke-path": "/dashboard/pro",
          cookie: `authjs.session-token=${"A".repeat(4000)}`,
        },
      ],
      [
        "x-middleware-override-headers",
        { "x-middleware-override-headers": "cookie", "x-middleware-request-cookie": forged, cookie: forged },
      ],
      [
        "the cookie of an expired session",
        { cookie: expiredCookie, "x-middleware-subrequest": "proxy:proxy:proxy:proxy:proxy" },
      ],
    ];
    const cases = () =>
      PREMIUM.flatMap(([page, marker]) => claims().map(([claim, headers]) => ({ page, marker, claim, headers })));

    it("sends each premium page to sign-in, with none of its content, whatever the request claims", async () => {
      const outcomes = [];
      for (const { page, marker, claim, headers } of cases()) {
        const response = await fetch(`${app.url}${page}`, { redirect: "manual", headers });
        const body = await response.text();
        outcomes.push({
          page,
          claim,
          status: response.status,
          to: locationOf(response).pathname,
          content: body.includes(marker),
        });
      }
      expect(outcomes).toEqual(
        cases().map(({ page, claim }) => ({ page, claim, status: 307, to: "/sign-in", content: false })),
      );
    });

    it("answers a client-side navigation (RSC request) with a redirect to sign-in, never the page", async () => {
      for (const [page, marker] of PREMIUM) {
        const headers = { rsc: "1", cookie: forged, "x-middleware-subrequest": "proxy:proxy:proxy:proxy:proxy" };
        // Next first adds its cache-busting _rsc parameter.
        const first = await fetch(`${app.url}${page}`, { redirect: "manual", headers });
        const response = await fetch(new URL(first.headers.get("location") ?? page, app.url), {
          redirect: "manual",
          headers,
        });
        const body = await response.text();
        expect(body).not.toContain(marker);
        expect(response.status === 307 ? locationOf(response).pathname : body).toContain("/sign-in");
      }
    });

    it("answers premium JSON 401 with a machine-readable reason, whatever the request claims", async () => {
      const outcomes = [];
      for (const [claim, headers] of [
        ...claims(),
        ["RSC headers", { rsc: "1", cookie: forged }] as [string, Record<string, string>],
      ]) {
        const response = await fetch(`${app.url}/api/reports/export${headers.rsc ? "?_rsc=1" : ""}`, {
          redirect: "manual",
          headers,
        });
        const body = response.headers.get("content-type")?.includes("json")
          ? await response.json()
          : await response.text();
        outcomes.push({ claim, status: response.status, error: (body as { error?: string }).error });
      }
      expect(outcomes.filter(({ status }) => status !== 307)).toEqual(
        outcomes
          .filter(({ status }) => status !== 307)
          .map(({ claim }) => ({ claim, status: 401, error: "unauthenticated" })),
      );
      expect(outcomes.filter(({ status }) => status === 401)).toHaveLength(claims().length);
    });

    it("shows the same pages and export to a signed-in subscriber (so the refusals above can fail)", async () => {
      for (const [page, marker] of PREMIUM) {
        const response = await fetch(`${app.url}${page}`, {
          redirect: "manual",
          headers: { cookie: subscriberCookie },
        });
        expect(response.status).toBe(200);
        expect(await response.text()).toContain(marker);
      }
      const csv = await fetch(`${app.url}/api/reports/export`, { headers: { cookie: subscriberCookie } });
      expect(csv.status).toBe(200);
      expect(csv.headers.get("content-type")).toContain("text/csv");
    });
  });
});
