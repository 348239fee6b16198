// A downgrade waits for the end of the period already paid for: the user
// keeps Business until then, can take the change back, and Stripe switches
// the plan at the renewal (a subscription schedule the app sets up).
import { expect, newSubscriber, test } from "./fixtures";

test("Business to Pro takes effect at the period end, and can be taken back until then", async ({ page, emulator }) => {
  const email = await newSubscriber(page, "downgrade", "Business");
  const chooseProOnPricing = async () => {
    await page.goto("/pricing");
    await page.getByRole("button", { name: "Change to Pro" }).click();
    await page.waitForURL(/\/account\/billing\/change\?plan=pro&interval=month$/);
    await expect(page.getByText(/^Nothing is charged now\. You keep Business until/)).toBeVisible();
    await page.getByRole("button", { name: /^Switch to Pro on / }).click();
    await page.waitForURL(/\/account\/billing\?notice=plan-changed$/);
    await expect(page.getByText(/Your plan changes to Pro \(monthly\) on/)).toBeVisible();
  };

  await chooseProOnPricing();
  await expect(page.getByRole("heading", { name: "Business plan" })).toBeVisible();
  await page.getByRole("button", { name: "Keep Business" }).click();
  await expect(page.getByText(/Your plan changes to Pro/)).toHaveCount(0);

  await chooseProOnPricing();
  await page.goto("/dashboard/business");
  await expect(page.getByRole("heading", { name: "Team insights", exact: true })).toBeVisible();

  await emulator.advancePastPeriodEnd(email);
  await page.goto("/account/billing");
  await expect(page.getByRole("heading", { name: "Pro plan" })).toBeVisible();
  await expect(page.getByText(/Your plan changes to/)).toHaveCount(0);
  await expect(page.getByRole("row").filter({ hasText: "$12" }).filter({ hasText: "paid" })).toHaveCount(1);
  await page.goto("/dashboard/business");
  await expect(page.getByRole("heading", { name: "Team insights is part of Business" })).toBeVisible();
});
