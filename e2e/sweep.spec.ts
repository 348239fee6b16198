// Every page, signed out and signed in, in each project's width and colour
// scheme (desktop light and dark, 360 px light and dark): it renders its
// heading in the scheme asked for, fits the width without sideways
// scrolling, and (the auto fixture) logs no console error and fails no request.
import type { Page } from "@playwright/test";
import {
  cards,
  checkout,
  expect,
  openPortal,
  returnFromPortal,
  signIn,
  test,
  toHostedCheckout,
  uniqueEmail,
} from "./fixtures";

/** The page the browser is on shows `heading`, in the project's colour scheme, without sideways scrolling. */
async function check(page: Page, heading: string): Promise<void> {
  await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
  const scheme = test.info().project.use.colorScheme ?? "light";
  await expect(page.locator("html")).toHaveAttribute("data-theme", scheme);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${page.url()} scrolls sideways`).toBeLessThanOrEqual(0);
}

/**
 * Each page is also photographed whole, for people to look at:
 * test-results/sweep/<project>/<page>.png (e.g. desktop-dark/account-billing.png).
 */
async function visit(page: Page, path: string, heading: string, name = path): Promise<void> {
  await test.step(path, async () => {
    await page.goto(path);
    await check(page, heading);
    await page.screenshot({ path: screenshotPath(name), fullPage: true });
  });
}

function screenshotPath(name: string): string {
  const slug =
    name
      .replace(/^\//, "")
      .replace(/[^a-z0-9]+/gi, "-")
      .replace(/-$/, "") || "home";
  return `test-results/sweep/${test.info().project.name}/${slug}.png`;
}

test("public pages", async ({ page }) => {
  await visit(page, "/", "Charge for your product from the first commit");
  await visit(page, "/pricing", "Pricing");
  await visit(page, "/pricing?checkout=canceled", "Pricing");
  await expect(page.getByText("Checkout was canceled and nothing was charged.")).toBeVisible();
  await visit(page, "/sign-in", "Sign in or create an account");
  await visit(page, "/sign-in?error=Verification", "Sign in or create an account");
  await visit(page, "/verify-request", "Check your email");
  await visit(page, "/goodbye", "Your account was deleted");
  await visit(page, "/terms", "Terms of service");
  await visit(page, "/privacy", "Privacy notice");
  await visit(page, "/refunds", "Refund policy");
});

test("signed-in pages, on Free and then as a subscriber", async ({ page }) => {
  await signIn(page, uniqueEmail("sweep-free"));
  await visit(page, "/dashboard", "Welcome", "free/dashboard");
  await visit(page, "/dashboard/pro", "Reports is part of Pro", "free/dashboard/pro");
  await visit(page, "/dashboard/business", "Team insights is part of Business", "free/dashboard/business");
  await visit(page, "/account", "Account", "free/account");
  await visit(page, "/account/billing", "Billing", "free/account/billing");
  await visit(page, "/account/billing/change?plan=business&interval=month", "Change plan");
  await visit(page, "/billing/subscribe?plan=platinum&interval=month", "Subscribe");
  await visit(page, "/pricing", "Pricing", "free/pricing");

  await checkout(page, "Pro");
  await page.waitForURL(/\/billing\/success\?session_id=cs_/);
  await check(page, "Thank you! You are on Pro.");
  await visit(page, "/dashboard", "Welcome");
  await visit(page, "/dashboard/pro", "Reports");
  await visit(page, "/account", "Account");
  await visit(page, "/account/billing?notice=plan-changed", "Billing");
  await visit(page, "/account/billing", "Billing");
  await visit(page, "/account/billing/change?plan=business&interval=year", "Change plan");
  await visit(page, "/pricing", "Pricing");
});

// The emulator's hosted pages stand in for Stripe's: photographed at each width
// (they have no dark scheme), including a refusal that keeps what was typed and
// the portal's cancel confirmation.
test("the emulator's hosted pages", async ({ page, emulator }) => {
  await signIn(page, uniqueEmail("sweep-hosted"));
  await page.goto("/pricing");
  await page.getByRole("button", { name: "Subscribe to Business" }).click();
  await toHostedCheckout(page);
  await page.getByLabel("Card number").fill(cards.declined);
  await page.getByLabel("Expiration").fill("1234");
  await page.getByLabel("CVC").fill("123");
  await page.getByLabel("Cardholder name").fill("Sweep Tester");
  await page.locator("#submit").click();
  await expect(page.getByRole("alert")).toHaveText("Your card was declined.");
  await expect(page.getByLabel("Expiration")).toHaveValue("12 / 34");
  await expect(page.getByLabel("Card number")).toHaveValue(cards.declined);
  await page.screenshot({ path: screenshotPath("emulator/checkout-declined"), fullPage: true });

  await page.getByLabel("Card number").fill(cards.visa);
  await page.locator("#submit").click();
  await page.waitForURL(/\/billing\/success\?session_id=cs_/);
  // A paying Business customer: the report has a bar, the account page its warning.
  await visit(page, "/dashboard", "Welcome", "business/dashboard");
  await visit(page, "/dashboard/pro", "Reports", "business/dashboard/pro");
  await visit(page, "/dashboard/business", "Team insights", "business/dashboard/business");
  await visit(page, "/account", "Account", "business/account");
  await visit(page, "/account/billing", "Billing", "business/account/billing");
  await openPortal(page);
  await page.screenshot({ path: screenshotPath("emulator/portal"), fullPage: true });
  await page.getByRole("button", { name: "Cancel plan" }).click();
  await expect(page.getByRole("heading", { name: "Cancel your plan" })).toBeVisible();
  await page.screenshot({ path: screenshotPath("emulator/portal-cancel-confirmation"), fullPage: true });

  // Canceled at period end: the billing page and a plan change preview say so.
  await page.getByRole("button", { name: "Cancel plan" }).click();
  await returnFromPortal(page, emulator);
  await check(page, "Billing");
  await page.screenshot({ path: screenshotPath("canceling/account-billing-portal-return"), fullPage: true });
  await visit(page, "/account/billing/change?plan=pro&interval=month", "Change plan", "canceling/change-to-pro");
});
