// The production build over HTTP: the sign-up / sign-in / sign-out journey
// with a real SMTP server catching the emails, and the route handlers'
// answers to bad input.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CookieJar, startAppOnTestDatabase, type AppServer } from "./helpers/app-server";
import { startSmtpCapture, type SmtpCapture } from "./helpers/smtp-capture";
import { testDatabaseKind, withClient } from "./helpers/test-database";

describe(`the app over HTTP (production build, ${testDatabaseKind})`, () => {
  let app: AppServer;
  let smtp: SmtpCapture;

  beforeAll(async () => {
    smtp = await startSmtpCapture();
    app = await startAppOnTestDatabase({ EMAIL_SERVER: smtp.url });
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
    expect(message.subject).toBe("Sign in to Tollgate");
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

  it("sends at most 5 sign-in emails per address in 10 minutes", async () => {
    const email = "nico@example.com";
    const outcomes = [];
    for (let attempt = 0; attempt < 7; attempt++) {
      // A new network each time: the per-address limit must hold on its own.
      const response = await requestLink(new CookieJar(), email, "/dashboard");
      outcomes.push(locationOf(response).pathname);
    }
    expect(outcomes.slice(0, 5)).toEqual(Array(5).fill("/api/auth/verify-request"));
    expect(outcomes.slice(5)).toEqual(["/sign-in", "/sign-in"]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(smtp.messages.filter((message) => message.to && JSON.stringify(message.to).includes(email))).toHaveLength(5);
  });

  it("has no development mailbox in production", async () => {
    expect((await fetch(`${app.url}/dev/mailbox`)).status).toBe(404);
  });

  describe("route handlers refuse bad input without writing anything", () => {
    const stripeEvents = () =>
      withClient(app.databaseUrl, async (client) =>
        Number((await client.query(`SELECT count(*) FROM "StripeEvent"`)).rows[0].count),
      );
    const postWebhook = (body: string, headers: Record<string, string> = {}) =>
      fetch(`${app.url}/api/webhooks/stripe`, {
        method: "POST",
        body,
        headers: { "content-type": "application/json", ...headers },
      });

    it.each([
      ["no signature", "{}", {}],
      [
        "a forged signature",
        JSON.stringify({ id: "evt_1", type: "invoice.paid" }),
        { "stripe-signature": "t=1,v1=deadbeef" },
      ],
      ["a body that is not JSON", "not json", { "stripe-signature": `t=${Math.floor(Date.now() / 1000)},v1=00` }],
    ])("webhook with %s: 400", async (_case, body, headers) => {
      const before = await stripeEvents();
      const response = await postWebhook(body, headers);
      expect(response.status).toBe(400);
      expect(await response.json()).toHaveProperty("error");
      expect(await stripeEvents()).toBe(before);
    });

    it("webhook with a huge body: 413", async () => {
      const response = await postWebhook("x".repeat(600 * 1024), { "stripe-signature": "t=1,v1=00" });
      expect(response.status).toBe(413);
    });

    it("premium JSON refuses a signed-out request, even one claiming to have passed the proxy", async () => {
      const response = await fetch(`${app.url}/api/reports/export`, {
        headers: { "x-middleware-subrequest": "proxy:proxy:proxy" },
      });
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ error: "unauthenticated" });
    });

    it.each(["/dashboard/pro", "/dashboard/business", "/account/billing"])(
      "%s refuses a signed-out request that claims to have passed the proxy",
      async (path) => {
        const response = await fetch(`${app.url}${path}`, {
          redirect: "manual",
          headers: { "x-middleware-subrequest": "proxy:proxy:proxy", cookie: "authjs.session-token=forged" },
        });
        expect(response.status).toBe(307);
        expect(locationOf(response).pathname).toBe("/sign-in");
      },
    );
  });
});
