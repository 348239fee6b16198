// The operator's journeys: `npm run admin:grant` on the running server's
// database, then an admin finds a customer and cancels their subscription at
// the period end, or refunds half of a payment, with a reason; the customer
// sees it on their billing page, and the audit log shows it with the reason.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import type { Browser, Page } from "@playwright/test";
import {
  cards,
  CREDIT_PACK,
  expect,
  openCreditPayment,
  payForCredits,
  payOnCheckout,
  signIn,
  test,
  uniqueEmail,
} from "./fixtures";

const run = promisify(execFile);

/** `npm run admin:grant -- <email> <role>` against the e2e server's embedded database. */
async function grant(email: string, role: string) {
  const { stdout } = await run(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", "scripts/admin-grant.ts", email, role],
    { env: { ...process.env, EMBEDDED_DATABASE_DIR: path.join(process.env.E2E_DATA_DIR!, "main", "pglite") } },
  );
  return stdout;
}

/** A new user in a browser context of their own, made admin by the command; a member first. */
async function signInAsAdmin(browser: Browser): Promise<Page> {
  const adminContext = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  const admin = await adminContext.newPage();
  const adminEmail = uniqueEmail("operator");
  await signIn(admin, adminEmail, "/dashboard");
  // A member gets no admin page.
  expect((await adminContext.request.get("/admin", { maxRedirects: 0 })).status()).toBe(404);
  expect(await grant(adminEmail, "admin")).toContain("is now admin (was member)");
  return admin;
}

/** Finds `email` with the search on /admin and opens their page. */
async function openCustomer(admin: Page, email: string): Promise<void> {
  await admin.goto("/admin");
  await admin.getByLabel("Email, name or Stripe customer id (starts with)").fill(email.slice(0, 14));
  await admin.getByRole("button", { name: "Search" }).click();
  await admin.getByRole("link", { name: email }).click();
  await expect(admin.getByRole("heading", { name: email })).toBeVisible();
}

/** The audit log filtered by `action` shows one row with `reason`, made by an admin. */
async function expectAudited(admin: Page, action: string, reason: string): Promise<void> {
  await admin.goto(`/admin/audit?action=${action}`);
  const row = admin.getByRole("row").filter({ hasText: reason });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("(admin)");
}

test("an admin cancels a subscriber's plan at the period end; both see it, with the reason in the audit log", async ({
  browser,
  page,
}) => {
  const subscriberEmail = uniqueEmail("subscriber");
  // Unique per run: every project's run of this journey writes to one audit log.
  const reason = `Customer asked by email to stop (${subscriberEmail})`;
  await signIn(page, subscriberEmail, "/pricing");
  await page.getByRole("button", { name: "Subscribe to Pro" }).click();
  await payOnCheckout(page, "4242 4242 4242 4242");
  await expect(page.getByRole("heading", { name: "Thank you! You are on Pro." })).toBeVisible();

  const admin = await signInAsAdmin(browser);
  await openCustomer(admin, subscriberEmail);
  await expect(admin.getByText(/pro \(monthly\) · trialing/)).toBeVisible();

  await admin.getByLabel("When").selectOption("period_end");
  await admin.getByLabel("Reason (kept in the audit log)").first().fill(reason);
  await admin.getByRole("button", { name: "Cancel subscription" }).click();
  await expect(admin.getByText(/Cancel subscription sub_\w+ at the end of its period\?/)).toBeVisible();
  await admin.getByRole("button", { name: "Confirm: cancel subscription" }).click();
  await expect(admin.getByText("The subscription will end at the period end.")).toBeVisible();

  await page.goto("/account/billing");
  await expect(page.getByText("Access ends")).toBeVisible();

  await expectAudited(admin, "subscription.cancel_at_period_end", reason);
  await admin.context().close();
});

test("an admin refunds half of a customer's payment; the customer sees it, and the audit log has the reason", async ({
  browser,
  page,
  emulator,
  emulatorURL,
}) => {
  const customerEmail = uniqueEmail("refunded");
  const reason = `Half refund agreed on a support call (${customerEmail})`;
  await signIn(page, customerEmail, "/dashboard");
  await openCreditPayment(page);
  await payForCredits(page, emulatorURL, cards.visa);
  await expect(page.getByText("You paid $5.00 and now have 5 report credits.")).toBeVisible();
  // The payment reaches our database through Stripe's webhooks and the inbox.
  await emulator.flushDeliveries();

  const admin = await signInAsAdmin(browser);
  await openCustomer(admin, customerEmail);
  const payment = admin.getByRole("region", { name: /^Payment pi_/ });
  await expect(payment).toContainText(`${CREDIT_PACK} · $5.00 · paid`);
  await payment.getByLabel("Amount (USD)").fill("2.50");
  await payment.getByLabel("Stripe reason").selectOption("requested_by_customer");
  await payment.getByLabel("Reason (kept in the audit log)").fill(reason);
  await payment.getByRole("button", { name: "Refund payment" }).click();
  await expect(payment.getByText(/Refund 2\.50 of payment pi_\w+\?/)).toBeVisible();
  await payment.getByRole("button", { name: "Confirm: refund payment" }).click();
  await expect(admin.getByText(/Refunded \$2\.50 \(Stripe refund re_\w+\)\./)).toBeVisible();
  await admin.reload();
  await expect(payment).toContainText("partly refunded ($2.50)");
  // The customer's own audit trail includes the refund of their payment.
  await expect(admin.getByRole("table", { name: "Audit trail" })).toContainText("refund.create");

  // The customer sees the refund; half of the pack's unused credits went back with it.
  await emulator.flushDeliveries();
  await page.goto("/account/billing");
  const refunded = page.getByRole("row").filter({ hasText: CREDIT_PACK }).filter({ hasText: "$2.50" });
  await expect(refunded).toContainText("partly refunded");
  await page.goto("/dashboard");
  await expect(page.getByText("You have 3 report credits; each CSV export uses one.")).toBeVisible();

  await expectAudited(admin, "refund.create", reason);
  await admin.context().close();
});
