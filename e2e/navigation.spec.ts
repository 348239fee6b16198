// The account menu and the links between the signed-in pages: reachable by
// mouse and keyboard, at 360 px and on desktop, marking the page you are on.
// (Public pages' header is the page-speed work's; see its own spec.)
import type { Page } from "@playwright/test";
import { expect, signIn, signOutHere, test, uniqueEmail } from "./fixtures";

function menuButton(page: Page, email: string) {
  return page.getByRole("banner").getByRole("button", { name: new RegExp(email.replace(/[.+]/g, "\\$&")) });
}

test("signed out, private pages ask to sign in and come back, with no account menu", async ({ page }) => {
  for (const path of ["/dashboard", "/dashboard/pro", "/account", "/account/billing"]) {
    await page.goto(path);
    await expect(page).toHaveURL(new RegExp(`/sign-in\\?callbackUrl=${encodeURIComponent(path)}$`));
    await expect(page.getByRole("button", { name: /Account menu|@/ })).toHaveCount(0);
  }
});

test("signed in, the account menu reaches every page by keyboard and marks where you are", async ({ page }) => {
  const email = uniqueEmail("menu");
  await signIn(page, email);
  await expect(page).toHaveURL(/\/dashboard$/);
  const button = menuButton(page, email);
  const menu = page.getByRole("menu");

  // Enter opens on the first item; the current page is marked.
  await button.focus();
  await page.keyboard.press("Enter");
  await expect(menu).toBeVisible();
  await expect(button).toHaveAttribute("aria-expanded", "true");
  await expect(menu).toContainText(`${email}`);
  await expect(menu).toContainText("Free plan · Free");
  const dashboard = menu.getByRole("menuitem", { name: "Dashboard" });
  await expect(dashboard).toBeFocused();
  await expect(dashboard).toHaveAttribute("aria-current", "page");
  // Premium pages the Free plan lacks are marked as locked.
  await page.keyboard.press("ArrowDown");
  await expect(menu.getByRole("menuitem", { name: /^Reports/ })).toBeFocused();
  await expect(menu.getByRole("menuitem", { name: /^Reports/ })).toContainText("Locked");
  await expect(menu.getByRole("menuitem", { name: /^Team insights/ })).toContainText("Locked");
  // The menu fits a 360 px screen.
  const box = (await menu.boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(page.viewportSize()!.width);
  // Escape closes and gives focus back; ArrowUp opens on the last item (Sign out).
  await page.keyboard.press("Escape");
  await expect(menu).toBeHidden();
  await expect(button).toBeFocused();
  await page.keyboard.press("ArrowUp");
  await expect(menu.getByRole("menuitem", { name: "Sign out" })).toBeFocused();
  await page.keyboard.press("Home");
  await expect(dashboard).toBeFocused();
  await page.keyboard.press("End");
  await expect(menu.getByRole("menuitem", { name: "Sign out" })).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(menu).toBeHidden();

  // To billing through the menu (Space opens it too); Billing is now the marked page.
  await button.focus();
  await page.keyboard.press(" ");
  await menu.getByRole("menuitem", { name: "Billing" }).click();
  await page.waitForURL(/\/account\/billing$/);
  await expect(page.getByRole("heading", { level: 1, name: "Billing" })).toBeVisible();
  await button.click();
  await expect(menu.getByRole("menuitem", { name: "Billing" })).toHaveAttribute("aria-current", "page");
  await expect(menu.getByRole("menuitem", { name: "Account" })).not.toHaveAttribute("aria-current", "page");
  await page.keyboard.press("Escape");

  // The dashboard and the account page each link to billing. The billing page
  // loads Stripe.js, and a link keeps the document it starts from, so the
  // signed-in pages carry the payment pages' Content Security Policy too.
  const dashboardDocument = await page.goto("/dashboard");
  expect(dashboardDocument!.headers()["content-security-policy"]).toMatch(/script-src 'self' 'nonce-/);
  await page.getByRole("main").getByRole("link", { name: "Billing", exact: true }).click();
  await page.waitForURL(/\/account\/billing$/);
  await page.goto("/account");
  await page.getByRole("main").getByRole("link", { name: "Billing", exact: true }).click();
  await page.waitForURL(/\/account\/billing$/);

  // A locked premium page from the menu explains what unlocks it.
  await button.click();
  await menu.getByRole("menuitem", { name: /^Reports/ }).click();
  await expect(page.getByRole("heading", { name: "Reports is part of Pro" })).toBeVisible();

  // Sign out from any page.
  await signOutHere(page);
  await page.waitForURL((url) => url.pathname === "/");
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fdashboard$/);
});
