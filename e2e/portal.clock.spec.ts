import {
  billingStatus,
  cards,
  described,
  expect,
  newSubscriber,
  openPortal,
  payOnCheckout,
  returnFromPortal,
  test,
  updateCardInPortal,
} from "./fixtures";

test("in the Customer Portal a subscriber changes card and cancels: access lasts until the period ends, then resubscribing restores it", async ({
  page,
  emulator,
}) => {
  const email = await newSubscriber(page, "portal", "Business");

  await openPortal(page);
  await updateCardInPortal(page, cards.mastercard);
  await expect(page.getByTestId("default-card")).toContainText("MASTERCARD •••• 4444");
  await expect(page.getByTestId("subscription-status")).toHaveText("Active");
  await page.getByRole("button", { name: "Cancel plan" }).click();
  // The portal asks first, and says until when the plan stays.
  await expect(page.getByRole("heading", { name: "Cancel your plan" })).toBeVisible();
  await expect(page.getByTestId("cancel-consequence")).toContainText(
    "stays available until the end of your billing period",
  );
  await page.getByRole("button", { name: "Cancel plan" }).click();
  await expect(page.getByRole("status")).toContainText("Your plan will be canceled on");
  await expect(page.getByTestId("subscription-status")).toHaveText("Canceling");
  await returnFromPortal(page, emulator);

  await expect(
    page.getByText(/^Your subscription is canceled and ends on .+\. You keep Business until then/),
  ).toBeVisible();
  await expect(page.getByText("Access ends")).toBeVisible();
  await page.goto("/dashboard/business");
  await expect(page.getByRole("heading", { name: "Team insights", exact: true })).toBeVisible();
  await expect(page.getByText("Plan ends on")).toBeVisible();

  await emulator.advancePastPeriodEnd(email);
  await page.reload();
  await expect(page.getByRole("heading", { name: "Team insights is part of Business" })).toBeVisible();
  await expect(page.getByText("You are on the Free plan.")).toBeVisible();
  await page.goto("/account/billing");
  await expect(billingStatus(page, "Free")).toBeVisible();

  // Back on Free, the upgrade prompt leads to pricing; a returning customer gets no second trial.
  await page.goto("/dashboard/business");
  await page.getByRole("link", { name: "See plans" }).click();
  await page.getByRole("button", { name: "Subscribe to Pro" }).click();
  await payOnCheckout(page, cards.visa);
  await expect(page.getByRole("heading", { name: "Thank you! You are on Pro." })).toBeVisible();
  await expect(described(page, "Amount paid")).toHaveText("$12.00");
  await page.getByRole("link", { name: "Open your premium area" }).click();
  await expect(page.getByRole("heading", { name: "Reports", exact: true })).toBeVisible();
});
