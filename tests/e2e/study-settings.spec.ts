import { expect, test, type Page } from "@playwright/test";
import { seriousViolations } from "./axe";
import { signUp, uniqueEmail } from "./pages";
import { SEED_SET } from "../../lib/content/seed-set";

const ITEMS = SEED_SET.items.length;
const PASSWORD = "correct-horse-battery";

async function saveSettings(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Save settings" }).click();
}

test("settings are in the header's account menu, which opens and closes from the keyboard", async ({ page }) => {
  await signUp(page, uniqueEmail("menu"), PASSWORD);
  const toggle = page.locator("summary.account-toggle");
  const settings = page.getByRole("banner").getByRole("link", { name: "Study settings" });
  await expect(settings).toBeHidden();
  await toggle.focus();
  await page.keyboard.press("Enter");
  await expect(settings).toBeVisible();
  await expect(page.getByRole("banner").getByRole("button", { name: "Sign out" })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await page.keyboard.press("Escape");
  await expect(settings).toBeHidden();
  await expect(toggle).toBeFocused();
  await page.keyboard.press("Enter");
  await settings.click();
  await expect(page).toHaveURL(/\/settings$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Study settings");
  // a new page closes the menu
  await expect(settings).toBeHidden();
});

test("settings are number inputs that say their range, and a refused value says what is allowed", async ({ page }) => {
  await signUp(page, uniqueEmail("ranges"), PASSWORD);
  await page.goto("/settings");
  const newCards = page.getByLabel("New cards per day");
  await expect(newCards).toHaveAttribute("type", "number");
  await expect(newCards).toHaveAttribute("min", "0");
  await expect(newCards).toHaveAttribute("max", "9999");
  await expect(page.locator("#field-newPerDay-hint")).toContainText("0 to 9999 new cards a day");
  await expect(page.getByLabel("Desired retention")).toHaveAttribute("step", "0.01");
  await newCards.fill("-3");
  await saveSettings(page);
  await expect(newCards).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator("#field-newPerDay-error")).toHaveText("Use 0 to 9999 new cards a day.");
  await expect(newCards).toHaveValue("-3");
});

test("a learner in Berlin: the time zone defaults to the browser's, and the history is in Berlin time", async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const context = await browser.newContext({ timezoneId: "Europe/Berlin" });
  const page = await context.newPage();
  await signUp(page, uniqueEmail("berlin"), PASSWORD);
  await page.goto("/settings");
  await expect(page.getByLabel("Time zone")).toHaveValue("Europe/Berlin");

  const started = await page.request.post("/api/interviews", {
    data: { set: "kubernetes-dns", questions: 1, minutes: 5 },
  });
  expect(started.status()).toBe(201);
  const { id } = (await started.json()) as { id: string };
  expect((await page.request.post(`/api/interviews/${id}/submit`)).status()).toBe(200);
  await page.goto("/interviews");
  await expect(page.getByRole("columnheader", { name: "Started (Europe/Berlin)" })).toBeVisible();
  const cell = page.getByTestId("history-row").first().locator("time");
  const at = new Date((await cell.getAttribute("datetime")) ?? "");
  const wall = (timeZone: string) =>
    // the page writes times as en-US does ("01:52 PM"): a 24-hour "13:52" would only match before noon
    new Intl.DateTimeFormat("en-US", { hour: "2-digit", minute: "2-digit", timeZone }).format(at);
  // regression: the history showed UTC ("2026-12-08 13:05 UTC") for a learner who had chosen Europe/Berlin
  await expect(cell).toContainText(wall("Europe/Berlin"));
  await expect(cell).not.toContainText(wall("UTC"));
  await expect(cell).not.toContainText("UTC");
  await context.close();
});

test("an account whose zone was never set takes the browser's on its next visit", async ({ browser }) => {
  // signed up without JavaScript: the form could not send the browser's zone
  const noScript = await browser.newContext({ javaScriptEnabled: false, timezoneId: "Asia/Tokyo" });
  const first = await noScript.newPage();
  const email = uniqueEmail("no-zone");
  await first.goto("/sign-up");
  await first.getByLabel("Email").fill(email);
  await first.getByLabel(/^Password/).fill(PASSWORD);
  await first.getByRole("button", { name: "Create account" }).click();
  await expect(first.getByTestId("signed-in-as")).toContainText(email);
  const state = await noScript.storageState();
  await noScript.close();

  const context = await browser.newContext({ storageState: state, timezoneId: "Asia/Tokyo" });
  const page = await context.newPage();
  await page.goto("/settings");
  // the page is shown again in the adopted zone
  await expect(page.getByLabel("Time zone")).toHaveValue("Asia/Tokyo");
  await page.reload();
  await expect(page.getByLabel("Time zone")).toHaveValue("Asia/Tokyo");
  await context.close();
});

test("a used-up new-card limit is named, with the cards that wait, and the learner can study more today", async ({
  page,
}) => {
  await signUp(page, uniqueEmail("limit"), PASSWORD);
  await page.goto("/settings");
  await page.getByLabel("New cards per day").fill("0");
  await saveSettings(page);
  await expect(page.getByRole("status").filter({ hasText: "Settings saved." })).toBeVisible();

  await page.goto("/study/kubernetes-dns");
  const done = page.getByTestId("done");
  // regression: a set never studied said "You have studied every card this set has for you today"
  await expect(done.getByRole("heading")).toHaveText("Today's new-card limit is reached");
  await expect(done).not.toContainText("studied every card");
  await expect(page.getByTestId("new-waiting")).toHaveText(`${ITEMS} new cards`);
  await expect(done.getByRole("link", { name: "Study settings" })).toHaveAttribute("href", "/settings");
  expect(await seriousViolations(page)).toEqual([]);

  const more = Math.min(10, ITEMS);
  await done.getByRole("button", { name: `Study ${more} more new cards today` }).click();
  await expect(page.getByTestId("card-front")).toBeVisible();
  await expect(page.getByRole("main").getByTestId("count-new").first()).toHaveText(String(more));
});
