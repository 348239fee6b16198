// The public pages are prerendered for everyone; a small island fills in who
// is signed in after load. These journeys check what a visitor sees.
import { expect, newSubscriber, signIn, test, uniqueEmail } from "./fixtures";

test("a signed-out visitor sees Sign in in the header and footer, and ?interval=year shows yearly prices", async ({
  page,
}) => {
  await page.goto("/pricing?interval=year");
  await expect(page.getByRole("banner").getByRole("link", { name: "Sign in" })).toBeVisible();
  await expect(page.getByRole("contentinfo").getByRole("link", { name: "Sign in" })).toBeVisible();
  await expect(page.getByRole("radio", { name: /^Yearly/ })).toBeChecked();
  const pro = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "Pro" }) });
  await expect(pro.getByText("$120.00", { exact: true })).toBeVisible();
  await expect(pro.getByText("$10.00/month, billed yearly")).toBeVisible();

  // Back to monthly: the URL follows, so a reload keeps the choice.
  await page.locator("label", { has: page.getByRole("radio", { name: "Monthly" }) }).click();
  await expect(page).toHaveURL(/\/pricing$/);
  await expect(pro.getByText("$12.00", { exact: true })).toBeVisible();
});

test("a subscriber sees the account menu on public pages, the current plan with Manage plan, and a way back to Free", async ({
  page,
}) => {
  await newSubscriber(page, "public-session", "Pro");

  await page.goto("/");
  const header = page.getByRole("banner");
  await expect(header.getByRole("button", { name: /public-session/ })).toBeVisible();
  await expect(header.getByRole("link", { name: "Sign in" })).toHaveCount(0);
  await expect(page.getByRole("contentinfo").getByRole("link", { name: "Dashboard" })).toBeVisible();

  await page.goto("/pricing");
  const pro = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "Pro" }) });
  await expect(pro.getByRole("button", { name: "Pro is your current plan" })).toBeDisabled();
  await expect(pro.getByRole("link", { name: "Manage plan" })).toHaveAttribute("href", "/account/billing");

  // Free is a cancellation at the period end, in the Customer Portal.
  const free = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "Free" }) });
  await expect(free.getByText("Cancels at the end of the billing period")).toBeVisible();
  await free.getByRole("button", { name: "Switch to Free" }).click();
  await page.waitForURL(/\/p\/session\//);
  await expect(page.getByRole("button", { name: /Cancel/ }).first()).toBeVisible();
});

test("a signed-in visitor opening /sign-in goes on to where the link was taking them", async ({ page }) => {
  await signIn(page, uniqueEmail("already-in"));
  await page.goto("/sign-in?callbackUrl=%2Faccount");
  await page.waitForURL(/\/account$/);
});

test("a signed-in page's footer links the dashboard without asking the server who is signed in", async ({ page }) => {
  await signIn(page, uniqueEmail("footer"), "/account");
  const statusRequests: string[] = [];
  page.on("request", (request) => {
    if (new URL(request.url()).pathname === "/api/billing/status") statusRequests.push(request.url());
  });
  await page.goto("/account");
  const footer = page.getByRole("contentinfo");
  await expect(footer.getByRole("link", { name: "Dashboard" })).toBeVisible();
  await expect(footer.getByRole("link", { name: "Sign in" })).toHaveCount(0);
  // The account menu in the server-rendered header says who it is; the
  // footer needs no request of its own (each one cost a session read).
  await page.waitForLoadState("networkidle");
  expect(statusRequests).toEqual([]);
});
