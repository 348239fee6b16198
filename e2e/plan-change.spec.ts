// Upgrades made in the app: the change page previews what Stripe will
// charge, the confirmation applies it. Asserts what the user sees, not how a
// trial or proration is computed (that is the unit tests' business).
import { chooseYearly, described, expect, newSubscriber, test } from "./fixtures";

const money = /^\$\d[\d,]*(\.\d\d)?$/;

test("Pro to Business during the trial: the trial ends, the full price is shown and charged, Team insights unlocks", async ({
  page,
}) => {
  await newSubscriber(page, "upgrade", "Pro");
  await page.goto("/dashboard/business");
  await expect(page.getByRole("heading", { name: "Team insights is part of Business" })).toBeVisible();

  await page.goto("/pricing");
  await page.getByRole("button", { name: "Change to Business" }).click();
  await page.waitForURL(/\/account\/billing\/change\?plan=business&interval=month$/);
  await expect(page.getByText("From Pro (monthly) to Business (monthly).")).toBeVisible();
  await expect(page.getByText("Changing plan ends your free trial: Business is charged now.")).toBeVisible();
  await expect(described(page, "Due now")).toHaveText("$49.00");
  await expect(described(page, /^Next invoice/)).toHaveText("$49.00");

  await page.getByRole("button", { name: "Switch to Business" }).click();
  await page.waitForURL(/\/account\/billing\?notice=plan-changed$/);
  await expect(page.getByRole("heading", { name: "Business plan" })).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: "$49" }).filter({ hasText: "paid" })).toHaveCount(1);
  await page.goto("/dashboard/business");
  await expect(page.getByRole("heading", { name: "Team insights", exact: true })).toBeVisible();
});

test("monthly to yearly in the app: the amount previewed is the amount charged", async ({ page }) => {
  await newSubscriber(page, "to-yearly", "Business");
  await page.goto("/pricing");
  await chooseYearly(page);
  await page.getByRole("button", { name: "Change to Business" }).click();
  await page.waitForURL(/\/account\/billing\/change\?plan=business&interval=year$/);
  await expect(page.getByText("From Business (monthly) to Business (yearly).")).toBeVisible();
  const dueNow = described(page, "Due now (prorated)");
  await expect(dueNow).toHaveText(money);
  const amount = await dueNow.textContent();
  await expect(described(page, /^Next invoice/)).toHaveText("$490.00");

  await page.getByRole("button", { name: "Switch to Business" }).click();
  await page.waitForURL(/\/account\/billing\?notice=plan-changed$/);
  await expect(described(page, "Billed")).toHaveText("Yearly");
  const invoices = page.getByRole("row");
  await expect(invoices.filter({ hasText: amount! }).filter({ hasText: "paid" })).toHaveCount(1);

  await page.goto("/pricing");
  await chooseYearly(page);
  await expect(page.getByRole("button", { name: "Business is your current plan" })).toBeVisible();
});
