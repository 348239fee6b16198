import { expect, signIn, signInHere, signOutHere, test, uniqueEmail } from "./fixtures";

test("a new user signs up by email link, signs out, and signs back in with a new link", async ({ page }) => {
  const email = uniqueEmail("magic");
  const firstLink = await signIn(page, email);
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole("heading", { name: "Welcome" })).toBeVisible();
  await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();

  await signOutHere(page);
  await expect(page.getByRole("heading", { name: "Charge for your product from the first commit" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sign in" })).toBeVisible();

  // The first email's link worked once; it signs nobody in again.
  await page.goto(firstLink);
  await expect(page.getByText("That sign-in link is no longer valid")).toBeVisible();

  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fdashboard$/);
  await signInHere(page, email);
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
});

test("signed-out visitors to the billing page sign in and come back to it", async ({ page }) => {
  await page.goto("/account/billing");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Faccount%2Fbilling$/);
  await signInHere(page, uniqueEmail("billing-return"));
  await expect(page).toHaveURL(/\/account\/billing$/);
  await expect(page.getByRole("heading", { name: "Billing", exact: true })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Free plan" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Choose a plan" })).toBeVisible();
});
