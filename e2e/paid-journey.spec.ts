import { expect, payOnCheckout, signIn, signInHere, test, uniqueEmail } from "./fixtures";

test("a new user subscribes to Pro with 4242 and reaches Pro, not Business", async ({ page }) => {
  await signIn(page, uniqueEmail("pro"), "/pricing");
  await expect(page).toHaveURL(/\/pricing$/);

  await page.getByRole("button", { name: "Subscribe to Pro" }).click();
  await payOnCheckout(page, "4242 4242 4242 4242");

  await page.waitForURL(/\/billing\/success\?session_id=cs_/);
  await expect(page.getByRole("heading", { name: "Thank you! You are on Pro." })).toBeVisible();
  await expect(page.getByText("Free trial until")).toBeVisible();

  await page.getByRole("link", { name: "Open your premium area" }).click();
  await expect(page.getByRole("heading", { name: "Reports" })).toBeVisible();

  await page.goto("/dashboard/business");
  await expect(page.getByRole("heading", { name: "Team insights is part of Business" })).toBeVisible();

  await page.goto("/pricing");
  await expect(page.getByRole("button", { name: "Pro is your current plan" })).toBeVisible();
});

test("a declined card keeps the user on Free with Stripe's message", async ({ page }) => {
  await signIn(page, uniqueEmail("declined"), "/pricing");
  await page.getByRole("button", { name: "Subscribe to Business" }).click();
  await payOnCheckout(page, "4000 0000 0000 0002");
  await expect(page.getByText("Your card was declined.")).toBeVisible();

  await page.goto("/dashboard/business");
  await expect(page.getByRole("heading", { name: "Team insights is part of Business" })).toBeVisible();
});

test("signed-out visitors to premium pages sign in and come back", async ({ page }) => {
  await page.goto("/dashboard/pro");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fdashboard%2Fpro$/);
  await signInHere(page, uniqueEmail("return"));
  await expect(page).toHaveURL(/\/dashboard\/pro$/);
  await expect(page.getByRole("heading", { name: "Reports is part of Pro" })).toBeVisible();
});
