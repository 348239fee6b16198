import {
  cards,
  checkout,
  chooseYearly,
  described,
  expect,
  newSubscriber,
  payOnCheckout,
  signIn,
  test,
  toHostedCheckout,
  uniqueEmail,
} from "./fixtures";

test("the yearly switch on pricing sells the yearly price, and the success page confirms it", async ({ page }) => {
  await signIn(page, uniqueEmail("yearly"), "/pricing");
  const business = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "Business" }) });
  await expect(business.getByText("$49.00", { exact: true })).toBeVisible();

  await chooseYearly(page);
  await expect(business.getByText("$490.00", { exact: true })).toBeVisible();
  await expect(business.getByText("/year")).toBeVisible();
  await expect(business.getByText("$49.00", { exact: true })).toBeHidden();

  await business.getByRole("button", { name: "Subscribe to Business" }).click();
  await toHostedCheckout(page);
  await expect(page.getByTestId("checkout-amount")).toHaveText("$490.00");
  await expect(page.getByRole("cell", { name: "$490.00 per year" })).toBeVisible();
  await payOnCheckout(page, cards.visa);

  await page.waitForURL(/\/billing\/success\?session_id=cs_/);
  await expect(page.getByRole("heading", { name: "Thank you! You are on Business." })).toBeVisible();
  await expect(described(page, "Plan")).toHaveText("Business (yearly)");
  await expect(described(page, "Amount paid")).toHaveText("$490.00");
  await expect(described(page, "Payment")).toHaveText("Paid");

  await page.getByRole("link", { name: "Billing details" }).click();
  await expect(described(page, "Billed")).toHaveText("Yearly");
});

test("a card with insufficient funds keeps the user on Free and says why", async ({ page }) => {
  await signIn(page, uniqueEmail("no-funds"), "/pricing");
  await checkout(page, "Pro", cards.insufficientFunds);
  await expect(page.getByRole("alert")).toHaveText("Your card has insufficient funds.");

  await page.goto("/dashboard/pro");
  await expect(page.getByRole("heading", { name: "Reports is part of Pro" })).toBeVisible();
  await expect(page.getByText("You are on the Free plan.")).toBeVisible();
  await page.goto("/account/billing");
  await expect(page.getByRole("heading", { name: "Free plan" })).toBeVisible();
});

test("a card that asks for authentication subscribes once the bank's 3-D Secure step is approved", async ({ page }) => {
  await signIn(page, uniqueEmail("3ds-ok"), "/pricing");
  await checkout(page, "Business", cards.authentication);
  await page.waitForURL(/\/authenticate$/);
  await expect(page.getByRole("heading", { name: "3D Secure 2 Test Page" })).toBeVisible();
  await page.getByRole("button", { name: "Complete authentication" }).click();

  await page.waitForURL(/\/billing\/success\?session_id=cs_/);
  await expect(page.getByRole("heading", { name: "Thank you! You are on Business." })).toBeVisible();
  await expect(described(page, "Payment")).toHaveText("Paid");
  await page.getByRole("link", { name: "Open your premium area" }).click();
  await expect(page.getByRole("heading", { name: "Team insights", exact: true })).toBeVisible();
});

test("a failed 3-D Secure step keeps the user on Free and says why", async ({ page }) => {
  await signIn(page, uniqueEmail("3ds-fail"), "/pricing");
  await checkout(page, "Pro", cards.authentication);
  await page.waitForURL(/\/authenticate$/);
  await page.getByRole("button", { name: "Fail authentication" }).click();
  await expect(page.getByRole("alert")).toHaveText(
    "We are unable to authenticate your payment method. Please choose a different payment method and try again.",
  );

  await page.goto("/dashboard/pro");
  await expect(page.getByRole("heading", { name: "Reports is part of Pro" })).toBeVisible();
  await page.goto("/pricing");
  await expect(page.getByRole("button", { name: "Subscribe to Pro" })).toBeVisible();
});

// Coming back to a price within the minute its Checkout idempotency key
// lives, after that session was expired in favour of another plan, must open
// a live Checkout, not replay the dead one (lib/billing/checkout.ts).
test("changing one's mind at Checkout and back again opens a live Checkout each time", async ({ page }) => {
  await signIn(page, uniqueEmail("back-and-forth"), "/pricing");
  // The key changes every minute (server and tests share this machine's
  // clock), so repeat until one round fitted in a minute, as a quick user's does.
  for (let fitted = false; !fitted;) {
    const minute = Math.floor(Date.now() / 60_000);
    for (const plan of ["Business", "Pro", "Business"] as const) {
      await page.getByRole("button", { name: `Subscribe to ${plan}` }).click();
      await toHostedCheckout(page);
      await expect(
        page.getByRole("heading", { name: plan === "Pro" ? "Start your trial" : "Pay with card" }),
      ).toBeVisible();
      await page.getByRole("link", { name: "← Back" }).click();
      await expect(page.getByText("Checkout was canceled and nothing was charged.")).toBeVisible();
    }
    fitted = Math.floor(Date.now() / 60_000) === minute;
  }
});

// A trial's $0 invoice is "paid" at Stripe, but it is not spending.
test("a Pro trial starts without a charge, so Reports has no paid invoices yet", async ({ page }) => {
  await newSubscriber(page, "trial-reports", "Pro");
  await page.goto("/dashboard/pro");
  await expect(page.getByText("No payments yet, so there is nothing to chart.")).toBeVisible();
});
