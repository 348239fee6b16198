// Every page, signed out and signed in, in each project's width and colour
// scheme (desktop light and dark, 360 px light and dark): it renders its
// heading in the scheme asked for, fits the width without sideways
// scrolling, and (the auto fixture) logs no console error and fails no request.
import type { Page } from "@playwright/test";
import { checkout, expect, signIn, test, uniqueEmail } from "./fixtures";

/** The page the browser is on shows `heading`, in the project's colour scheme, without sideways scrolling. */
async function check(page: Page, heading: string): Promise<void> {
  await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
  const scheme = test.info().project.use.colorScheme ?? "light";
  await expect(page.locator("html")).toHaveAttribute("data-theme", scheme);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${page.url()} scrolls sideways`).toBeLessThanOrEqual(0);
}

async function visit(page: Page, path: string, heading: string): Promise<void> {
  await test.step(path, async () => {
    await page.goto(path);
    await check(page, heading);
  });
}

test("public pages", async ({ page }) => {
  await visit(page, "/", "Charge for your product from the first commit");
  await visit(page, "/pricing", "Pricing");
  await visit(page, "/pricing?checkout=cancelled", "Pricing");
  await expect(page.getByText("Checkout was cancelled and nothing was charged.")).toBeVisible();
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
  await visit(page, "/dashboard", "Welcome");
  await visit(page, "/dashboard/pro", "Reports is part of Pro");
  await visit(page, "/dashboard/business", "Team insights is part of Business");
  await visit(page, "/account", "Account");
  await visit(page, "/account/billing", "Billing");
  await visit(page, "/account/billing/change?plan=business&interval=month", "Change plan");
  await visit(page, "/pricing", "Pricing");

  await checkout(page, "Pro");
  await page.waitForURL(/\/billing\/success\?session_id=cs_/);
  await check(page, "Thank you! You are on Pro.");
  await visit(page, "/dashboard/pro", "Reports");
  await visit(page, "/account/billing", "Billing");
  await visit(page, "/account/billing/change?plan=business&interval=year", "Change plan");
  await visit(page, "/pricing", "Pricing");
});
