import fs from "node:fs";
import path from "node:path";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { E2E_ADMIN } from "../../playwright.config";
import { seriousViolations } from "./axe";
import { signIn, signUp, uniqueEmail } from "./pages";
import { SEED_SET } from "../../lib/content/seed-set";

const SEED_POST = path.resolve(import.meta.dirname, "../fixtures/seed-post/000_abd2bde263f7ba78.txt");
const POST_TITLE = "Interview Series: Explain How Kubernetes DNS works";
const POST_SLUG = "interview-series-explain-how-kubernetes-dns-works";

async function signInAdmin(page: Page): Promise<void> {
  await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await expect(page.getByTestId("signed-in-as")).toBeVisible();
}

async function learnerPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signUp(page, uniqueEmail("learner"), "correct-horse-battery");
  return page;
}

test("admin imports the seed post, edits a card, is blocked by a failing rubric test, fixes it, publishes; learners see the set", async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  const sections = fs
    .readFileSync(SEED_POST, "utf8")
    .split("\n")
    .filter((line) => line.startsWith("## ")).length;

  await signInAdmin(page);
  await page.goto("/admin");
  await page.getByRole("link", { name: "Import a set" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Import a question set");
  await page.getByLabel(/^File/).setInputFiles(SEED_POST);
  await expect(page.getByTestId("import-file-name")).toContainText("000_abd2bde263f7ba78.txt");
  await page.getByRole("button", { name: "Preview import" }).click();
  await expect(page.getByTestId("import-target")).toContainText(`A new draft set ${POST_SLUG}`);
  await expect(page.getByTestId("import-counts")).toHaveText(
    `${sections} to create, 0 to update, 0 unchanged, 0 to retire.`,
  );
  await expect(page.getByTestId("import-created").getByRole("listitem")).toHaveCount(sections);
  // nothing written before confirming
  expect(
    ((await (await page.request.get("/api/admin/sets")).json()) as { sets: { slug: string }[] }).sets.map(
      (s) => s.slug,
    ),
  ).not.toContain(POST_SLUG);
  await page.getByRole("button", { name: "Confirm import" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Imported" })).toContainText(`${sections} created`);

  await page.goto("/admin");
  const row = page.getByTestId(`set-row-${POST_SLUG}`);
  await expect(row).toContainText("draft");
  await expect(row.getByRole("cell").nth(3)).toHaveText(String(sections));
  await row.getByRole("link", { name: "Edit", exact: true }).click();
  await expect(page.getByTestId("set-status")).toHaveText("draft");
  await expect(page.getByTestId("admin-item")).toHaveCount(sections);

  // edit a card: the preview is rendered by the server and stays inert
  await page.getByTestId("admin-item").first().getByRole("link", { name: /^Edit/ }).click();
  const back = page.getByLabel("Back (Markdown)", { exact: true });
  await back.fill("**Edited** answer <script>window.__pwned = true</script>");
  await expect(page.getByTestId("preview-back").locator("strong")).toHaveText("Edited");
  expect(await page.getByTestId("preview-back").innerHTML()).not.toContain("<script");
  expect(await page.evaluate(() => (window as unknown as { __pwned?: boolean }).__pwned)).toBeUndefined();
  await page.getByRole("button", { name: "Save item" }).click();
  await expect(page.getByTestId("item-message")).toHaveText("Saved.");

  // a free-form question whose rubric test fails blocks publishing
  await page.goto(`/admin/sets/${POST_SLUG}`);
  await page.getByRole("link", { name: "Add a free-form question" }).click();
  await page.getByLabel("Id", { exact: true }).fill("walk-through");
  await page.getByLabel("Question (Markdown)", { exact: true }).fill("Walk through the request from `foo` to `bar`.");
  await page.getByLabel(/^Model answer shown after grading/).fill("See the hop list.");
  await page.getByLabel("Sample answer 1", { exact: true }).fill("It uses DNS.");
  await page.getByLabel("Expected verdict", { exact: true }).selectOption("strong");
  await page.getByRole("button", { name: "Add item" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("walk-through");
  await expect(page.getByTestId("rubric-test-results")).toContainText("1 of 1 rubric tests failing");

  await page.goto(`/admin/sets/${POST_SLUG}`);
  await expect(page.getByTestId("failing-tests")).toBeVisible();
  await page.getByRole("button", { name: "Publish", exact: true }).click();
  await expect(page.getByTestId("status-message")).toContainText("Publishing is blocked");
  await expect(page.getByTestId("publish-failures")).toContainText("expected strong");
  await expect(page.getByTestId("set-status")).toHaveText("draft");

  // fix the expectation, publish
  await page.getByTestId("publish-failures").getByRole("link", { name: "walk-through" }).click();
  await page.getByLabel("Expected verdict", { exact: true }).selectOption("weak");
  await page.getByRole("button", { name: "Save item" }).click();
  await expect(page.getByTestId("rubric-test-results")).toContainText("All 1 rubric tests pass");
  await page.goto(`/admin/sets/${POST_SLUG}`);
  await page.getByRole("button", { name: "Publish", exact: true }).click();
  await expect(page.getByTestId("status-message")).toContainText("Published (version 1)");
  await expect(page.getByTestId("set-status")).toHaveText("published");

  // reorder from the keyboard
  const firstId = await page.getByTestId("admin-item").first().locator("code").first().textContent();
  await page
    .getByTestId("admin-item")
    .first()
    .getByRole("button", { name: /^Move down/ })
    .focus();
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("admin-item").nth(1).locator("code").first()).toHaveText(firstId ?? "");
  // focus stays with the moved item: Enter again moves it further down
  await expect(
    page
      .getByTestId("admin-item")
      .nth(1)
      .getByRole("button", { name: /^Move down/ }),
  ).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("admin-item").nth(2).locator("code").first()).toHaveText(firstId ?? "");

  // export downloads the set; Markdown starts with front matter
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Markdown", exact: true }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe(`${POST_SLUG}.md`);
  expect(fs.readFileSync((await file.path()) ?? "", "utf8")).toMatch(/^---\ntitle: "Interview Series/);

  // a learner sees the published set
  const learner = await learnerPage(browser);
  await learner.goto("/sets");
  await expect(learner.getByRole("link", { name: POST_TITLE, exact: true })).toBeVisible();
  await learner.context().close();
  expect(errors).toEqual([]);
});

test("a malformed import shows every error with its line and writes nothing", async ({ page }) => {
  await signInAdmin(page);
  const before = ((await (await page.request.get("/api/admin/sets")).json()) as { sets: unknown[] }).sets.length;
  await page.goto("/admin/import");
  await page
    .getByLabel("…or paste the text")
    .fill(
      "---\ntitle: Broken set\n---\n\n## Fine question\n\nFine answer.\n\n## Bad id {#Not Valid}\n\nAnswer.\n\n## Empty answer\n",
    );
  await page.getByRole("button", { name: "Preview import" }).click();
  const list = page.getByTestId("import-errors").getByRole("listitem");
  await expect(list).toHaveCount(2);
  await expect(list.nth(0)).toContainText("Line 9:");
  await expect(list.nth(1)).toContainText("Line 13:");
  await expect(page.getByRole("button", { name: "Confirm import" })).toHaveCount(0);
  const after = ((await (await page.request.get("/api/admin/sets")).json()) as { sets: unknown[] }).sets.length;
  expect(after).toBe(before);
  // the API route says the same, with 422, and writes nothing either
  const api = await page.request.post("/api/admin/import", {
    data: { format: "json", text: '{\n  "slug": "x",\n  "title": 5,\n  "items": []\n}' },
  });
  expect(api.status()).toBe(422);
  expect((await api.json()).preview.errors[0]).toMatchObject({ line: 3 });
  // files over 2 MB are refused with a clear message
  const big = await page.request.post("/api/admin/import/preview", {
    data: { format: "markdown", text: `---\ntitle: Big\n---\n## Q\n\n${"x".repeat(2_200_000)}\n` },
  });
  expect(big.status()).toBe(413);
  expect((await big.json()).error.message).toMatch(/limited to 2 MB/);
});

test("the item editor and import page have no serious or critical axe violations", async ({ page }) => {
  await signInAdmin(page);
  for (const url of [
    "/admin",
    "/admin/import",
    "/admin/sets/kubernetes-dns",
    "/admin/sets/kubernetes-dns/items/dns-name-format",
    "/admin/sets/kubernetes-dns/items/capstone-walkthrough",
    "/admin/sets/kubernetes-dns/items/new?kind=scenario",
  ]) {
    await page.goto(url);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    expect(await seriousViolations(page), url).toEqual([]);
  }
});

test("a scenario question's 'generate a sample' shows the question as interviews ask it and the computed answer", async ({
  page,
}) => {
  await signInAdmin(page);
  await page.goto("/admin/sets/kubernetes-dns/items/new?kind=scenario");
  await page.getByLabel("Question (Markdown)", { exact: true }).fill("Explain each name.");
  await page.getByLabel("Template (what the learner answers)").selectOption("dns-names");
  await page.getByLabel("ipvs").check();
  await page.getByRole("button", { name: "Generate a sample" }).click();
  const sample = page.getByTestId("scenario-sample");
  await expect(sample).toContainText("kube-proxy: ipvs");
  const question = sample.getByTestId("sample-question");
  await expect(question).toContainText("kube-proxy in ipvs mode");
  await expect(question).toContainText("Explain each name.");
  await expect(question).toContainText("starting with which DNS names the resolver queries");
  await expect(sample.getByTestId("sample-answer").getByRole("listitem").first()).toContainText(
    /\.svc\.cluster\.local\.|\.$/,
  );
});

test("a dns-queries question with CoreDNS autopath: the sample describes autopath and counts the queries both ways", async ({
  page,
}) => {
  await signInAdmin(page);
  await page.goto("/admin/sets/kubernetes-dns/items/new?kind=scenario");
  await page
    .getByLabel("Question (Markdown)", { exact: true })
    .fill("With autopath, how many DNS queries does the resolver send?");
  await page.getByLabel("Template (what the learner answers)").selectOption("dns-queries");
  await page.getByRole("radio", { name: "on", exact: true }).check();
  await page.getByRole("button", { name: "Generate a sample" }).click();
  const sample = page.getByTestId("scenario-sample");
  const question = sample.getByTestId("sample-question");
  await expect(question).toContainText("CoreDNS: runs autopath @kubernetes (with pods verified)");
  await expect(question).toContainText("Answer it as part of the whole path, hop by hop.");
  const answer = sample.getByTestId("sample-answer");
  await expect(answer).toContainText(/^\d+ quer(y|ies) \(\d+ packets?\) to .*, CoreDNS autopath on:/);
  await expect(answer).toContainText("Without autopath");
});

const ADMIN_PAGES = [
  "/admin",
  "/admin/import",
  "/admin/sets/new",
  "/admin/sets/kubernetes-dns",
  "/admin/sets/kubernetes-dns/items/new?kind=flashcard",
  "/admin/sets/kubernetes-dns/items/dns-name-format",
  "/admin/sets/kubernetes-dns/delete",
];

const ADMIN_ROUTES: { method: "GET" | "POST"; url: string }[] = [
  { method: "GET", url: "/api/admin/sets" },
  { method: "GET", url: "/api/admin/sets/kubernetes-dns/export?format=json" },
  { method: "GET", url: "/api/admin/sets/kubernetes-dns/export?format=anki" },
  { method: "GET", url: "/api/admin/schema/question-set.json" },
  { method: "POST", url: "/api/admin/import/preview" },
  { method: "POST", url: "/api/admin/import" },
];

const importBody = { format: "markdown", text: "---\ntitle: Sneaky\n---\n\n## Q\n\nA.\n" };

test("every admin page and route: anonymous → sign-in / 401, learner → 403, admin → allowed", async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  const anonymous = await (await browser.newContext()).newPage();
  const learner = await learnerPage(browser);
  await signInAdmin(page);
  const table: string[] = [];
  for (const url of ADMIN_PAGES) {
    const anon = await anonymous.goto(url);
    expect(anon?.url(), url).toContain("/sign-in?next=");
    const asLearner = await learner.goto(url);
    expect(asLearner?.status(), url).toBe(403);
    await expect(learner.getByRole("heading", { level: 1 })).toContainText("403");
    const asAdmin = await page.goto(url);
    expect(asAdmin?.status(), url).toBe(200);
    table.push(`${url}: anonymous→sign-in learner→403 admin→200`);
  }
  for (const { method, url } of ADMIN_ROUTES) {
    const call = (p: Page) => (method === "GET" ? p.request.get(url) : p.request.post(url, { data: importBody }));
    expect((await call(anonymous)).status(), url).toBe(401);
    const refused = await call(learner);
    expect(refused.status(), url).toBe(403);
    expect((await refused.json()).error.code).toBe("FORBIDDEN");
    expect([200, 201], url).toContain((await call(page)).status());
    table.push(`${method} ${url}: 401/403/2xx`);
  }
  // mutating routes refuse other origins even for admins
  const crossSite = await page.request.post("/api/admin/import/preview", {
    data: importBody,
    headers: { origin: "https://evil.example" },
  });
  expect(crossSite.status()).toBe(403);
  expect(table).toHaveLength(ADMIN_PAGES.length + ADMIN_ROUTES.length);
  await anonymous.context().close();
  await learner.context().close();
});

test("a learner cannot run admin server actions, even from a page rendered for an admin", async ({ page, browser }) => {
  test.setTimeout(60_000);
  const learner = await learnerPage(browser);
  const learnerCookie = (await learner.context().cookies()).find((c) => c.name === "hopdrill_session");
  if (!learnerCookie) throw new Error("no learner session");
  const adminPage = await (await browser.newContext()).newPage();
  await signInAdmin(adminPage);
  const adminCookie = (await adminPage.context().cookies()).find((c) => c.name === "hopdrill_session");
  if (!adminCookie) throw new Error("no admin session");

  for (const button of [/^Archive/, /^Move down/, /^Remove/]) {
    await page.context().clearCookies();
    await page.context().addCookies([adminCookie]);
    await page.goto("/admin/sets/kubernetes-dns");
    await expect(page.getByTestId("set-status")).toHaveText("published");
    // the page was rendered for the admin; now the browser holds the learner's session and submits its forms
    await page.context().clearCookies();
    await page.context().addCookies([learnerCookie]);
    if (String(button) === String(/^Remove/)) page.once("dialog", (dialog) => void dialog.accept());
    await page.getByRole("button", { name: button }).first().click();
    await expect(page.getByRole("heading", { level: 1 })).toContainText("403");
  }

  const sets = (await (await adminPage.request.get("/api/admin/sets")).json()) as {
    sets: { slug: string; status: string }[];
  };
  expect(sets.sets.find((s) => s.slug === "kubernetes-dns")?.status).toBe("published");
  await adminPage.goto("/admin/sets/kubernetes-dns");
  await expect(adminPage.getByTestId("admin-item").first().locator("code").first()).toHaveText("dns-name-format");
  await expect(adminPage.getByTestId("admin-item")).toHaveCount(SEED_SET.items.length);
  await learner.context().close();
  await adminPage.context().close();
});

/** The field shows all it holds (nothing cut off) and is a full-width, styled box like the others. */
async function expectFullWidthField(page: Page, label: string | RegExp): Promise<void> {
  const field = page.getByLabel(label, { exact: typeof label === "string" });
  const shape = await field.evaluate((el) => {
    const style = getComputedStyle(el);
    const parent = el.parentElement?.getBoundingClientRect().width ?? 0;
    return {
      fits: el.scrollWidth <= el.clientWidth,
      share: el.getBoundingClientRect().width / Math.max(1, parent),
      radius: style.borderTopLeftRadius,
    };
  });
  expect(shape, String(label)).toMatchObject({ fits: true, radius: "8px" });
  expect(shape.share, String(label)).toBeGreaterThan(0.95);
}

test("a refused save keeps every field, and line breaks typed in the editor are stored as LF (regression)", async ({
  page,
}) => {
  test.setTimeout(90_000);
  await signInAdmin(page);
  const slug = `kept-fields-${Date.now()}`;
  const title = "Kubernetes DNS: from http.get to the reply, every hop on the way";
  const tags = "dns, kubernetes, networking, interview-series";

  // the new-set form: styled full-width fields that show their content; a refused create keeps them
  await page.goto("/admin/sets/new");
  await page.getByLabel("Title", { exact: true }).fill(title);
  await page.getByLabel(/^Slug/).fill(slug);
  await page.getByLabel("Tags (comma-separated)").fill(tags);
  await page.getByLabel(/^Mock interview length/).fill("200");
  for (const label of ["Title", /^Slug/, "Tags (comma-separated)", /^Mock interview length/]) {
    await expectFullWidthField(page, label);
  }
  await page.getByRole("button", { name: "Create set" }).click();
  await expect(page.getByText("At most 60 minutes.")).toBeVisible();
  await expect(page.getByLabel("Title", { exact: true })).toHaveValue(title);
  await expect(page.getByLabel(/^Slug/)).toHaveValue(slug);
  await expect(page.getByLabel("Tags (comma-separated)")).toHaveValue(tags);
  await expect(page.getByLabel(/^Mock interview length/)).toHaveValue("200");
  await page.getByLabel(/^Mock interview length/).fill("20");
  await page.getByRole("button", { name: "Create set" }).click();
  await expect(page.getByTestId("set-status")).toHaveText("draft");
  // editing the set's details: a refused save keeps the new title too
  await page.getByLabel("Title", { exact: true }).fill(`${title} (edited)`);
  await page.getByLabel(/^Mock interview length/).fill("2");
  await page.getByRole("button", { name: "Save set details" }).click();
  await expect(page.getByText("At least 5 minutes.")).toBeVisible();
  await expect(page.getByLabel("Title", { exact: true })).toHaveValue(`${title} (edited)`);

  // a new flashcard refused for its missing answer keeps its id, tags and question
  await page.goto(`/admin/sets/${slug}/items/new?kind=flashcard`);
  await page.getByLabel("Id", { exact: true }).fill("kept-card");
  await page.getByLabel("Tags (comma-separated)").fill("dns, search-list");
  await page.getByLabel("Front (Markdown)", { exact: true }).fill("Which names does the resolver try?");
  await page.getByRole("button", { name: "Add item" }).click();
  await expect(page.getByTestId("item-message")).toHaveText("Check the highlighted fields.");
  await expect(page.getByLabel("Id", { exact: true })).toHaveValue("kept-card");
  await expect(page.getByLabel("Tags (comma-separated)")).toHaveValue("dns, search-list");
  await expect(page.getByLabel("Front (Markdown)", { exact: true })).toHaveValue("Which names does the resolver try?");
  await expectFullWidthField(page, "Tags (comma-separated)");
  // a browser posts these line breaks as CRLF; they are stored as LF
  await page.getByLabel("Back (Markdown)", { exact: true }).fill("First the search list.\n\nThen the name as given.");
  await page.getByRole("button", { name: "Add item" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("kept-card");

  // a scenario question refused for its missing question keeps its template, options and seed
  await page.goto(`/admin/sets/${slug}/items/new?kind=scenario`);
  await page.getByLabel("Id", { exact: true }).fill("kept-scenario");
  await page.getByLabel("Template (what the learner answers)").selectOption("dns-names");
  await page.getByLabel("Difficulty").selectOption("hard");
  await page.getByLabel("ipvs").check();
  await page.getByLabel("cross-node").check();
  await page.getByLabel("Sample seed").fill("123456789");
  await expectFullWidthField(page, "Sample seed");
  await page.getByRole("button", { name: "Add item" }).click();
  await expect(page.getByTestId("item-message")).toHaveText("Check the highlighted fields.");
  await expect(page.getByLabel("Id", { exact: true })).toHaveValue("kept-scenario");
  await expect(page.getByLabel("Template (what the learner answers)")).toHaveValue("dns-names");
  await expect(page.getByLabel("Difficulty")).toHaveValue("hard");
  await expect(page.getByLabel("ipvs")).toBeChecked();
  await expect(page.getByLabel("iptables")).not.toBeChecked();
  await expect(page.getByLabel("cross-node")).toBeChecked();
  await expect(page.getByLabel("Sample seed")).toHaveValue("123456789");

  // a free-form question refused for its id keeps its sample answer and expected verdict
  await page.goto(`/admin/sets/${slug}/items/new?kind=freeform`);
  await page.getByLabel("Id", { exact: true }).fill("Not Valid");
  await page.getByLabel("Question (Markdown)", { exact: true }).fill("Walk through the request.");
  await page.getByLabel(/^Model answer shown after grading/).fill("See the hops.");
  await page.getByLabel("Sample answer 1", { exact: true }).fill("It uses DNS.\nThen kube-proxy.");
  await page.getByLabel("Expected verdict", { exact: true }).selectOption("weak");
  await page.getByRole("button", { name: "Add item" }).click();
  await expect(page.getByTestId("item-message")).toHaveText("Check the highlighted fields.");
  await expect(page.getByLabel("Id", { exact: true })).toHaveValue("Not Valid");
  await expect(page.getByLabel("Sample answer 1", { exact: true })).toHaveValue("It uses DNS.\nThen kube-proxy.");
  await expect(page.getByLabel("Expected verdict", { exact: true })).toHaveValue("weak");

  // what was saved: the tags, and an answer with LF only, also in the Markdown export
  const json = (await (await page.request.get(`/api/admin/sets/${slug}/export?format=json`)).json()) as {
    items: { id: string; tags: string[]; back: string }[];
  };
  expect(json.items).toEqual([
    expect.objectContaining({
      id: "kept-card",
      tags: ["dns", "search-list"],
      back: "First the search list.\n\nThen the name as given.",
    }),
  ]);
  const markdown = await (await page.request.get(`/api/admin/sets/${slug}/export?format=markdown`)).text();
  expect(markdown).not.toContain("\r");
  expect(markdown).toContain("First the search list.\n\nThen the name as given.");
});

test("the import preview runs the rubric tests with what each failing sample misses, keeps the chosen file, and says each error once in words", async ({
  page,
}) => {
  test.setTimeout(90_000);
  await signInAdmin(page);
  const slug = `rubric-preview-${Date.now()}`;
  const file =
    `---\ntitle: Rubric preview\n---\n\n## Walk through the request {#${slug}-walk}\n\n` +
    "The resolver, CoreDNS, kube-proxy and conntrack each play a part.\n\n" +
    "```rubric\nsamples:\n  - answer: It uses DNS.\n    verdict: strong\n```\n";
  await page.goto("/admin/import");
  const input = page.getByLabel(/^File/);
  await input.setInputFiles({ name: "walk-through.md", mimeType: "text/markdown", buffer: Buffer.from(file) });
  await expect(page.getByTestId("import-file-name")).toContainText("walk-through.md");
  await page.getByLabel("Import under this slug instead (optional)").fill(slug);
  await page.getByRole("button", { name: "Preview import" }).click();
  await expect(page.getByTestId("import-target")).toContainText(slug);

  // the rubric tests ran in the preview, each failure with the concepts the grader did not find
  const tests = page.getByTestId("import-rubric-tests");
  await expect(tests).toContainText("1 of 1 rubric test failing");
  await expect(tests).toContainText("publishing it is blocked until they pass");
  await expect(page.getByTestId("import-rubric-failures")).toContainText(
    /line 5: Sample 1 \(“It uses DNS\.”\): graded weak \(score \d+\), expected strong: missing \w/,
  );
  // the file input still holds the file that was read, and the slug typed is kept (regression: both were reset)
  expect(await input.evaluate((el: HTMLInputElement) => [...(el.files ?? [])].map((f) => f.name))).toEqual([
    "walk-through.md",
  ]);
  await expect(page.getByLabel("Import under this slug instead (optional)")).toHaveValue(slug);
  await page.getByRole("button", { name: "Confirm import" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Imported" })).toContainText(slug);

  // Publish says the same, with the missing concepts
  await page.goto(`/admin/sets/${slug}`);
  await page.getByRole("button", { name: "Publish", exact: true }).click();
  await expect(page.getByTestId("publish-failures")).toContainText(/expected strong: missing \w/);

  // one root cause, one error, in words: a broken front matter, a weight written as text
  await page.goto("/admin/import");
  const paste = page.getByLabel("…or paste the text");
  await paste.fill("---\ntitle: Kubernetes DNS: the path\n---\n\n## Q\n\nA.\n");
  await page.getByRole("button", { name: "Preview import" }).click();
  const errors = page.getByTestId("import-errors").getByRole("listitem");
  await expect(errors).toHaveCount(1);
  await expect(errors.first()).toContainText("Line 2:");
  await expect(errors.first()).toContainText("must be in quotes");
  await page.getByLabel("Format").selectOption("json");
  await paste.fill(
    JSON.stringify({
      slug,
      title: "T",
      items: [{ id: `${slug}-q`, kind: "freeform", front: "q", back: "a", rubric: { weights: { dnat: "3" } } }],
    }),
  );
  await page.getByRole("button", { name: "Preview import" }).click();
  await expect(errors).toHaveCount(1);
  await expect(errors.first()).toHaveText(
    `Line 1: Question 1's rubric weight of "dnat" must be a number; found the text "3".`,
  );
});
