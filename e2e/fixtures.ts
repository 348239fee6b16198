// Shared steps of the journeys, and a check that no page of ours logs a
// console error or fails a request.
import { randomBytes } from "node:crypto";
import { expect, test as base, type Page } from "@playwright/test";
import { e2eSettings } from "./settings";

export { expect };

export const test = base.extend<{ pageErrors: string[] }>({
  // Every test looks like a different network, so the per-IP sign-in limit
  // (20 emails in 10 minutes) applies per test, as it would per visitor.
  extraHTTPHeaders: async ({}, use) => {
    await use({ "x-forwarded-for": `198.51.${randomBytes(1)[0]}.${randomBytes(1)[0]}` });
  },
  pageErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      const ours = (url: string) => url.startsWith(e2eSettings.baseURL);
      page.on("console", (message) => {
        if (message.type() === "error" && ours(message.location().url || page.url())) errors.push(message.text());
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

export function uniqueEmail(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString("hex")}@example.com`;
}

async function latestSignInLink(email: string): Promise<string | undefined> {
  const response = await fetch(`${e2eSettings.mailURL}/messages?to=${encodeURIComponent(email)}`);
  const messages = (await response.json()) as Array<{ text: string }>;
  return /https?:\/\/\S+\/api\/auth\/callback\/nodemailer\S+/.exec(messages.at(-1)?.text ?? "")?.[0];
}

/** Signs in (or up) by email link; lands where `callbackUrl` says. */
export async function signIn(page: Page, email: string, callbackUrl = "/dashboard"): Promise<void> {
  await page.goto(`/sign-in?callbackUrl=${encodeURIComponent(callbackUrl)}`);
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await expect.poll(() => latestSignInLink(email), { message: `sign-in email to ${email}` }).toBeTruthy();
  const link = (await latestSignInLink(email))!;
  await page.goto(link);
}

/** Fills the emulator's hosted Checkout page and pays. */
export async function payOnCheckout(page: Page, cardNumber: string): Promise<void> {
  await page.waitForURL(/\/c\/pay\//);
  await page.getByLabel("Card number").fill(cardNumber);
  await page.getByLabel("Expiration").fill("12 / 34");
  await page.getByLabel("CVC").fill("123");
  await page.getByLabel("Cardholder name").fill("E2E Tester");
  await page.locator("#submit").click();
}
