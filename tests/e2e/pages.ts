import { expect, type Page } from "@playwright/test";

/** Page objects for the journeys the e2e tests walk. */
export async function signUp(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/sign-up");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel(/^Password/).fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByTestId("signed-in-as")).toContainText(email);
}

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Opens the header's account menu (Settings, Change password, Sign out). */
export async function openAccountMenu(page: Page): Promise<void> {
  await page.getByTestId("signed-in-as").click();
  await expect(page.getByRole("link", { name: "Study settings" })).toBeVisible();
}

export async function signOut(page: Page): Promise<void> {
  await openAccountMenu(page);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("banner").getByRole("link", { name: "Sign in" })).toBeVisible();
}

/** Finishes the open interview from its confirmation dialog (checking what it warns of) and waits for the results. */
export async function finishInterview(page: Page, dialogSays?: string): Promise<void> {
  await page.getByRole("button", { name: "Finish…" }).click();
  const dialog = page.getByRole("dialog", { name: "Finish the interview?" });
  if (dialogSays !== undefined) await expect(dialog).toContainText(dialogSays);
  await dialog.getByRole("button", { name: "Finish and grade" }).click();
  await expect(page).toHaveURL(/\/results$/);
}

let counter = 0;
export function uniqueEmail(prefix: string): string {
  counter += 1;
  return `${prefix}-${Date.now()}-${counter}@example.test`;
}

/**
 * An admin imports a set through the import API (`data`: the request body, Markdown or JSON), publishes it
 * from the set's page and closes the admin's browser context.
 */
export async function importAndPublish(admin: Page, slug: string, data: Record<string, unknown>): Promise<void> {
  const imported = await admin.request.post("/api/admin/import", { data });
  expect(imported.status()).toBe(201);
  await admin.goto(`/admin/sets/${slug}`);
  await admin.getByRole("button", { name: "Publish", exact: true }).click();
  await expect(admin.getByTestId("set-status")).toHaveText("published");
  await admin.context().close();
}
