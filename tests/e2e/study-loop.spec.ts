import path from "node:path";
import Database from "better-sqlite3";
import { expect, test, type Page } from "@playwright/test";
import { signUp, uniqueEmail } from "./pages";
import { SEED_SET } from "../../lib/content/seed-set";
import {
  createScheduler,
  describeInterval,
  formatInterval,
  newCard,
  RATINGS,
  schedulerSettingsFrom,
  toCardState,
  type SrsCard,
} from "../../lib/srs/index";

/**
 * The study loop without a page render: the next card comes from the queue the page holds, and ratings
 * reach the server through an outbox that survives a dropped network and a reload. The database is the e2e
 * server's (playwright.config.ts), read here only.
 */
const DB_FILE = path.resolve(import.meta.dirname, "../.tmp/e2e/hopdrill.db");
const ITEMS = SEED_SET.items.length;

function database<T>(read: (db: Database.Database) => T): T {
  const db = new Database(DB_FILE, { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

function reviewLogs(email: string): { review: string; idempotencyKey: string }[] {
  return database(
    (db) =>
      db
        .prepare(
          'SELECT l."review", l."idempotencyKey" FROM "ReviewLog" l JOIN "User" u ON u."id" = l."userId" WHERE u."email" = ?',
        )
        .all(email) as { review: string; idempotencyKey: string }[],
  );
}

const sync = (page: Page) => page.getByTestId("sync-status");

async function showAndRate(page: Page, key: string): Promise<void> {
  const before = await page.locator("[data-showing]").getAttribute("data-showing");
  await page.keyboard.press("Space");
  await expect(page.getByTestId("card-back")).toBeVisible();
  await page.keyboard.press(key);
  await expect(page.locator("[data-showing]")).not.toHaveAttribute("data-showing", before ?? "");
}

test("offline: five ratings wait in the outbox, survive a reload, and are recorded exactly once", async ({
  page,
  context,
}) => {
  test.setTimeout(90_000);
  const email = uniqueEmail("offline");
  await signUp(page, email, "correct-horse-battery");
  await page.goto("/study/kubernetes-dns");
  await expect(page.getByRole("button", { name: "Show answer" })).toBeFocused();

  await context.setOffline(true);
  for (const key of ["3", "1", "2", "4", "3"]) await showAndRate(page, key);
  await expect(sync(page)).toHaveAttribute("data-pending", "5");
  await expect(sync(page)).toContainText("5 ratings waiting to sync");
  await expect(page.getByRole("main").getByTestId("count-new")).toHaveText(String(ITEMS - 5));
  expect(reviewLogs(email)).toHaveLength(0);

  // A reload while offline cannot load the page; the ratings stay in the browser.
  await page.reload().catch(() => undefined);
  const onlineAt = Date.now();
  await context.setOffline(false);
  await page.goto("/study/kubernetes-dns");
  // The server's HTML says 0 before the page has read its outbox: wait for the reviews themselves.
  await expect.poll(() => reviewLogs(email).length, { timeout: 20_000 }).toBe(5);
  await expect(sync(page)).toHaveAttribute("data-pending", "0", { timeout: 20_000 });
  const logs = reviewLogs(email);
  expect(logs).toHaveLength(5);
  expect(new Set(logs.map((l) => l.idempotencyKey)).size).toBe(5);
  // each is scheduled from when it was made, offline, not from when it arrived
  for (const log of logs) expect(new Date(log.review).getTime()).toBeLessThan(onlineAt);
  await expect(page.getByRole("main").getByTestId("count-new")).toHaveText(String(ITEMS - 5));
  // and nothing is sent twice later on
  await page.reload();
  await expect(sync(page)).toHaveAttribute("data-pending", "0");
  await page.waitForTimeout(1_000);
  expect(reviewLogs(email)).toHaveLength(5);
});

interface FrameProbe {
  /** the next card was in the page in the first animation frame after the key press */
  readonly inFirstFrame: boolean;
  /** the page's own work: from the key's first listener to the next card in the page */
  readonly workMs: number;
  /** the key event's timestamp to the next card in the page (the browser's input delay included) */
  readonly toDomMs: number;
  /** the key event's timestamp to the start of that frame */
  readonly toFrameMs: number;
}

test("the next card is on screen in the first frame after the key, with 300 ms of network latency, labelled right", async ({
  page,
  context,
}) => {
  test.setTimeout(120_000);
  const email = uniqueEmail("frame");
  await signUp(page, email, "correct-horse-battery");
  await page.goto("/study/kubernetes-dns");
  await expect(page.getByRole("button", { name: "Show answer" })).toBeFocused();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: 300,
    downloadThroughput: -1,
    uploadThroughput: -1,
  });
  // Watches each rating key: when the card on screen changes, and whether it has by the next frame.
  await page.evaluate(() => {
    const probes: FrameProbe[] = [];
    (window as unknown as { __probes: FrameProbe[] }).__probes = probes;
    const showing = () => document.querySelector("[data-showing]")?.getAttribute("data-showing") ?? null;
    window.addEventListener(
      "keydown",
      (event) => {
        if (!/^[1-4]$/.test(event.key)) return;
        const before = showing();
        const t0 = event.timeStamp;
        const started = performance.now();
        let toDomMs = NaN;
        let workMs = NaN;
        const observer = new MutationObserver(() => {
          if (!Number.isNaN(toDomMs) || showing() === before) return;
          toDomMs = performance.now() - t0;
          workMs = performance.now() - started;
        });
        observer.observe(document.querySelector("main") ?? document.body, {
          subtree: true,
          childList: true,
          attributes: true,
        });
        requestAnimationFrame((frameTime) => {
          observer.disconnect();
          probes.push({ inFirstFrame: showing() !== before, workMs, toDomMs, toFrameMs: frameTime - t0 });
        });
      },
      { capture: true },
    );
  });

  const settings = schedulerSettingsFrom({
    desiredRetention: 0.9,
    learningSteps: "1m 10m",
    relearningSteps: "10m",
    enableFuzz: true,
    maximumInterval: 36500,
  });
  const scheduler = createScheduler(settings);
  for (let i = 0; i < ITEMS; i += 1) {
    await page.keyboard.press("Space");
    const group = page.getByRole("group", { name: "Rate your answer" });
    await expect(group).toBeVisible();
    // The labels are lib/srs's preview of this card at the moment its answer was shown.
    const itemId = await page.locator("[data-showing]").getAttribute("data-item");
    const previewedAt = new Date((await group.getAttribute("data-previewed-at")) ?? NaN);
    await expect(sync(page)).toHaveAttribute("data-pending", "0", { timeout: 20_000 });
    const row = database(
      (db) =>
        db
          .prepare(
            'SELECT c.* FROM "Card" c JOIN "User" u ON u."id" = c."userId" WHERE u."email" = ? AND c."itemId" = ?',
          )
          .get(email, itemId) as Record<string, number | string | null> | undefined,
    );
    const card: SrsCard =
      row === undefined
        ? newCard(previewedAt)
        : {
            due: new Date(String(row.due)),
            stability: Number(row.stability),
            difficulty: Number(row.difficulty),
            elapsedDays: Number(row.elapsedDays),
            scheduledDays: Number(row.scheduledDays),
            learningSteps: Number(row.learningSteps),
            reps: Number(row.reps),
            lapses: Number(row.lapses),
            state: toCardState(Number(row.state)),
            lastReview: row.lastReview === null ? null : new Date(String(row.lastReview)),
          };
    const preview = scheduler.preview(card, previewedAt);
    for (const rating of RATINGS) {
      const button = page.getByTestId(`rate-${rating}`);
      await expect(button, `${itemId} rating ${rating}`).toContainText(formatInterval(preview[rating].intervalMs));
      expect(await button.getAttribute("title")).toContain(describeInterval(preview[rating].intervalMs));
    }
    await page.keyboard.press("3");
    await expect(page.locator("[data-showing]")).toBeVisible();
  }
  const probes = await page.evaluate(() => (window as unknown as { __probes: FrameProbe[] }).__probes);
  expect(probes).toHaveLength(ITEMS);
  const worst = (key: keyof FrameProbe) => Math.max(...probes.map((p) => Number(p[key])));
  const summary =
    `the page's work max ${worst("workMs").toFixed(1)} ms; from the key event to the DOM max ` +
    `${worst("toDomMs").toFixed(1)} ms, to its frame max ${worst("toFrameMs").toFixed(1)} ms ` +
    `(${probes.length} ratings, 300 ms latency); the page's work per key: ` +
    probes.map((p) => p.workMs.toFixed(1)).join(" ");
  test.info().annotations.push({ type: "key-to-next-card-ms", description: summary });
  console.log(`key to next card: ${summary}`);
  // One frame: every next card is in the first frame painted after its key, and the work a key causes fits
  // in a frame (16 ms). The browser's input delay before the first listener is not the page's, so it is
  // reported above, not asserted. Wall-clock work includes the time the operating system gave other
  // processes, so one key in ten may exceed a frame on a shared machine, never two frames.
  for (const probe of probes) {
    expect(probe.inFirstFrame, JSON.stringify(probe)).toBe(true);
    expect(probe.workMs, JSON.stringify(probe)).toBeLessThanOrEqual(33);
  }
  const overAFrame = probes.filter((probe) => probe.workMs > 16);
  expect(overAFrame.length, JSON.stringify(overAFrame)).toBeLessThanOrEqual(Math.floor(probes.length / 10));
  // and every rating did reach the server, through the latency
  await expect(sync(page)).toHaveAttribute("data-pending", "0", { timeout: 20_000 });
  expect(reviewLogs(email)).toHaveLength(ITEMS);
});

test("undo takes back a rating still waiting in the outbox and one the server already has", async ({
  page,
  context,
}) => {
  test.setTimeout(90_000);
  const email = uniqueEmail("undo");
  await signUp(page, email, "correct-horse-battery");
  await page.goto("/study/kubernetes-dns");
  await expect(page.getByRole("button", { name: "Show answer" })).toBeFocused();
  const first = await page.locator("[data-showing]").getAttribute("data-item");

  // sent: the server has the rating, so u undoes it there
  await showAndRate(page, "4");
  await expect(sync(page)).toHaveAttribute("data-pending", "0", { timeout: 20_000 });
  await expect.poll(() => reviewLogs(email).length).toBe(1);
  await page.keyboard.press("u");
  await expect(page.locator("[data-showing]")).toHaveAttribute("data-item", first ?? "");
  await expect.poll(() => reviewLogs(email).length, { timeout: 20_000 }).toBe(0);

  // waiting: offline, the rating never leaves the browser
  await context.setOffline(true);
  await showAndRate(page, "3");
  await expect(sync(page)).toHaveAttribute("data-pending", "1");
  await page.keyboard.press("u");
  await expect(page.locator("[data-showing]")).toHaveAttribute("data-item", first ?? "");
  await expect(sync(page)).toHaveAttribute("data-pending", "0");
  await context.setOffline(false);
  await showAndRate(page, "2");
  await expect.poll(() => reviewLogs(email).length, { timeout: 20_000 }).toBe(1);
  await page.waitForTimeout(1_000);
  expect(reviewLogs(email)).toHaveLength(1);
  await expect(page.getByRole("main").getByTestId("count-new")).toHaveText(String(ITEMS - 1));
});
