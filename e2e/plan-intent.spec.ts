// A plan picked while signed out is not forgotten: sign-in carries it (as a
// same-origin callbackUrl) and continues straight to Checkout for it.
import { chooseYearly, expect, signInHere, test, uniqueEmail } from "./fixtures";

test("Subscribe to Pro while signed out: after sign-in the Checkout is for Pro, monthly", async ({ page }) => {
  await page.goto("/pricing");
  await page.getByRole("button", { name: "Sign up for Pro" }).click();
  await page.waitForURL(/\/sign-in\?/);
  expect(new URL(page.url()).searchParams.get("callbackUrl")).toBe("/billing/subscribe?plan=pro&interval=month");

  await signInHere(page, uniqueEmail("intent"));
  await page.waitForURL(/\/checkout\?plan=pro&interval=month$/);
  await expect(page.getByRole("heading", { name: "Subscribe to Pro" })).toBeVisible();
  await expect(page.getByText("$12.00, billed monthly")).toBeVisible();
});

test("Business yearly while signed out: the interval survives sign-in too", async ({ page }) => {
  await page.goto("/pricing");
  await chooseYearly(page);
  await page.getByRole("button", { name: "Sign up for Business" }).click();
  await page.waitForURL(/\/sign-in\?/);
  await signInHere(page, uniqueEmail("intent-yearly"));
  await page.waitForURL(/\/checkout\?plan=business&interval=year$/);
  await expect(page.getByRole("heading", { name: "Subscribe to Business" })).toBeVisible();
  await expect(page.getByText("$490.00, billed yearly")).toBeVisible();
});

test("a made-up plan in the continuation is refused in words, with a way back", async ({ page }) => {
  await page.goto(`/sign-in?callbackUrl=${encodeURIComponent("/billing/subscribe?plan=platinum&interval=month")}`);
  await signInHere(page, uniqueEmail("intent-bad"));
  await expect(page.getByRole("heading", { name: "Subscribe" })).toBeVisible();
  await expect(page.getByRole("main").getByRole("alert")).toHaveText('"platinum" is not a plan you can subscribe to.');
  await expect(page.getByRole("link", { name: "Back to plans" })).toBeVisible();
});
