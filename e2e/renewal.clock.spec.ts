import {
  billingStatus,
  cards,
  expect,
  newSubscriber,
  openPortal,
  returnFromPortal,
  test,
  updateCardInPortal,
} from "./fixtures";

test("a failed renewal shows past due with grace access; a new card in the portal pays and restores active", async ({
  page,
  emulator,
}) => {
  const email = await newSubscriber(page, "renewal", "Business");
  // A card that saves fine but fails when charged later, as an expired or frozen card would.
  await openPortal(page);
  await updateCardInPortal(page, cards.failsLater);
  await returnFromPortal(page, emulator);
  await expect(billingStatus(page, "Active")).toBeVisible();

  await emulator.advancePastPeriodEnd(email);
  await page.reload();
  await expect(billingStatus(page, /^Payment failed \(access until .+\)$/)).toBeVisible();
  await expect(page.getByRole("alert").filter({ hasText: "Your last payment failed" })).toHaveCount(2);
  await expect(page.getByText(/Update your card to keep Business \(access continues until .+\)\./)).toBeVisible();

  // Grace: still Business, with the banner on every page of the app.
  await page.goto("/dashboard/business");
  await expect(page.getByRole("heading", { name: "Team insights", exact: true })).toBeVisible();
  await expect(
    page.getByRole("alert").filter({ hasText: /Your last payment failed\. Update your card before .+ to keep/ }),
  ).toBeVisible();
  await page.getByRole("link", { name: "Update card" }).click();
  await page.waitForURL(/\/account\/billing$/);

  await openPortal(page);
  await updateCardInPortal(page, cards.visa);
  await expect(page.getByTestId("subscription-status")).toHaveText("Active");
  await returnFromPortal(page, emulator);
  await expect(billingStatus(page, "Active")).toBeVisible();
  await expect(page.getByRole("alert").filter({ hasText: "Your last payment failed" })).toHaveCount(0);
  await expect(page.getByRole("row").filter({ hasText: "$49" }).filter({ hasText: "paid" })).toHaveCount(2);
});
