import { expect, newSubscriber, signInHere, test } from "./fixtures";

test("deleting the account warns about the subscription, cancels it at Stripe and removes the user", async ({
  page,
  emulator,
}) => {
  const email = await newSubscriber(page, "delete", "Business");
  const customerId = await emulator.customerId(email);
  expect((await emulator.subscriptions(customerId)).map((subscription) => subscription.status)).toEqual(["active"]);

  await page.goto("/account");
  // The warning names the subscription, says access ends now and what happens to money.
  const warning = page
    .getByRole("alert")
    .filter({ hasText: "This also ends your Business subscription (monthly) immediately" });
  await expect(warning).toContainText(/You lose Business features at once, not on [A-Z][a-z]{2} \d{1,2}, \d{4}/);
  await expect(warning).toContainText("What you have already paid is not refunded");
  await page.getByRole("link", { name: "Billing", exact: true }).first().click();
  await page.waitForURL(/\/account\/billing$/);
  await page.goto("/account");
  const confirm = page.getByLabel(`Type ${email} to confirm`);
  await confirm.fill("someone-else@example.com");
  await page.getByRole("button", { name: "Delete my account and end Business" }).click();
  await expect(page.getByText(`Type ${email} exactly to confirm.`)).toBeVisible();
  await confirm.fill(email);
  await page.getByRole("button", { name: "Delete my account and end Business" }).click();
  await expect(page.getByRole("heading", { name: "Your account was deleted" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Kept" })).toContainText("a keyed hash of your email address");

  // At Stripe: nothing left to charge.
  expect((await emulator.subscriptions(customerId)).map((subscription) => subscription.status)).toEqual(["canceled"]);
  expect((await emulator.state()).deletedCustomers[customerId]).toBe(true);

  // In the app: signed out, and the same address starts over as a new Free user.
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fdashboard$/);
  await signInHere(page, email);
  await page.goto("/account");
  await expect(page.getByRole("main").getByRole("alert")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Delete my account", exact: true })).toBeVisible();
  await page.goto("/account/billing");
  await expect(page.getByRole("heading", { name: "Free plan" })).toBeVisible();
  await expect(page.getByText("No invoices yet.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Manage billing" })).toHaveCount(0);
});
