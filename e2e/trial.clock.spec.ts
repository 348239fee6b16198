import { billingStatus, described, expect, newSubscriber, test } from "./fixtures";

test("the Pro trial grants Pro at once and turns into a paid plan when it ends", async ({ page, emulator }) => {
  const email = await newSubscriber(page, "trial", "Pro");
  await expect(described(page, "Free trial until")).toBeVisible();
  await expect(described(page, "Payment")).toHaveText("No payment due today");

  await page.goto("/account/billing");
  await expect(billingStatus(page, /^Trial \(ends .+\)$/)).toBeVisible();
  await expect(described(page, "Trial ends")).toBeVisible();
  await page.goto("/dashboard/pro");
  await expect(page.getByRole("heading", { name: "Reports", exact: true })).toBeVisible();

  await emulator.advancePastPeriodEnd(email);
  await page.reload();
  await expect(page.getByRole("heading", { name: "Reports", exact: true })).toBeVisible();
  await expect(page.getByRole("img", { name: "Bar chart of paid totals per month" })).toBeVisible();

  await page.goto("/account/billing");
  await expect(billingStatus(page, "Active")).toBeVisible();
  await expect(described(page, "Trial ends")).toHaveCount(0);
  await expect(page.getByRole("row").filter({ hasText: "$12" }).filter({ hasText: "paid" })).toHaveCount(1);
});
