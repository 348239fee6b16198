// Server actions on the production build refuse a request sent from another
// site (Next compares Origin with Host): a cross-site form or fetch carrying
// the victim's cookie must change nothing. The same request from our own
// origin does the thing, so these tests fail if the check ever goes away.
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppOnTestDatabase, type AppServer } from "./helpers/app-server";
import { actionFormWith, actionIdOf, postActionForm, postFetchAction } from "./helpers/server-actions";
import { countRows, createSignedInUser } from "./helpers/sessions";
import { testDatabaseKind } from "./helpers/test-database";

const EVIL = "https://evil.example";

describe(`server actions and cross-site requests (production build, ${testDatabaseKind})`, () => {
  let app: AppServer;
  let stripe: Stripe;
  beforeAll(async () => {
    app = await startAppOnTestDatabase();
    const emulator = new URL(app.stripeEmulatorUrl);
    stripe = new Stripe("sk_test_suite", { host: emulator.hostname, port: Number(emulator.port), protocol: "http" });
  }, 120_000);
  afterAll(() => app?.stop());

  const page = async (path: string, cookie: string) => {
    const response = await fetch(`${app.url}${path}`, { headers: { cookie } });
    expect(response.status).toBe(200);
    return response.text();
  };
  const usersNamed = (email: string) => countRows(app.databaseUrl, "User", "email = $1", [email]);
  const checkoutSessions = async () => (await stripe.checkout.sessions.list({ limit: 100 })).data.length;
  const customers = async () => (await stripe.customers.list({ limit: 100 })).data.length;

  describe("delete account (form posted without JavaScript)", () => {
    it.each([
      ["another site", EVIL],
      ["an opaque origin (sandboxed frame)", "null"],
    ])("refuses a post from %s and deletes nothing", async (_case, origin) => {
      const user = await createSignedInUser(app.databaseUrl);
      const html = await page("/account", user.cookie);
      const form = actionFormWith(html, { confirmEmail: "" });
      const response = await postActionForm(
        `${app.url}/account`,
        { ...form, confirmEmail: user.email },
        { cookie: user.cookie, origin },
      );
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.headers.get("location")).toBeNull();
      expect(await usersNamed(user.email)).toBe(1);
      expect(await countRows(app.databaseUrl, "Session", `"userId" = $1`, [user.id])).toBe(1);
    });

    it("deletes the account when the same post comes from our origin", async () => {
      const user = await createSignedInUser(app.databaseUrl);
      const form = actionFormWith(await page("/account", user.cookie), { confirmEmail: "" });
      const response = await postActionForm(
        `${app.url}/account`,
        { ...form, confirmEmail: user.email },
        { cookie: user.cookie, origin: app.url },
      );
      expect(response.status).toBe(303);
      expect(new URL(response.headers.get("location")!, app.url).pathname).toBe("/goodbye");
      expect(await usersNamed(user.email)).toBe(0);
    });
  });

  describe("start checkout (fetch with the Next-Action header)", () => {
    it("refuses a cross-site request: no customer, no Checkout Session", async () => {
      const user = await createSignedInUser(app.databaseUrl);
      const actionId = actionIdOf(
        actionFormWith(await page("/pricing", user.cookie), { plan: "pro", interval: "month" }),
      );
      const [sessionsBefore, customersBefore] = [await checkoutSessions(), await customers()];
      const response = await postFetchAction(
        `${app.url}/pricing`,
        actionId,
        { plan: "pro", interval: "month" },
        { cookie: user.cookie, origin: EVIL },
      );
      expect(response.status).toBe(500);
      expect(response.headers.get("x-action-redirect")).toBeNull();
      expect(await checkoutSessions()).toBe(sessionsBefore);
      expect(await customers()).toBe(customersBefore);
      expect(await countRows(app.databaseUrl, "User", `id = $1 AND "stripeCustomerId" IS NULL`, [user.id])).toBe(1);
    });

    it("from our origin: Subscribe opens /checkout (Embedded Checkout), the hosted page starts one session", async () => {
      const user = await createSignedInUser(app.databaseUrl);
      const actionId = actionIdOf(
        actionFormWith(await page("/pricing", user.cookie), { plan: "pro", interval: "month" }),
      );
      const sessionsBefore = await checkoutSessions();
      const embedded = await postFetchAction(
        `${app.url}/pricing`,
        actionId,
        { plan: "pro", interval: "month" },
        { cookie: user.cookie, origin: app.url },
      );
      // A fetch action answers 200 and names the redirect in a header; /checkout makes the session.
      expect(embedded.status).toBe(200);
      expect(embedded.headers.get("x-action-redirect")).toMatch(/^\/checkout\?plan=pro&interval=month;/);
      expect(await checkoutSessions()).toBe(sessionsBefore);

      const hosted = await postFetchAction(
        `${app.url}/pricing`,
        actionId,
        { plan: "pro", interval: "month", ui: "hosted" },
        { cookie: user.cookie, origin: app.url },
      );
      expect(hosted.status).toBe(200);
      expect(hosted.headers.get("x-action-redirect")).toContain(`${app.stripeEmulatorUrl}/`);
      expect(await checkoutSessions()).toBe(sessionsBefore + 1);
      expect(await countRows(app.databaseUrl, "User", `id = $1 AND "stripeCustomerId" IS NOT NULL`, [user.id])).toBe(1);
    });
  });
});
