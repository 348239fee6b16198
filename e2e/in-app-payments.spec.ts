// Paying without leaving the app: Embedded Checkout for a subscription, and
// report credits bought with the Payment Element on a PaymentIntent, on the
// emulator's Stripe.js stand-in (card fields in its iframe, never our DOM).
import {
  authenticate,
  cards,
  CREDIT_PACK,
  described,
  expect,
  fillCard,
  openCreditPayment,
  payForCredits,
  signIn,
  stripeFrame,
  test,
  uniqueEmail,
} from "./fixtures";

test("a visitor subscribes through Embedded Checkout and lands on the success page, then the Pro pages", async ({
  page,
  emulatorURL,
}) => {
  await signIn(page, uniqueEmail("embedded"), "/pricing");
  await page.getByRole("button", { name: "Subscribe to Pro" }).click();
  await page.waitForURL(/\/checkout\?plan=pro&interval=month$/);
  await expect(page.getByRole("heading", { name: "Subscribe to Pro" })).toBeVisible();
  // Card entry happens in the emulator's frame: our page has no card field.
  await expect(page.getByLabel("Card number")).toHaveCount(0);
  const frame = stripeFrame(page, emulatorURL);
  await fillCard(frame, cards.visa);
  await frame.getByLabel("Cardholder name").fill("E2E Tester");
  await frame.locator("#submit").click();

  await page.waitForURL(/\/billing\/success\?session_id=cs_/);
  await expect(page.getByRole("heading", { name: "Thank you! You are on Pro." })).toBeVisible();
  await expect(described(page, "Payment")).toHaveText("No payment due today"); // the first-time trial
  await page.getByRole("link", { name: "Open your premium area" }).click();
  await expect(page.getByRole("heading", { name: "Reports", exact: true })).toBeVisible();
});

test("a Free user buys report credits with 4242, and an export spends one", async ({ page, emulatorURL }) => {
  await signIn(page, uniqueEmail("credits"), "/dashboard");
  // On Free, exports cost credits: the one exports card shows the balance, not a monthly count.
  await expect(page.getByRole("heading", { name: "Report exports" })).toHaveCount(1);
  await expect(page.getByText("You have 0 report credits; each CSV export uses one.")).toBeVisible();
  await expect(page.getByText("CSV exports this month")).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Download CSV" })).toHaveCount(0);

  await openCreditPayment(page);
  await payForCredits(page, emulatorURL, cards.visa);
  await page.waitForURL(/\/checkout\/credits\/complete\?payment_intent=pi_/);
  await expect(page.getByRole("heading", { name: `Thank you! ${CREDIT_PACK} added.` })).toBeVisible();
  await expect(page.getByText("You paid $5.00 and now have 5 report credits.")).toBeVisible();

  // A reload (or the webhook arriving later) grants nothing more.
  await page.reload();
  await expect(page.getByText("now have 5 report credits")).toBeVisible();

  await page.getByRole("link", { name: "Export a report" }).click();
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download CSV" }).click();
  expect((await download).suggestedFilename()).toBe("tollgate-report.csv");
  await page.reload();
  await expect(page.getByText("You have 4 report credits; each CSV export uses one.")).toBeVisible();

  await page.goto("/account/billing");
  const row = page.getByRole("row").filter({ hasText: CREDIT_PACK });
  await expect(row).toContainText("$5");
  await expect(row).toContainText("paid");
  await expect(row.getByRole("link", { name: "Receipt" })).toHaveAttribute("href", /^http/);
});

test("a declined card (0002) shows Stripe's message, keeps the choice and grants nothing", async ({
  page,
  emulatorURL,
}) => {
  await signIn(page, uniqueEmail("declined-pack"), "/checkout/credits");
  await openCreditPayment(page);
  await payForCredits(page, emulatorURL, cards.declined);
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("Your card was declined.");
  // Still on the payment step for the same pack.
  await expect(page.getByText(`${CREDIT_PACK} — $5`)).toBeVisible();
  await expect(page.getByRole("button", { name: "Pay $5" })).toBeEnabled();

  await page.goto("/dashboard");
  await expect(page.getByText("You have 0 report credits; each CSV export uses one.")).toBeVisible();
});

test("a card asking for 3-D Secure (3155) pays once approved", async ({ page, emulatorURL }) => {
  await signIn(page, uniqueEmail("3ds-pack"), "/checkout/credits");
  await openCreditPayment(page);
  await payForCredits(page, emulatorURL, cards.authentication);
  await authenticate(page, "Complete authentication");
  await page.waitForURL(/\/checkout\/credits\/complete\?payment_intent=pi_/);
  await expect(page.getByText("You paid $5.00 and now have 5 report credits.")).toBeVisible();
});

test("a failed 3-D Secure step (3155) shows why and grants nothing", async ({ page, emulatorURL }) => {
  await signIn(page, uniqueEmail("3ds-pack-fail"), "/checkout/credits");
  await openCreditPayment(page);
  await payForCredits(page, emulatorURL, cards.authentication);
  await authenticate(page, "Fail authentication");
  await page.waitForURL(/\/checkout\/credits\/complete\?payment_intent=pi_/);
  await expect(page.getByRole("heading", { name: "Your payment did not go through" })).toBeVisible();
  await expect(page.getByRole("main").getByRole("alert")).toHaveText(
    "We are unable to authenticate your payment method. Please choose a different payment method and try again.",
  );
  await expect(page.getByText("No credits were added. You have 0.")).toBeVisible();
  // "Try again" keeps the pack that was chosen.
  await page.getByRole("link", { name: "Try again" }).click();
  await expect(page.getByLabel(new RegExp(`^${CREDIT_PACK}`))).toBeChecked();
  await expect(page.getByText("You have 0 credits.")).toBeVisible();
});
