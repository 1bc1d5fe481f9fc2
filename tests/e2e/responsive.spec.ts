import { expect, test, type Browser, type Page } from "@playwright/test";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { E2E_ADMIN } from "../../playwright.config";
import { SEED_SET } from "../../lib/content/seed-set";
import { seriousViolations } from "./axe";
import { openAccountMenu, signIn, signUp, uniqueEmail } from "./pages";

/**
 * Every page at a phone's size (390×844) and a laptop's (1280×800): the document is never wider than the
 * viewport (wide content scrolls inside its own region), and axe finds no serious or critical violation.
 * Pages with states (a card's answer shown, a scenario card, the cram card) are checked in each state.
 */
const PHONE = { width: 390, height: 844 };
const LAPTOP = { width: 1280, height: 800 };
const GOOD_ANSWER = SEED_SET.items.find((i) => i.kind === "freeform")?.back ?? "";

/** Elements that stick out of the viewport on the right, outside any scroll container: the culprits. */
async function widthReport(page: Page): Promise<{ scrollWidth: number; innerWidth: number; culprits: string[] }> {
  return page.evaluate(() => {
    const width = window.innerWidth;
    const culprits: string[] = [];
    for (const el of document.querySelectorAll("body *")) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.right <= width + 0.5) continue;
      let parent = el.parentElement;
      let contained = false;
      while (parent && !contained) {
        contained = getComputedStyle(parent).overflowX !== "visible" && parent.getBoundingClientRect().right <= width;
        parent = parent.parentElement;
      }
      if (!contained && culprits.length < 5) {
        const name = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}`;
        culprits.push(`${name} "${(el.textContent ?? "").trim().slice(0, 40)}" ends at ${Math.round(box.right)} px`);
      }
    }
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth: width, culprits };
  });
}

/** Checks the page as it is now at both sizes, ending at the phone size. */
async function checkPage(page: Page, name: string): Promise<void> {
  // After a server action re-renders the page, React puts the streamed <title> back a moment after the body:
  // wait for it, so axe sees the settled document (a page without a title still fails here).
  await expect(page, `${name} has a title`).toHaveTitle(/\S/);
  await page.setViewportSize(PHONE);
  const report = await widthReport(page);
  expect(report.scrollWidth, `${name} at 390×844 is wider than the viewport: ${report.culprits.join("; ")}`).toBe(
    report.innerWidth,
  );
  expect(await seriousViolations(page), `${name} at 390×844`).toEqual([]);
  await page.setViewportSize(LAPTOP);
  const wide = await widthReport(page);
  expect(wide.scrollWidth, `${name} at 1280×800: ${wide.culprits.join("; ")}`).toBe(wide.innerWidth);
  expect(await seriousViolations(page), `${name} at 1280×800`).toEqual([]);
  await page.setViewportSize(PHONE);
  visited.push(name);
}

/** The path diagrams' texts as the browser draws them: pairs that overlap, and texts outside the drawing. */
async function diagramTextProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    for (const svg of document.querySelectorAll<SVGSVGElement>("figure.path-diagram svg")) {
      const view = svg.viewBox.baseVal;
      const boxes = [...svg.querySelectorAll<SVGTextElement>("[data-diagram-text]")].map((el) => ({
        text: el.textContent ?? "",
        box: el.getBBox(),
      }));
      if (boxes.length === 0) problems.push("a diagram has no texts");
      boxes.forEach(({ text, box }, i) => {
        if (box.x < 0 || box.y < 0 || box.x + box.width > view.width || box.y + box.height > view.height) {
          problems.push(`"${text}" leaves the drawing`);
        }
        for (const other of boxes.slice(i + 1)) {
          const b = other.box;
          if (box.x < b.x + b.width && b.x < box.x + box.width && box.y < b.y + b.height && b.y < box.y + box.height) {
            problems.push(`"${text}" overlaps "${other.text}"`);
          }
        }
      });
    }
    return problems;
  });
}

async function visit(page: Page, url: string, name = url): Promise<void> {
  await page.goto(url);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await checkPage(page, name);
}

const visited: string[] = [];

async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: PHONE });
  return context.newPage();
}

test.afterAll(() => {
  console.log(`responsive check visited ${visited.length} page states: ${visited.join(", ")}`);
});

test("path diagrams of generated scenarios with cloud-length names: in Chromium no two texts overlap or leave the drawing", async ({
  browser,
}) => {
  // The layout estimates text widths without a browser (tests/unit/app/path-diagram-layout.test.ts checks
  // its boxes); here Chromium measures the drawn texts of the longest names: EC2 nodes, Deployment pods.
  const html = execFileSync(
    path.resolve("node_modules/.bin/tsx"),
    [path.resolve(import.meta.dirname, "setup/long-named-diagrams.ts"), "12"],
    { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
  );
  const page = await newPage(browser);
  await page.goto("/sets");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await page.evaluate((markup) => {
    const main = document.querySelector("main");
    if (main) main.innerHTML = markup;
  }, html);
  await expect(page.locator("figure.path-diagram svg")).toHaveCount(12);
  await expect(page.locator("figure.path-diagram svg").first()).toContainText("us-east-2");
  expect(await diagramTextProblems(page)).toEqual([]);
  // a wrapped or shortened name keeps its whole self as a tooltip
  expect(await page.locator("figure.path-diagram text title", { hasText: "compute.internal" }).count()).toBeGreaterThan(
    0,
  );
  const report = await widthReport(page);
  expect(report.scrollWidth, report.culprits.join("; ")).toBe(report.innerWidth);
});

test("signed-out pages fit a phone and pass axe at both sizes", async ({ browser }) => {
  test.setTimeout(90_000);
  const page = await newPage(browser);
  for (const url of ["/", "/sign-in", "/sign-up", "/sets", "/sets/kubernetes-dns"]) await visit(page, url);
  const missing = await page.goto("/sets/no-such-set");
  expect(missing?.status()).toBe(404);
  await checkPage(page, "404 page");
});

test("a learner's study pages fit a phone and pass axe at both sizes, in every card state", async ({ browser }) => {
  test.setTimeout(180_000);
  const page = await newPage(browser);
  await signUp(page, uniqueEmail("phone"), "correct-horse-battery");
  await visit(page, "/sets", "/sets (signed in)");
  await visit(page, "/study/kubernetes-dns", "study: question");
  const front = page.getByTestId("card-front");
  await page.getByRole("button", { name: "Show answer" }).click();
  await expect(page.getByTestId("card-back")).toBeVisible();
  await checkPage(page, "study: answer and rating buttons");

  // The rating buttons sit inside the card on a phone, all four visible without scrolling sideways.
  const card = await page.getByRole("region", { name: "Flashcard" }).boundingBox();
  for (const rating of [1, 2, 3, 4]) {
    const button = await page.getByTestId(`rate-${rating}`).boundingBox();
    expect(button && card && button.x >= card.x && button.x + button.width <= card.x + card.width).toBe(true);
  }

  // Easy on every plain card until a scenario card comes up: its prose, its answer and its path diagram.
  let scenario = false;
  for (let i = 0; i < SEED_SET.items.length && !scenario; i += 1) {
    const before = await front.textContent();
    await page.getByTestId("rate-4").click();
    await expect(front).not.toHaveText(before ?? "");
    scenario = await page.getByTestId("scenario-description").isVisible();
    if (!scenario) await page.getByRole("button", { name: "Show answer" }).click();
  }
  expect(scenario).toBe(true);
  await checkPage(page, "study: scenario question");
  await page.getByRole("button", { name: "Show answer" }).click();
  const diagram = page.getByRole("region", { name: /The correct path/ });
  await expect(diagram).toBeVisible();
  expect(await diagramTextProblems(page)).toEqual([]);
  await checkPage(page, "study: scenario answer with the path diagram");
  // On a phone the diagram scrolls inside its own region, which the keyboard can reach and scroll.
  await diagram.focus();
  await expect(diagram).toBeFocused();
  expect(await diagram.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
  await page.keyboard.press("ArrowRight");
  await expect.poll(() => diagram.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);

  await page.getByTestId("rate-3").click();
  await visit(page, "/stats", "/stats (with reviews)");
  await visit(page, "/settings");
  await visit(page, "/account/password");
  await visit(page, "/cram", "/cram (form)");
  const forbidden = await page.goto("/admin");
  expect(forbidden?.status()).toBe(403);
  await checkPage(page, "403 page");
  await page.goto("/no-such-page");
  await checkPage(page, "404 page (signed in)");
});

test("every card of the seed set, question and answer, fits a phone and passes axe (cramming a new learner)", async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const page = await newPage(browser);
  await signUp(page, uniqueEmail("phone-cram"), "correct-horse-battery");
  const inAWeek = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
  // a new learner's cram holds every card: code blocks, scenario prose and diagrams, long answers
  await visit(page, `/cram?sets=kubernetes-dns&date=${inAWeek}`, "cram: question");
  await expect(page.getByTestId("cram-remaining")).toHaveText(String(SEED_SET.items.length));
  for (let i = 0; i < SEED_SET.items.length; i += 1) {
    if (i > 0) await checkPage(page, `cram card ${i + 1}: question`);
    await page.getByRole("button", { name: "Show answer" }).click();
    await checkPage(page, `cram card ${i + 1}: answer`);
    const remaining = await page.getByTestId("cram-remaining").textContent();
    await page.getByTestId("rate-4").click();
    await expect(page.getByTestId("cram-remaining")).not.toHaveText(remaining ?? "");
  }
  await checkPage(page, "cram: nothing weak left");
});

test("a learner with no new cards left today sees the done screen, fitting a phone", async ({ browser }) => {
  const page = await newPage(browser);
  await signUp(page, uniqueEmail("done"), "correct-horse-battery");
  await page.goto("/settings");
  await page.getByLabel(/New cards per day/).fill("0");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Settings saved." })).toBeVisible();
  await page.goto("/study/kubernetes-dns");
  await expect(page.getByTestId("done")).toBeVisible();
  await checkPage(page, "study: done for today");
});

test("mock interview pages fit a phone and pass axe at both sizes", async ({ browser }) => {
  test.setTimeout(120_000);
  const page = await newPage(browser);
  await signUp(page, uniqueEmail("phone-interview"), "correct-horse-battery");
  await visit(page, "/interviews", "/interviews (empty)");
  await visit(page, "/interviews/new");
  const started = await page.request.post("/api/interviews", {
    data: { set: "kubernetes-dns", questions: 3, minutes: 20 },
  });
  expect(started.status()).toBe(201);
  const { id } = (await started.json()) as { id: string };
  // a second one keeps running, so the start page lists it
  const running = await page.request.post("/api/interviews", {
    data: { set: "kubernetes-dns", questions: 1, minutes: 5 },
  });
  expect(running.status()).toBe(201);
  await visit(page, `/interviews/${id}`, "interview: running");
  await visit(page, "/interviews/new", "/interviews/new (one running)");
  for (const [position, answer] of [
    [1, GOOD_ANSWER],
    [2, "kube-proxy answers the DNS query with the pod IP ip-10-0-12-34.us-east-2.compute.internal."],
  ] as const) {
    const saved = await page.request.patch(`/api/interviews/${id}/questions/${position}`, {
      data: { answer, revision: 1 },
    });
    expect(saved.status()).toBe(200);
  }
  expect((await page.request.post(`/api/interviews/${id}/submit`)).status()).toBe(200);
  await visit(page, `/interviews/${id}/results`, "interview: results");
  // the diagram sits in a section the learner opens
  await page.getByText("The path, with your answer overlaid").first().click();
  await expect(page.locator("figure.path-diagram svg").first()).toBeVisible();
  await checkPage(page, "interview: results, path open");
  expect(await diagramTextProblems(page)).toEqual([]);
  await visit(page, "/interviews", "/interviews (history)");
});

test("admin pages fit a phone and pass axe at both sizes", async ({ browser }) => {
  test.setTimeout(120_000);
  const page = await newPage(browser);
  await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await expect(page.getByTestId("signed-in-as")).toBeVisible();
  for (const url of [
    "/admin",
    "/admin/import",
    "/admin/claims",
    "/admin/sets/new",
    "/admin/sets/kubernetes-dns",
    "/admin/sets/kubernetes-dns/items/new?kind=flashcard",
    "/admin/sets/kubernetes-dns/items/new?kind=freeform",
    "/admin/sets/kubernetes-dns/items/new?kind=scenario",
    "/admin/sets/kubernetes-dns/items/dns-name-format",
    "/admin/sets/kubernetes-dns/items/capstone-walkthrough",
    "/admin/sets/kubernetes-dns/items/scenario-full-path",
    "/admin/sets/kubernetes-dns/delete",
  ]) {
    await visit(page, url);
  }
  const missing = await page.goto("/admin/sets/no-such-set");
  expect(missing?.status()).toBe(404);
  await expect(page).toHaveTitle("404 · No such set or item · Hopdrill");
  await checkPage(page, "admin 404 page");
});

// hostile input, item 13: a 3,000-character token or a wide table made the set page 47,714 px wide, and
// `# H1` in items gave it 7 h1 elements
test("an item with a 3,000-character token, a wide table and '# H1' headings keeps every page to a phone's width and one h1", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const page = await newPage(browser);
  await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await expect(page.getByTestId("signed-in-as")).toBeVisible();
  const slug = `wide-content-${Date.now()}`;
  const token = "x".repeat(3_000);
  const columns = Array.from({ length: 12 }, (_, i) => `kube-proxy mode ${i + 1}`);
  const table = [
    `| ${columns.join(" | ")} |`,
    `|${columns.map(() => "---").join("|")}|`,
    `| ${columns.map((_, i) => `iptables-${i}-KUBE-SVC-ABCDEFGHIJKLMNOP`).join(" | ")} |`,
  ].join("\n");
  const set = {
    slug,
    title: "Wide content",
    items: [
      {
        id: `${slug}-card`,
        kind: "flashcard",
        front: `# A heading in a question\n\n${token}`,
        back: `# A heading in an answer\n\n## And a second one\n\n${table}\n\n\`\`\`text\n${token}\n\`\`\`\n\nA link: https://example.test/${token}`,
      },
    ],
  };
  const imported = await page.request.post("/api/admin/import", {
    data: { format: "json", text: JSON.stringify(set) },
  });
  expect(imported.status(), await imported.text()).toBe(201);
  await page.goto(`/admin/sets/${slug}`);
  await page.getByRole("button", { name: "Publish", exact: true }).click();
  await expect(page.getByTestId("set-status")).toHaveText("published");

  const oneH1 = async (name: string) => {
    await expect(page.locator("h1"), `${name} has one h1`).toHaveCount(1);
    // the item's `# H1` sits below the page's sections
    await expect(page.getByRole("heading", { name: "A heading in a question" })).toHaveJSProperty("tagName", "H3");
  };
  await visit(page, `/sets/${slug}`, "set page with wide content");
  await oneH1("the set page");
  await page.getByText("Answer", { exact: true }).click();
  await expect(page.getByRole("heading", { name: "A heading in an answer" })).toHaveJSProperty("tagName", "H3");
  await expect(page.getByRole("heading", { name: "And a second one" })).toHaveJSProperty("tagName", "H4");
  await checkPage(page, "set page with wide content, answer open");
  // the table scrolls inside its own named region, which the keyboard can reach
  const region = page.getByRole("region", { name: "Table" });
  await expect(region).toHaveAttribute("tabindex", "0");
  expect(await region.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);

  await visit(page, `/study/${slug}`, "study with wide content: question");
  await oneH1("the study page");
  await page.getByRole("button", { name: "Show answer" }).click();
  await expect(page.getByRole("heading", { name: "A heading in an answer" })).toBeVisible();
  await checkPage(page, "study with wide content: answer");
  await expect(page.locator("h1")).toHaveCount(1);

  await visit(page, `/admin/sets/${slug}`, "admin set with wide content");
  await oneH1("the admin set page");
});

test("forms after a refused submit, previews and the open account menu fit a phone and pass axe at both sizes", async ({
  browser,
}) => {
  test.setTimeout(150_000);
  const page = await newPage(browser);
  // sign-up refused: errors next to the fields
  await page.goto("/sign-up?next=%2Fstats");
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByLabel(/^Password/).fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.locator("[aria-invalid=true]").first()).toBeVisible();
  await checkPage(page, "sign-up: refused");

  await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await expect(page.getByTestId("signed-in-as")).toBeVisible();
  await openAccountMenu(page);
  await checkPage(page, "account menu open");

  // a long name typed into the editor and refused: every field kept, each error beside it
  await page.goto("/admin/sets/kubernetes-dns/items/new?kind=flashcard");
  await page.getByLabel("Id", { exact: true }).fill("ip-10-0-12-34.us-east-2.compute.internal-".repeat(3));
  await page.getByLabel("Tags (comma-separated)").fill("dns, a-tag-written-without-a-single-space-".repeat(3));
  await page.getByRole("button", { name: "Add item" }).click();
  await expect(page.getByTestId("item-message")).toHaveText("Check the highlighted fields.");
  await checkPage(page, "item editor: refused save");

  await page.goto("/admin/sets/kubernetes-dns/items/new?kind=scenario");
  await page.getByLabel("Question (Markdown)", { exact: true }).fill("Explain each name.");
  await page.getByRole("button", { name: "Generate a sample" }).click();
  await expect(page.getByTestId("scenario-sample")).toBeVisible();
  await checkPage(page, "scenario editor: generated sample");

  // the import preview with a failing rubric test, and one with an error
  const slug = `phone-preview-${Date.now()}`;
  await page.goto("/admin/import");
  await page
    .getByLabel("…or paste the text")
    .fill(
      `---\ntitle: Phone preview\n---\n\n## Walk through the request {#${slug}-walk}\n\n` +
        "The resolver, CoreDNS, kube-proxy and conntrack each play a part.\n\n" +
        "```rubric\nsamples:\n  - answer: It uses ip-10-0-12-34.us-east-2.compute.internal.\n    verdict: strong\n```\n",
    );
  await page.getByLabel("Import under this slug instead (optional)").fill(slug);
  await page.getByRole("button", { name: "Preview import" }).click();
  await expect(page.getByTestId("import-rubric-failures")).toBeVisible();
  await checkPage(page, "import: preview with a failing rubric test");
  await page.getByLabel("…or paste the text").fill("---\ntitle: Kubernetes DNS: the path\n---\n\n## Q\n\nA.\n");
  await page.getByRole("button", { name: "Preview import" }).click();
  await expect(page.getByTestId("import-errors")).toBeVisible();
  await checkPage(page, "import: preview with an error");

  // the interview start form refused
  await page.goto("/interviews/new");
  await page.getByLabel(/^Total time in minutes/).fill("0");
  await page.getByRole("button", { name: /^Start/ }).click();
  await expect(page.locator("[aria-invalid=true]").first()).toBeVisible();
  await checkPage(page, "interview start: refused");
});
