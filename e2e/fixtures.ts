// Shared steps of the journeys, the emulator's control API, and a check that
// no page of ours logs a console error (or any page a CSP violation) or fails a request.
import { randomBytes } from "node:crypto";
import { expect, test as base, type FrameLocator, type Page } from "@playwright/test";
import type { EmulatorState, Subscription } from "../tools/stripe-emulator/store";
import { e2eSettings } from "./settings";

export { expect };

export type FixtureOptions = { emulatorURL: string };

export const test = base.extend<FixtureOptions & { pageErrors: string[]; emulator: StripeEmulatorControl }>({
  // The Stripe emulator of the app instance under test (set per project).
  emulatorURL: [e2eSettings.main.emulatorURL, { option: true }],
  emulator: async ({ emulatorURL, baseURL }, use) => {
    await use(new StripeEmulatorControl(emulatorURL, baseURL!));
  },
  // Every test looks like a different network, so the per-IP sign-in limit
  // (20 emails in 10 minutes) applies per test, as it would per visitor.
  extraHTTPHeaders: async ({}, use) => {
    await use({ "x-forwarded-for": `198.51.${randomBytes(1)[0]}.${randomBytes(1)[0]}` });
  },
  pageErrors: [
    async ({ page, baseURL }, use) => {
      const errors: string[] = [];
      const ours = (url: string) => url.startsWith(baseURL!);
      page.on("console", (message) => {
        if (message.type() !== "error") return;
        // A Content Security Policy violation fails the journey whatever it
        // blocked (Chrome reports it at the blocked resource's address).
        const violation = /Content Security Policy/.test(message.text());
        if (violation || ours(message.location().url || page.url())) errors.push(message.text());
      });
      page.on("pageerror", (error) => errors.push(String(error)));
      page.on("requestfailed", (request) => {
        // Navigations away (e.g. to Checkout) abort in-flight prefetches.
        if (ours(request.url()) && request.failure()?.errorText !== "net::ERR_ABORTED")
          errors.push(`failed ${request.url()}`);
      });
      page.on("response", (response) => {
        if (ours(response.url()) && response.status() >= 500) errors.push(`${response.status()} ${response.url()}`);
      });
      await use(errors);
      expect(errors, "console errors or failed requests on our pages").toEqual([]);
    },
    { auto: true },
  ],
});

export const cards = {
  visa: "4242 4242 4242 4242",
  mastercard: "5555 5555 5555 4444",
  declined: "4000 0000 0000 0002",
  insufficientFunds: "4000 0000 0000 9995",
  authentication: "4000 0025 0000 3155",
  /** Attaches fine; every later charge fails. */
  failsLater: "4000 0000 0000 0341",
} as const;

export type PaidPlan = "Pro" | "Business";

export function uniqueEmail(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString("hex")}@example.com`;
}

async function signInLinks(email: string): Promise<string[]> {
  const response = await fetch(`${e2eSettings.mailURL}/messages?to=${encodeURIComponent(email)}`);
  const messages = (await response.json()) as Array<{ text: string }>;
  return messages.flatMap(({ text }) => /https?:\/\/\S+\/api\/auth\/callback\/nodemailer\S+/.exec(text)?.[0] ?? []);
}

/** Subjects of the emails sent to `email`, oldest first. */
export async function mailSubjects(email: string): Promise<string[]> {
  const response = await fetch(`${e2eSettings.mailURL}/messages?to=${encodeURIComponent(email)}`);
  return ((await response.json()) as Array<{ subject: string }>).map(({ subject }) => subject);
}

/** Asks for a sign-in link on the sign-in page the browser is on and follows the new email's link (returned). */
export async function signInHere(page: Page, email: string): Promise<string> {
  const before = (await signInLinks(email)).length;
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await expect
    .poll(async () => (await signInLinks(email)).length, { message: `sign-in email to ${email}` })
    .toBeGreaterThan(before);
  const link = (await signInLinks(email)).at(-1)!;
  await page.goto(link);
  return link;
}

/** Signs in (or up) by email link; lands where `callbackUrl` says. Returns the link followed. */
export async function signIn(page: Page, email: string, callbackUrl = "/dashboard"): Promise<string> {
  await page.goto(`/sign-in?callbackUrl=${encodeURIComponent(callbackUrl)}`);
  return signInHere(page, email);
}

/** Signs out through the account menu in the header, as from any signed-in page. */
export async function signOutHere(page: Page): Promise<void> {
  await page.getByRole("banner").locator('button[aria-haspopup="menu"]').click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
}

/** The card fields of the emulator's hosted pages (Checkout, Portal) and of its Stripe.js frames. */
export async function fillCard(page: Page | FrameLocator, cardNumber: string): Promise<void> {
  await page.getByLabel("Card number").fill(cardNumber);
  await page.getByLabel("Expiration").fill("12 / 34");
  await page.getByLabel("CVC").fill("123");
}

/**
 * After "Subscribe": to the emulator's hosted Checkout page. "Subscribe"
 * opens our /checkout page (Embedded Checkout) when the catalog says so;
 * these journeys take its "Stripe's checkout page instead" link, so the
 * hosted path stays covered (e2e/in-app-payments.spec.ts covers the embedded one).
 */
export async function toHostedCheckout(page: Page): Promise<void> {
  await page.waitForURL(/\/checkout\?|\/c\/pay\//);
  if (new URL(page.url()).pathname === "/checkout") {
    // Once the embedded session exists, so the hosted one is the last one opened.
    await expect(page.locator("#checkout iframe")).toBeAttached();
    await page.getByRole("button", { name: "Pay on Stripe's checkout page instead" }).click();
  }
  await page.waitForURL(/\/c\/pay\//);
}

/** Fills the emulator's hosted Checkout page and pays. */
export async function payOnCheckout(page: Page, cardNumber: string): Promise<void> {
  await toHostedCheckout(page);
  await fillCard(page, cardNumber);
  await page.getByLabel("Cardholder name").fill("E2E Tester");
  await page.locator("#submit").click();
}

/** The interval switch on /pricing. */
export async function chooseYearly(page: Page): Promise<void> {
  const yearly = page.getByRole("radio", { name: /^Yearly/ });
  // The radio itself is visually hidden; people click its label.
  await page.locator("label", { has: yearly }).click();
  await expect(yearly).toBeChecked();
}

/** From the pricing page to the emulator's Checkout, paying with `card`. */
export async function checkout(page: Page, plan: PaidPlan, card: string = cards.visa): Promise<void> {
  await page.goto("/pricing");
  await page.getByRole("button", { name: `Subscribe to ${plan}` }).click();
  await payOnCheckout(page, card);
}

/** A new user who paid for `plan` with 4242 and sees the success page; returns their email. */
export async function newSubscriber(page: Page, prefix: string, plan: PaidPlan): Promise<string> {
  const email = uniqueEmail(prefix);
  await signIn(page, email, "/pricing");
  await checkout(page, plan);
  await expect(page.getByRole("heading", { name: `Thank you! You are on ${plan}.` })).toBeVisible();
  return email;
}

/** "Manage billing" on the billing page, to the emulator's hosted Customer Portal. */
export async function openPortal(page: Page): Promise<void> {
  await page.goto("/account/billing");
  await page.getByRole("button", { name: "Manage billing" }).click();
  await page.waitForURL(/\/p\/session\//);
}

export async function updateCardInPortal(page: Page, cardNumber: string): Promise<void> {
  await fillCard(page, cardNumber);
  await page.getByRole("button", { name: "Update card" }).click();
  await expect(page.getByRole("status")).toHaveText("Your payment method was updated.");
}

/** Back to the app once Stripe has delivered the webhooks of what was done in the portal. */
export async function returnFromPortal(page: Page, emulator: StripeEmulatorControl): Promise<void> {
  await emulator.flushDeliveries();
  await page.getByRole("link", { name: /Return to/ }).click();
  await page.waitForURL(/\/account\/billing\?notice=portal-return$/);
}

/** The card fields of the Payment Element (the emulator's Stripe.js frame). */
export async function fillPaymentElement(frame: FrameLocator, cardNumber: string): Promise<void> {
  await frame.getByLabel("Card number").fill(cardNumber);
  await frame.getByLabel("Expiration date").fill("12 / 34");
  await frame.getByLabel("Security code").fill("123");
}

/** The 5-credit pack, the one-time purchase the journeys buy. */
export const CREDIT_PACK = "5 report credits";

/** From anywhere to the Payment Element for the 5-credit pack. */
export async function openCreditPayment(page: Page): Promise<void> {
  await page.goto("/checkout/credits");
  await page.getByLabel(new RegExp(`^${CREDIT_PACK}`)).check();
  await page.getByRole("button", { name: "Continue to payment" }).click();
  await expect(page.getByRole("button", { name: "Pay $5" })).toBeEnabled();
}

/** Enters `card` in the Payment Element and pays for the pack. */
export async function payForCredits(page: Page, emulatorURL: string, card: string): Promise<void> {
  await fillPaymentElement(stripeFrame(page, emulatorURL), card);
  await page.getByRole("button", { name: "Pay $5" }).click();
}

/** The emulator's 3-D Secure step, which Stripe.js opens in place of our page. */
export async function authenticate(page: Page, choice: "Complete authentication" | "Fail authentication") {
  await page.waitForURL(/\/_emulator\/authenticate\//);
  await expect(page.getByRole("heading", { name: "3D Secure 2 Test Page" })).toBeVisible();
  await page.getByRole("button", { name: choice }).click();
}

/** The emulator's Stripe.js frame on one of our pages (Embedded Checkout, the Payment Element). */
export function stripeFrame(page: Page, emulatorURL: string): FrameLocator {
  return page.frameLocator(`iframe[src^="${emulatorURL}"]`).first();
}

/** The status badge on /account/billing ("Active", /^Payment failed/, "Free", …). */
export function billingStatus(page: Page, status: string | RegExp) {
  return page.getByRole("main").getByText(status, { exact: true });
}

/** The value next to `term` in a description list (success page, billing page, plan change preview). */
export function described(page: Page, term: string | RegExp) {
  return page
    .locator("dl > div")
    .filter({ has: page.locator("dt").getByText(term) })
    .locator("dd");
}

/** The Stripe emulator's control API (`/_emulator`), as a test harness would drive Stripe's test clocks. */
export class StripeEmulatorControl {
  constructor(
    readonly url: string,
    /** The app instance the emulator sends its webhooks to. */
    readonly appURL: string,
  ) {}

  private async call<T>(method: "GET" | "POST", path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.url}/_emulator/${path}`, {
      method,
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} /_emulator/${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  }

  async state(): Promise<EmulatorState> {
    return (await this.call<{ state: EmulatorState }>("GET", "state")).state;
  }

  async customerId(email: string): Promise<string> {
    const customer = Object.values((await this.state()).customers).find((candidate) => candidate.email === email);
    if (!customer) throw new Error(`No emulator customer for ${email}`);
    return customer.id;
  }

  async subscriptions(customerId: string): Promise<Subscription[]> {
    return Object.values((await this.state()).subscriptions).filter(
      (subscription) => subscription.customer === customerId,
    );
  }

  /**
   * Moves the (global) clock an hour past the end of the customer's current
   * period or trial, running renewals, trial ends and cancellations due by
   * then, and waits until the app has received the webhooks they sent.
   */
  async advancePastPeriodEnd(email: string): Promise<void> {
    const [live] = (await this.subscriptions(await this.customerId(email))).filter(
      (subscription) => subscription.status !== "canceled",
    );
    const periodEnd = live?.items.data[0]?.current_period_end;
    if (!periodEnd) throw new Error(`${email} has no live subscription`);
    await this.call("POST", "clock/advance", { to: periodEnd + 3600 });
    await this.flushDeliveries();
  }

  /** Moves the (global) clock to `seconds` (unix), and waits until the app has processed what that sent. */
  async advanceTo(seconds: number): Promise<void> {
    await this.call("POST", "clock/advance", { to: seconds });
    await this.flushDeliveries();
  }

  /**
   * Waits until every webhook the emulator queued has been answered by the
   * app, then until the app has processed them: the cron route drains the
   * inbox and says how many events are still pending (some may be in the
   * hands of the app's own worker).
   */
  async flushDeliveries(): Promise<void> {
    await this.call("POST", "deliveries/flush", { timeoutMs: 20_000 });
    await expect
      .poll(
        async () => {
          const response = await fetch(`${this.appURL}/api/cron/billing`, {
            method: "POST",
            headers: { authorization: `Bearer ${e2eSettings.cronSecret}` },
          });
          if (!response.ok) throw new Error(`POST /api/cron/billing: ${response.status} ${await response.text()}`);
          return ((await response.json()) as { pending: number }).pending;
        },
        { message: "webhook events processed", timeout: 20_000 },
      )
      .toBe(0);
  }
}
