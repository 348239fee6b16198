import { billingStatus, described, expect, mailSubjects, newSubscriber, test } from "./fixtures";

test("the Pro trial grants Pro at once and turns into a paid plan when it ends", async ({ page, emulator }) => {
  const email = await newSubscriber(page, "trial", "Pro");
  await expect(described(page, "Free trial until")).toBeVisible();
  await expect(described(page, "Payment")).toHaveText("No payment due today");

  await page.goto("/account/billing");
  await expect(billingStatus(page, "trialing")).toBeVisible();
  await expect(described(page, "Trial ends")).toBeVisible();
  await page.goto("/dashboard/pro");
  await expect(page.getByRole("heading", { name: "Reports", exact: true })).toBeVisible();

  // The billing emails, each once: the trial started, then three days before its end a warning.
  await emulator.flushDeliveries();
  await expect.poll(() => mailSubjects(email)).toContain("Your Pro trial has started");
  const [subscription] = await emulator.subscriptions(await emulator.customerId(email));
  await emulator.advanceTo(subscription!.trial_end! - 3 * 24 * 60 * 60 + 60);
  await expect
    .poll(async () => (await mailSubjects(email)).filter((subject) => subject !== "Sign in to Tollgate"))
    .toEqual(["Your Pro trial has started", expect.stringMatching(/^Your Pro trial ends on /)]);

  await emulator.advancePastPeriodEnd(email);
  await page.reload();
  await expect(page.getByRole("heading", { name: "Reports", exact: true })).toBeVisible();
  await expect(page.getByRole("img", { name: "Bar chart of paid totals per month" })).toBeVisible();

  await page.goto("/account/billing");
  await expect(billingStatus(page, "active")).toBeVisible();
  await expect(described(page, "Trial ends")).toHaveCount(0);
  await expect(page.getByRole("row").filter({ hasText: "$12" }).filter({ hasText: "paid" })).toHaveCount(1);
});
