// The operator's journey: `npm run admin:grant` on the running server's
// database, then an admin finds a subscriber, cancels their subscription at
// the period end with a reason, the subscriber sees it on their billing page,
// and the audit log shows it with the reason.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { expect, payOnCheckout, signIn, test, uniqueEmail } from "./fixtures";

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

  const adminContext = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  const admin = await adminContext.newPage();
  const adminEmail = uniqueEmail("operator");
  await signIn(admin, adminEmail, "/dashboard");
  // A member gets no admin page.
  expect((await adminContext.request.get("/admin", { maxRedirects: 0 })).status()).toBe(404);
  expect(await grant(adminEmail, "admin")).toContain("is now admin (was member)");

  await admin.goto("/admin");
  await admin.getByLabel("Email, name or Stripe customer id (starts with)").fill(subscriberEmail.slice(0, 14));
  await admin.getByRole("button", { name: "Search" }).click();
  await admin.getByRole("link", { name: subscriberEmail }).click();
  await expect(admin.getByRole("heading", { name: subscriberEmail })).toBeVisible();
  await expect(admin.getByText(/pro \(monthly\) · trialing/)).toBeVisible();

  await admin.getByLabel("When").selectOption("period_end");
  await admin.getByLabel("Reason (kept in the audit log)").first().fill(reason);
  await admin.getByRole("button", { name: "Cancel subscription" }).click();
  await expect(admin.getByText(/Cancel subscription sub_\w+ at the end of its period\?/)).toBeVisible();
  await admin.getByRole("button", { name: "Confirm: cancel subscription" }).click();
  await expect(admin.getByText("The subscription will end at the period end.")).toBeVisible();

  await page.goto("/account/billing");
  await expect(page.getByText("Access ends")).toBeVisible();

  await admin.goto("/admin/audit?action=subscription.cancel_at_period_end");
  const row = admin.getByRole("row").filter({ hasText: reason });
  await expect(row).toBeVisible();
  await expect(row).toContainText("(admin)");
  await adminContext.close();
});
