// The billing page in a customer's words: the status, the card on file, the
// invoices, the confirmations; and a plan chosen while a cancellation is
// pending, which the preview explains before it resumes the subscription.
import { described, expect, newSubscriber, openPortal, returnFromPortal, test, billingStatus } from "./fixtures";

const day = /[A-Z][a-z]{2} \d{1,2}, \d{4}/;

test("a trial says when it ends and shows the card it will charge", async ({ page }) => {
  await newSubscriber(page, "trial-words", "Pro");
  await page.goto("/account/billing");
  await expect(billingStatus(page, new RegExp(`^Trial \\(ends ${day.source}\\)$`))).toBeVisible();
  await expect(described(page, "Card")).toHaveText("Visa •••• 4242, expires 12/2034");
  await page.goto("/dashboard");
  await expect(page.getByText(new RegExp(`Your free trial ends on ${day.source}`))).toBeVisible();
  // Exports are unlimited on Pro: one card counts them, and no credit balance is shown.
  const exportsCard = page.getByRole("heading", { name: "Report exports" }).locator("..");
  await expect(page.getByRole("heading", { name: "Report exports" })).toHaveCount(1);
  await expect(page.getByRole("heading", { name: "Usage" })).toHaveCount(0);
  await expect(exportsCard.getByText("CSV exports this month")).toBeVisible();
  await expect(exportsCard).toContainText("Unlimited on Pro.");
  await expect(page.getByText(/report credits?;/)).toHaveCount(0);
});

test("canceled in the portal, then a smaller plan chosen: the preview says it resumes, and it does", async ({
  page,
  emulator,
}) => {
  await newSubscriber(page, "resume", "Business");
  await page.goto("/account/billing");
  await expect(billingStatus(page, "Active")).toBeVisible();
  await expect(described(page, "Card")).toHaveText("Visa •••• 4242, expires 12/2034");
  const invoice = page.getByRole("row").filter({ hasText: "$49.00" });
  await expect(invoice).toContainText("Paid");

  // The invoice link opens the emulator's hosted invoice page.
  await invoice.getByRole("link", { name: /^View/ }).click();
  await page.waitForURL(/\/i\/in_/);
  await expect(page.getByText("$49.00").first()).toBeVisible();

  // The report charts what was paid, and its CSV holds the same rows as its table.
  await page.goto("/dashboard/pro");
  await expect(page.getByRole("img", { name: /Bar chart of the amount paid per month/ })).toBeVisible();
  const rows = page.getByRole("table", { name: "Amount paid per month" }).locator("tbody tr");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("$49.00");
  const csv = await (await page.request.get("/api/reports/export")).text();
  const lines = csv.trim().split("\n");
  expect(lines[0]).toBe("month,total,currency");
  expect(lines).toHaveLength(2);
  expect(lines[1]).toMatch(/^\d{4}-\d{2},49\.00,usd$/);
  await page.goto("/dashboard");
  await expect(page.getByRole("main").getByText("CSV exports this month").locator("..")).toContainText("1");

  await openPortal(page);
  await page.getByRole("button", { name: "Cancel plan" }).click();
  await page.getByRole("button", { name: "Cancel plan" }).click();
  await expect(page.getByTestId("subscription-status")).toHaveText("Canceling");
  await returnFromPortal(page, emulator);
  await expect(page.getByRole("status").filter({ hasText: "Welcome back." })).toBeVisible();
  await expect(billingStatus(page, new RegExp(`^Cancels on ${day.source}$`))).toBeVisible();

  await page.goto("/pricing");
  await page.getByRole("button", { name: "Change to Pro" }).click();
  await page.waitForURL(/\/account\/billing\/change\?plan=pro&interval=month$/);
  await expect(page.getByRole("main").getByRole("alert")).toContainText(
    new RegExp(`Your subscription is set to end on ${day.source}`),
  );
  await expect(page.getByRole("main").getByRole("alert")).toContainText("Switching to Pro resumes it");
  await page.getByRole("button", { name: /^Resume and switch to Pro on / }).click();
  await page.waitForURL(/\/account\/billing\?notice=plan-changed$/);
  await expect(page.getByRole("status").filter({ hasText: "Your plan change is confirmed." })).toBeVisible();
  await expect(billingStatus(page, "Active")).toBeVisible();
  await expect(page.getByText(/Your plan changes to Pro \(monthly\) on/)).toBeVisible();
  await expect(page.getByText(/Your subscription is canceled and ends on/)).toHaveCount(0);
});
