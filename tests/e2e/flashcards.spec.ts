import { gzipSync } from "node:zlib";
import { expect, test, type Page } from "@playwright/test";
import { seriousViolations } from "./axe";
import { importAndPublish, signIn, signUp, uniqueEmail } from "./pages";
import { SEED_SET } from "../../lib/content/seed-set";
import { E2E_ADMIN } from "../../playwright.config";

const SET_TITLE = "Kubernetes DNS: from http.get to response";
const ITEMS = SEED_SET.items.length;

/** A count on the /sets list, in the seed set's entry (other specs publish sets of their own). */
function listCount(page: Page, which: "new" | "learning" | "due") {
  return page.getByRole("main").getByRole("listitem").filter({ hasText: SET_TITLE }).getByTestId(`count-${which}`);
}

async function count(page: Page, which: "new" | "learning" | "due"): Promise<number> {
  return Number(await page.getByRole("main").getByTestId(`count-${which}`).first().textContent());
}

/**
 * A time zone whose clock is hours away from the study day's change (4 a.m.) now, for a test that counts
 * learning cards: within ten minutes of the change a card's 10-minute step falls on the next study day, and
 * the day's counts rightly leave it out (regression: a run that started at 03:58 UTC saw Learning 0 after a Good).
 */
function zoneAwayFromDayStart(now = new Date()): string {
  for (const zone of ["UTC", "Asia/Tokyo", "America/Los_Angeles"]) {
    const hour = Number(
      new Intl.DateTimeFormat("en-US", { timeZone: zone, hour: "numeric", hourCycle: "h23" }).format(now),
    );
    if (hour >= 8 && hour < 20) return zone;
  }
  throw new Error("no zone of the list is between 8:00 and 20:00");
}

test.describe("the study loop, in a zone far from the day's change", () => {
  test.use({ timezoneId: zoneAwayFromDayStart() });

  test("a learner studies the seed set from the keyboard: reveal, rate 1–4, undo, reload, done", async ({ page }) => {
    test.setTimeout(120_000);
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await signUp(page, uniqueEmail("study"), "correct-horse-battery");

    await page.goto("/sets");
    await expect(listCount(page, "new")).toHaveText(String(ITEMS));
    const study = page.getByRole("link", { name: `Study ${SET_TITLE}` });
    await study.focus();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/study\/kubernetes-dns$/);
    await expect(page.getByRole("heading", { level: 1 })).toContainText(SET_TITLE);
    expect(await count(page, "new")).toBe(ITEMS);

    // The first question; Space reveals (focus starts on "Show answer", visibly focused).
    const front = page.getByTestId("card-front");
    await expect(front).toContainText("http.get");
    const reveal = page.getByRole("button", { name: "Show answer" });
    await expect(reveal).toBeFocused();
    expect(await seriousViolations(page)).toEqual([]);
    await page.keyboard.press("Space");
    await expect(page.getByTestId("card-back")).toBeVisible();
    // Each rating button shows its next interval (learning steps 1m 10m).
    await expect(page.getByTestId("rate-1")).toContainText("1m");
    await expect(page.getByTestId("rate-3")).toContainText("10m");
    await expect(page.getByTestId("rate-4")).toContainText(/\d+d/);
    await expect(page.getByRole("button", { name: /^Good/ })).toBeFocused();
    expect(await seriousViolations(page)).toEqual([]);

    // 3 = Good: the next card comes, the counts move from New to Learning.
    const firstText = await front.textContent();
    await page.keyboard.press("3");
    await expect(front).not.toHaveText(firstText ?? "");
    await expect(page.getByRole("main").getByTestId("count-learning")).toHaveText("1");
    expect(await count(page, "new")).toBe(ITEMS - 1);

    // Enter reveals, 1 = Again; Space reveals, 2 = Hard; Space, 4 = Easy.
    await page.keyboard.press("Enter");
    await expect(page.getByTestId("card-back")).toBeVisible();
    await page.keyboard.press("1");
    await expect(page.getByRole("main").getByTestId("count-learning")).toHaveText("2");
    await page.keyboard.press("Space");
    await page.keyboard.press("2");
    await expect(page.getByRole("main").getByTestId("count-learning")).toHaveText("3");
    await page.keyboard.press("Space");
    const easyText = await front.textContent();
    await page.keyboard.press("4");
    await expect(page.getByRole("main").getByTestId("count-new")).toHaveText(String(ITEMS - 4));

    // u undoes the last rating: the Easy card comes back, the counts go back.
    await page.keyboard.press("u");
    await expect(page.getByRole("main").getByTestId("count-new")).toHaveText(String(ITEMS - 3));
    await expect(front).toHaveText(easyText ?? "");
    // Ctrl+Z after rating it again does the same.
    await page.keyboard.press("Space");
    await page.keyboard.press("4");
    await expect(page.getByRole("main").getByTestId("count-new")).toHaveText(String(ITEMS - 4));
    await page.keyboard.press("Control+z");
    await expect(page.getByRole("main").getByTestId("count-new")).toHaveText(String(ITEMS - 3));
    await expect(front).toHaveText(easyText ?? "");

    // ? shows the shortcuts; Escape closes them.
    await page.keyboard.press("?");
    const dialog = page.getByRole("dialog", { name: "Keyboard shortcuts" });
    await expect(dialog).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();

    // A reload keeps everything: once the outbox has sent it all, the server has it all.
    await expect(page.getByTestId("sync-status")).toHaveAttribute("data-pending", "0");
    await page.reload();
    await expect(front).toHaveText(easyText ?? "");
    expect(await count(page, "new")).toBe(ITEMS - 3);
    expect(await count(page, "learning")).toBe(3);

    // Study to the end with Space + 4 (learning cards come back within the 20-minute learn-ahead).
    // The screen's state is read in one step: read piece by piece, a refresh landing in between (the last card
    // replaced by "Done for today") left the card's locator waiting for an element that was gone.
    const screen = () =>
      page.getByRole("main").evaluate((main) => {
        if (main.querySelector('[data-testid="done"]')) return "done";
        const text = (id: string) => main.querySelector(`[data-testid="${id}"]`)?.textContent ?? "";
        return `${text("queue-counts")}|${text("card-front")}`;
      });
    let scenarios = 0;
    for (let i = 0; i < 40; i += 1) {
      const before = await screen();
      if (before === "done") break;
      const scenario = await page.getByTestId("scenario-description").isVisible();
      await page.keyboard.press("Space");
      await expect(page.getByTestId("card-back")).toBeVisible();
      if (scenario) {
        scenarios += 1;
        // The back is computed by the simulation and drawn as a diagram.
        await expect(page.getByTestId("scenario-answer")).not.toBeEmpty();
        await expect(page.getByRole("img", { name: /The correct path/ })).toBeVisible();
        await expect(page.getByRole("img", { name: /The correct path/ })).toContainText("Client pod");
        if (scenarios === 1) expect(await seriousViolations(page)).toEqual([]);
      }
      await page.keyboard.press("4");
      // the next card comes from the queue the page holds; a re-shown scenario card waits for its next variant
      await expect.poll(screen, { timeout: 20_000 }).not.toBe(before);
    }
    await expect(page.getByRole("heading", { name: "Done for today" })).toBeVisible();
    // every rating reached the server: the outbox is empty and the server counted tomorrow's cards
    await expect(page.getByTestId("sync-status")).toHaveAttribute("data-pending", "0");
    expect(scenarios).toBeGreaterThanOrEqual(2);
    expect(Number(await page.getByTestId("tomorrow-count").textContent())).toBeGreaterThanOrEqual(0);
    expect(await count(page, "new")).toBe(0);
    expect(await count(page, "learning")).toBe(0);

    // The list shows the same, after a fresh load.
    await page.goto("/sets");
    await expect(listCount(page, "new")).toHaveText("0");

    // Statistics: real data, drawn as charts.
    await page.getByRole("banner").getByRole("link", { name: "Statistics" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Statistics");
    expect(Number(await page.getByTestId("reviews-today").textContent())).toBeGreaterThanOrEqual(ITEMS);
    for (const chart of ["forecast-chart", "retention-chart", "heatmap", "state-chart"]) {
      await expect(page.getByTestId(chart)).toBeVisible();
    }
    await expect(page.getByRole("img", { name: /Due forecast/ })).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });
});

test("settings are validated next to their fields and saved", async ({ page }) => {
  await signUp(page, uniqueEmail("settings"), "correct-horse-battery");
  await page.goto("/settings");
  await page.getByLabel(/Desired retention/).fill("1.5");
  await page.getByLabel(/Learning steps/).fill("10m 1m");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByLabel(/Desired retention/)).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator("#field-learningSteps-error")).toContainText("shorter");
  await page.getByLabel(/Desired retention/).fill("0.85");
  await page.getByLabel(/Learning steps/).fill("2m 15m");
  await page.getByLabel(/New cards per day/).fill("3");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Settings saved." })).toBeVisible();
  await page.goto("/sets");
  await expect(listCount(page, "new")).toHaveText("3");
  await page.goto("/study/kubernetes-dns");
  await expect(page.getByRole("button", { name: "Show answer" })).toBeFocused();
  await page.keyboard.press("Space");
  await expect(page.getByTestId("rate-1")).toContainText("2m");
  await expect(page.getByTestId("rate-3")).toContainText("15m");
});

const MONTHS = "January February March April May June July August September October November December".split(" ");
const WEEKDAYS = "Sunday Monday Tuesday Wednesday Thursday Friday Saturday".split(" ");

test("cram reviews weak cards without moving the schedule", async ({ page, browser }) => {
  await signUp(page, uniqueEmail("cram"), "correct-horse-battery");
  await page.goto("/cram");
  const inAWeek = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
  // other specs publish sets of their own: choose the seed set explicitly
  await page.getByRole("checkbox", { name: SET_TITLE }).check();
  await page.getByLabel("My interview is on").fill(inAWeek);
  await page.getByRole("button", { name: "Start cramming" }).click();
  // the date in words, the way an en-US browser writes it (Playwright's default locale)
  const day = new Date(`${inAWeek}T00:00:00Z`);
  const [weekday, month, date, year] = [
    WEEKDAYS[day.getUTCDay()],
    MONTHS[day.getUTCMonth()],
    day.getUTCDate(),
    day.getUTCFullYear(),
  ];
  const heading = page.getByRole("heading", { level: 1 });
  await expect(heading).toHaveText(`Cram for your interview on ${weekday}, ${month} ${date}, ${year}`);
  await expect(page.getByTestId("cram-remaining")).toHaveText(String(ITEMS));
  await expect(page.getByRole("button", { name: "Show answer" })).toBeFocused();
  await page.keyboard.press("Space");
  // each button says what it does in a cram, not "cram"
  for (const [rating, outcome] of [
    [1, "see again"],
    [2, "see again"],
    [3, "done today"],
    [4, "done today"],
  ] as const) {
    await expect(page.getByTestId(`rate-${rating}`)).toContainText(outcome);
    await expect(page.getByTestId(`rate-${rating}`)).toHaveAttribute("title", /schedule does not change/);
  }
  await expect(page.getByRole("group", { name: "Rate your answer" })).not.toContainText("cram");
  // a browser set to German gets English words in its region's order
  const german = await browser.newContext({ locale: "de-DE" });
  const other = await german.newPage();
  await signUp(other, uniqueEmail("cram-de"), "correct-horse-battery");
  await other.goto(page.url());
  await expect(other.getByRole("heading", { level: 1 })).toHaveText(
    new RegExp(`^Cram for your interview on ${weekday},? ${date} ${month} ${year}$`),
  );
  await german.close();
  await page.keyboard.press("3");
  await expect(page.getByTestId("cram-remaining")).toHaveText(String(ITEMS - 1));
  // the regular schedule did not move: every card is still new
  await page.goto("/sets");
  await expect(listCount(page, "new")).toHaveText(String(ITEMS));
  await expect(listCount(page, "learning")).toHaveText("0");
});

test("study pages need a signed-in user", async ({ page }) => {
  const response = await page.goto("/study/kubernetes-dns");
  expect(response?.url()).toContain("/sign-in?next=%2Fstudy%2Fkubernetes-dns");
  await page.goto("/stats");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fstats/);
});

// The study screen runs lib/srs in the browser so that the next card and its interval labels need no round
// trip; ts-fsrs is about 13.5 KB of that, gzipped. Next.js and React alone are about 139 KB here.
test("the study page loads at most 160 KB of JavaScript, gzipped", async ({ page }) => {
  await signUp(page, uniqueEmail("weight"), "correct-horse-battery");
  const scripts = new Map<string, number>();
  page.on("response", async (response) => {
    if (response.request().resourceType() !== "script") return;
    scripts.set(response.url(), gzipSync(await response.body()).length);
  });
  await page.goto("/study/kubernetes-dns");
  await expect(page.getByRole("button", { name: "Show answer" })).toBeFocused();
  await page.waitForLoadState("networkidle");
  const total = [...scripts.values()].reduce((sum, size) => sum + size, 0);
  test.info().annotations.push({ type: "study-first-load-js-gzip-kb", description: (total / 1024).toFixed(1) });
  expect(scripts.size).toBeGreaterThan(0);
  expect(total).toBeLessThanOrEqual(160 * 1024);
});

test("statistics: charts fill their cards, the calendar is labelled, times read as time", async ({ page }) => {
  test.setTimeout(60_000);
  await signUp(page, uniqueEmail("stats"), "correct-horse-battery");
  await page.goto("/stats");
  // A learner with no reviews yet: the retention chart's message sits clear of every gridline.
  const retention = page.getByTestId("retention-chart");
  await expect(retention).toContainText("No reviews of studied cards");
  const messageClear = await retention.evaluate((svg) => {
    const message = [...svg.querySelectorAll("text")].find((t) => t.textContent?.startsWith("No reviews"));
    if (!message) return false;
    const box = message.getBBox();
    return [...svg.querySelectorAll("[data-gridline]")]
      .map((line) => Number(line.getAttribute("y1")))
      .every((y) => y < box.y || y > box.y + box.height);
  });
  expect(messageClear).toBe(true);

  await page.goto("/study/kubernetes-dns");
  for (let i = 0; i < 2; i += 1) {
    const before = await page.getByTestId("card-front").textContent();
    await page.keyboard.press("Space");
    await page.keyboard.press("3");
    await expect(page.getByTestId("card-front")).not.toHaveText(before ?? "");
  }
  // The next card shows before its rating reaches the server: wait for the outbox to empty before leaving.
  await expect(page.getByTestId("sync-status")).toHaveAttribute("data-pending", "0", { timeout: 20_000 });
  await page.goto("/stats");
  const today = page.getByRole("region", { name: "Today" });
  await expect(today).toContainText(/2 reviews in \d+ seconds?/);
  await expect(today).toContainText("2 reviews in all.");
  await expect(today).not.toContainText("0 min");

  for (const size of [
    { width: 390, height: 844 },
    { width: 1280, height: 800 },
  ]) {
    await page.setViewportSize(size);
    for (const chart of ["forecast-chart", "retention-chart", "state-chart"]) {
      // drawn at its figure's width (measured in the browser), not at a fixed 600 px
      await expect
        .poll(() =>
          page.getByTestId(chart).evaluate((svg) => {
            const figure = svg.closest("figure");
            return Math.round(svg.getBoundingClientRect().width - (figure?.clientWidth ?? 0));
          }),
        )
        .toBe(0);
    }
  }
  const calendar = page.getByTestId("heatmap");
  for (const text of ["Mon", "Wed", "Fri", "Less", "More"]) {
    await expect(calendar.locator("text", { hasText: new RegExp(`^${text}$`) })).toHaveCount(1);
  }
  const labels = await calendar.evaluate((svg) => {
    const cells = [...svg.querySelectorAll("rect")].map((r) => r.getBBox());
    return [...svg.querySelectorAll("text")].map((t) => {
      const box = t.getBBox();
      const onCell = cells.some(
        (c) => box.x < c.x + c.width && c.x < box.x + box.width && box.y < c.y + c.height && c.y < box.y + box.height,
      );
      return { text: t.textContent ?? "", onCell };
    });
  });
  const months = labels.filter((l) => /^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)$/.test(l.text));
  expect(months.length).toBeGreaterThanOrEqual(5);
  expect(labels.filter((l) => l.onCell)).toEqual([]);
});

test("a dns-queries scenario card: the front describes CoreDNS's autopath, the back counts the queries both ways", async ({
  page,
  browser,
}) => {
  test.setTimeout(60_000);
  const slug = `autopath-${Date.now()}`;
  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, E2E_ADMIN.email, E2E_ADMIN.password);
  await expect(admin.getByTestId("signed-in-as")).toBeVisible();
  await importAndPublish(admin, slug, {
    format: "markdown",
    text:
      `---\ntitle: "Autopath ${slug}"\nslug: ${slug}\n---\n\n` +
      `## With autopath, how many DNS queries does the resolver send? {#${slug}-count}\n\n` +
      "```item\nkind: scenario\ntemplate: dns-queries\ngenerator:\n  difficulty: medium\n  autopath: true\n```\n",
  });

  await signUp(page, uniqueEmail("autopath"), "correct-horse-battery");
  await page.goto(`/study/${slug}`);
  await expect(page.getByTestId("scenario-description")).toContainText(
    "CoreDNS: runs autopath @kubernetes (with pods verified)",
  );
  await page.keyboard.press("Space");
  const answer = page.getByTestId("scenario-answer");
  await expect(answer).toContainText(/\d+ quer(y|ies) \(\d+ packets?\) to .*, CoreDNS autopath on:/);
  await expect(answer).toContainText("Without autopath");
  expect(await seriousViolations(page)).toEqual([]);
});
