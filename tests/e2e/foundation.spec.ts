import path from "node:path";
import Database from "better-sqlite3";
import { expect, test } from "@playwright/test";
import { E2E_ADMIN } from "../../playwright.config";
import { SEED_SET } from "../../lib/content/seed-set";
import { signIn, signOut, signUp, uniqueEmail } from "./pages";

test("the home page names Hopdrill and logs no console errors", async ({ page }) => {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Hopdrill");
  await expect(page.getByRole("link", { name: "Browse question sets" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Sign up" }).first()).toBeVisible();
  await page.waitForLoadState("networkidle");
  expect(errors).toEqual([]);
});

test("sign up shows the signed-in header, sign out ends the session", async ({ page, context }) => {
  const email = uniqueEmail("learner");
  await signUp(page, email, "correct-horse-battery");
  const cookies = await context.cookies();
  const session = cookies.find((c) => c.name === "hopdrill_session");
  expect(session?.httpOnly).toBe(true);
  expect(session?.sameSite).toBe("Lax");
  await signOut(page);
  await expect(page.getByTestId("signed-in-as")).toHaveCount(0);
  expect((await context.cookies()).find((c) => c.name === "hopdrill_session")).toBeUndefined();
});

test("a wrong password shows an error and creates no session", async ({ page, context }) => {
  const email = uniqueEmail("wrong");
  await signUp(page, email, "correct-horse-battery");
  await signOut(page);
  await signIn(page, email, "not-the-password");
  await expect(page.getByRole("main").getByRole("alert")).toContainText("Wrong email or password");
  await expect(page.getByTestId("signed-in-as")).toHaveCount(0);
  expect((await context.cookies()).find((c) => c.name === "hopdrill_session")).toBeUndefined();
});

test("sign-up form errors are shown next to their fields", async ({ page }) => {
  await page.goto("/sign-up");
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByLabel(/^Password/).fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator("#field-email-error")).toContainText("valid email");
  await expect(page.locator("#field-password-error")).toContainText("at least 10");
});

test("a learner opening /admin gets the 403 page; an anonymous user is sent to sign in", async ({ page }) => {
  const anonymous = await page.goto("/admin");
  expect(anonymous?.url()).toContain("/sign-in?next=%2Fadmin");
  // a deeper admin page comes back to itself after sign-in
  const deep = await page.goto("/admin/import");
  expect(deep?.url()).toContain("/sign-in?next=%2Fadmin%2Fimport");
  await signUp(page, uniqueEmail("nosy"), "correct-horse-battery");
  const response = await page.goto("/admin");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("403");
  // the tab names what happened, not the admin page that was asked for
  await expect(page).toHaveTitle("403 · Not allowed · Hopdrill");
  const api = await page.request.get("/api/admin/sets");
  expect(api.status()).toBe(403);
  expect((await api.json()).error.code).toBe("FORBIDDEN");
});

test("an admin signs in and sees every set in the admin area", async ({ page }) => {
  await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await expect(page.getByTestId("signed-in-as")).toBeVisible();
  await page.getByRole("link", { name: "Admin", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Admin");
  await expect(page.getByRole("cell", { name: "Kubernetes DNS: from http.get to response" })).toBeVisible();
  const api = await page.request.get("/api/admin/sets");
  expect(api.status()).toBe(200);
});

test("the seed set is listed and its cards are visible", async ({ page }) => {
  await page.goto("/sets");
  await page.getByRole("link", { name: "Kubernetes DNS: from http.get to response" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Kubernetes DNS: from http.get to response");
  const items = page.getByTestId("set-item");
  await expect(items).toHaveCount(SEED_SET.items.length);
  await expect(items.first()).toContainText("http.get");
  await items.first().locator("summary", { hasText: "Answer" }).click();
  await expect(items.first()).toContainText("bar.app.svc.cluster.local");
});

test("unknown pages get the 404 page", async ({ page }) => {
  const response = await page.goto("/sets/no-such-set");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("404");
  await expect(page).toHaveTitle("404 · Page not found · Hopdrill");
  await page.goto("/no/such/page");
  await expect(page).toHaveTitle("404 · Page not found · Hopdrill");
});

test("'Create an account' on the sign-in page keeps the page the visitor was going to (regression)", async ({
  page,
}) => {
  await page.goto("/stats");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fstats$/);
  await page.getByRole("link", { name: "Create an account" }).click();
  await expect(page).toHaveURL(/\/sign-up\?next=%2Fstats$/);
  await page.getByLabel("Email").fill(uniqueEmail("next"));
  await page.getByLabel(/^Password/).fill("correct-horse-battery");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/stats$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Statistics");
  // an open redirect is not kept
  await page.context().clearCookies();
  await page.goto("/sign-in?next=//evil.example");
  await expect(page.getByRole("link", { name: "Create an account" })).toHaveAttribute("href", "/sign-up");
});

test("a one-time password is refused as the new password; after the change the page asked for follows (regression)", async ({
  page,
}) => {
  const email = uniqueEmail("one-time");
  const oneTime = "printed-one-time-password";
  await signUp(page, email, oneTime);
  await signOut(page);
  // the account now holds a generated one-time password, as `npm run admin:create` leaves it
  const db = new Database(path.resolve("tests/.tmp/e2e/hopdrill.db"), { timeout: 5000 });
  try {
    db.prepare("UPDATE User SET mustChangePassword = 1, role = 'admin' WHERE email = ?").run(email);
  } finally {
    db.close();
  }
  await page.goto("/stats");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(oneTime);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/account\/password\?next=%2Fstats$/);
  await expect(page.getByTestId("one-time-password-notice")).toBeVisible();
  // any other page sends the account back here, still on its way to that page
  await page.goto("/interviews");
  await expect(page).toHaveURL(/\/account\/password\?next=%2Finterviews$/);
  // and the API refuses the session too, learner and admin routes alike (regression: they answered)
  for (const route of ["/api/admin/sets", "/api/interviews", "/api/admin/schema/question-set.json"]) {
    const refused = await page.request.get(route);
    expect(refused.status(), route).toBe(403);
    expect(await refused.json(), route).toMatchObject({ error: { code: "PASSWORD_CHANGE_REQUIRED" } });
  }

  const fill = async (current: string, next: string) => {
    await page.getByLabel("Current password").fill(current);
    await page.getByLabel(/^New password \(/).fill(next);
    await page.getByLabel("New password again").fill(next);
    await page.getByRole("button", { name: "Change password" }).click();
  };
  await fill(oneTime, oneTime);
  await expect(page.locator("#field-password-error")).toHaveText(
    "That is the one-time password you signed in with: choose a new password of your own.",
  );
  await expect(page).toHaveURL(/\/account\/password\?next=%2Finterviews$/);
  await fill(oneTime, "my-own-new-password");
  await expect(page).toHaveURL(/\/interviews$/);
  expect((await page.request.get("/api/admin/sets")).status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Your mock interviews");
  // no stale banner: the password page now is an ordinary one
  await page.goto("/account/password");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Change password");
  await expect(page.getByTestId("one-time-password-notice")).toHaveCount(0);
  await signOut(page);
  await signIn(page, email, "my-own-new-password");
  await expect(page.getByTestId("signed-in-as")).toContainText(email);
});
