// Replacing the card on our own billing page (the Payment Element on a
// SetupIntent) brings a past-due subscription back to active.
import {
  billingStatus,
  cards,
  expect,
  fillPaymentElement,
  newSubscriber,
  openPortal,
  returnFromPortal,
  stripeFrame,
  test,
  updateCardInPortal,
} from "./fixtures";

test("a new card saved on the billing page pays the failed renewal and restores active", async ({
  page,
  emulator,
  emulatorURL,
}) => {
  const email = await newSubscriber(page, "card-update", "Business");
  // A card that saves fine but fails when charged later, as an expired card would.
  await openPortal(page);
  await updateCardInPortal(page, cards.failsLater);
  await returnFromPortal(page, emulator);
  await emulator.advancePastPeriodEnd(email);
  await page.reload();
  await expect(billingStatus(page, /^Payment failed \(access until .+\)$/)).toBeVisible();

  await page.getByRole("button", { name: "Update card" }).click();
  await expect(page.getByRole("button", { name: "Save card" })).toBeEnabled();
  await fillPaymentElement(stripeFrame(page, emulatorURL), cards.visa);
  await page.getByRole("button", { name: "Save card" }).click();
  await expect(
    page.getByRole("status").filter({ hasText: "Your card was updated and your overdue invoice is paid." }),
  ).toBeVisible();

  await emulator.flushDeliveries();
  await page.reload();
  await expect(billingStatus(page, "Active")).toBeVisible();
  await expect(page.getByRole("alert").filter({ hasText: "Your last payment failed" })).toHaveCount(0);
  await page.goto("/dashboard/business");
  await expect(page.getByRole("heading", { name: "Team insights", exact: true })).toBeVisible();
});
