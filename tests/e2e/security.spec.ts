import http from "node:http";
import path from "node:path";
import Database from "better-sqlite3";
import { expect, test, type APIResponse, type Browser, type Page, type Request } from "@playwright/test";
import { E2E_ADMIN } from "../../playwright.config";
import { signIn, signOut, signUp, uniqueEmail } from "./pages";

/**
 * Security checks against the real server: the role × route matrix for every page, API route and
 * server action (anonymous, a learner, another learner, an admin); CSRF (cross-origin POSTs to routes and to
 * server actions are refused and write nothing); stored XSS renders inert; session cookie flags; the sign-in
 * rate limit; security headers.
 */

type Role = "anonymous" | "owner" | "other" | "admin";
const ROLES: readonly Role[] = ["anonymous", "other", "admin", "owner"];

interface Actors {
  pages: Record<Role, Page>;
  /** an active interview of the owner, a submitted one, and one kept active to submit in the matrix */
  active: string;
  submitted: string;
  toSubmit: string;
  origin: string;
}

let actors: Actors;

async function learner(browser: Browser, prefix: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signUp(page, uniqueEmail(prefix), "correct-horse-battery");
  return page;
}

async function startInterview(page: Page): Promise<string> {
  const response = await page.request.post("/api/interviews", {
    data: { set: "kubernetes-dns", questions: 1, minutes: 30 },
  });
  expect(response.status()).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000);
  const anonymous = await (await browser.newContext()).newPage();
  const owner = await learner(browser, "owner");
  const other = await learner(browser, "other");
  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, E2E_ADMIN.email, E2E_ADMIN.password);
  await expect(admin.getByTestId("signed-in-as")).toBeVisible();
  const active = await startInterview(owner);
  const submitted = await startInterview(owner);
  expect((await owner.request.post(`/api/interviews/${submitted}/submit`)).status()).toBe(200);
  const toSubmit = await startInterview(owner);
  const origin = new URL(owner.url()).origin;
  actors = { pages: { anonymous, owner, other, admin }, active, submitted, toSubmit, origin };
});

test.afterAll(async () => {
  for (const page of Object.values(actors.pages)) await page.context().close();
});

// ------------------------------------------------------------------ pages

/** What each role gets: 200, "sign-in" (redirect to /sign-in?next=…), or the 403 / 404 page. */
type PageExpectation = 200 | 403 | 404 | "sign-in" | "redirect";

const PUBLIC: Record<Role, PageExpectation> = { anonymous: 200, owner: 200, other: 200, admin: 200 };
/** sign-in and sign-up send a signed-in user on to the app */
const SIGNED_OUT: Record<Role, PageExpectation> = {
  anonymous: 200,
  owner: "redirect",
  other: "redirect",
  admin: "redirect",
};
const SIGNED_IN: Record<Role, PageExpectation> = { anonymous: "sign-in", owner: 200, other: 200, admin: 200 };
const OWNER_ONLY: Record<Role, PageExpectation> = { anonymous: "sign-in", owner: 200, other: 404, admin: 404 };
const ADMIN_ONLY: Record<Role, PageExpectation> = { anonymous: "sign-in", owner: 403, other: 403, admin: 200 };

function pageTable(): [string, Record<Role, PageExpectation>][] {
  return [
    ["/", PUBLIC],
    ["/sets", PUBLIC],
    ["/sets/kubernetes-dns", PUBLIC],
    ["/sign-in", SIGNED_OUT],
    ["/sign-up", SIGNED_OUT],
    ["/study/kubernetes-dns", SIGNED_IN],
    ["/stats", SIGNED_IN],
    ["/settings", SIGNED_IN],
    ["/cram", SIGNED_IN],
    ["/account/password", SIGNED_IN],
    ["/interviews", SIGNED_IN],
    ["/interviews/new", SIGNED_IN],
    [`/interviews/${actors.active}`, OWNER_ONLY],
    [`/interviews/${actors.submitted}/results`, OWNER_ONLY],
    ["/admin", ADMIN_ONLY],
    ["/admin/import", ADMIN_ONLY],
    ["/admin/sets/new", ADMIN_ONLY],
    ["/admin/sets/kubernetes-dns", ADMIN_ONLY],
    ["/admin/sets/kubernetes-dns/items/new", ADMIN_ONLY],
    ["/admin/sets/kubernetes-dns/items/dns-name-format", ADMIN_ONLY],
    ["/admin/sets/kubernetes-dns/delete", ADMIN_ONLY],
  ];
}

test("every page: anonymous, learner, other learner and admin get what their role allows", async () => {
  test.setTimeout(120_000);
  const seen: string[] = [];
  for (const [url, expected] of pageTable()) {
    for (const role of ROLES) {
      const response = await actors.pages[role].request.get(url, { maxRedirects: 0 });
      const want = expected[role];
      const label = `${role} GET ${url}`;
      if (want === "redirect") {
        expect([303, 307, 308], label).toContain(response.status());
        expect(response.headers().location, label).not.toContain("/sign-in");
      } else if (want === "sign-in") {
        expect([303, 307, 308], label).toContain(response.status());
        // back to the page itself, or to the admin area's start (the admin layout checks with "/admin")
        const next = decodeURIComponent(/[?&]next=([^&]*)/.exec(response.headers().location ?? "")?.[1] ?? "");
        expect(response.headers().location, label).toContain("/sign-in?next=");
        expect(url.startsWith(next) && next.startsWith("/"), `${label} → next=${next}`).toBe(true);
      } else {
        expect(response.status(), label).toBe(want);
      }
      seen.push(`${label} → ${want}`);
    }
  }
  expect(seen).toHaveLength(pageTable().length * ROLES.length);
});

// ------------------------------------------------------------------ API routes

type ApiExpectation = number | readonly number[];

interface ApiRow {
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  url: () => string;
  data?: unknown;
  expected: Record<Role, ApiExpectation>;
}

const importBody = () => ({
  format: "markdown",
  text: `---\ntitle: Matrix ${Date.now()}\n---\n\n## Question\n\nAnswer.\n`,
});

const API: ApiRow[] = [
  { method: "GET", url: () => "/api/health", expected: { anonymous: 200, other: 200, admin: 200, owner: 200 } },
  { method: "GET", url: () => "/api/admin/sets", expected: { anonymous: 401, other: 403, admin: 200, owner: 403 } },
  {
    method: "GET",
    url: () => "/api/admin/schema/question-set.json",
    expected: { anonymous: 401, other: 403, admin: 200, owner: 403 },
  },
  {
    method: "GET",
    url: () => "/api/admin/sets/kubernetes-dns/export?format=json",
    expected: { anonymous: 401, other: 403, admin: 200, owner: 403 },
  },
  {
    method: "POST",
    url: () => "/api/admin/import/preview",
    data: importBody,
    expected: { anonymous: 401, other: 403, admin: 200, owner: 403 },
  },
  {
    method: "POST",
    url: () => "/api/admin/import",
    data: importBody,
    expected: { anonymous: 401, other: 403, admin: 201, owner: 403 },
  },
  { method: "GET", url: () => "/api/interviews", expected: { anonymous: 401, other: 200, admin: 200, owner: 200 } },
  {
    method: "POST",
    url: () => "/api/interviews",
    data: () => ({ set: "kubernetes-dns", questions: 1, minutes: 5 }),
    expected: { anonymous: 401, other: 201, admin: 201, owner: 201 },
  },
  {
    method: "GET",
    url: () => `/api/interviews/${actors.active}`,
    expected: { anonymous: 401, other: 404, admin: 404, owner: 200 },
  },
  {
    method: "PATCH",
    url: () => `/api/interviews/${actors.active}/questions/1`,
    data: () => ({ answer: "CoreDNS answers with the ClusterIP", revision: Date.now() % 1_000_000_000 }),
    expected: { anonymous: 401, other: 404, admin: 404, owner: 200 },
  },
  {
    method: "GET",
    url: () => `/api/interviews/${actors.submitted}/results`,
    expected: { anonymous: 401, other: 404, admin: 404, owner: 200 },
  },
  {
    method: "PUT",
    url: () => `/api/interviews/${actors.submitted}/questions/1/overrides/search-domain`,
    // a valid claim (it quotes words of the answer), so the only refusals left are about who asks; the owner gets
    // 200 when the concept was missed, 422 when the grader found it or the words are not in the answer
    data: { phrase: "the search list" },
    expected: { anonymous: 401, other: 404, admin: 404, owner: [200, 422] },
  },
  {
    method: "DELETE",
    url: () => `/api/interviews/${actors.submitted}/questions/1/overrides/search-domain`,
    expected: { anonymous: 401, other: 404, admin: 404, owner: [200, 422] },
  },
  {
    method: "POST",
    url: () => `/api/interviews/${actors.toSubmit}/submit`,
    expected: { anonymous: 401, other: 404, admin: 404, owner: 200 },
  },
];

async function call(page: Page, row: ApiRow, headers: Record<string, string> = {}): Promise<APIResponse> {
  const data = typeof row.data === "function" ? (row.data as () => unknown)() : row.data;
  return page.request.fetch(row.url(), { method: row.method, data, headers, maxRedirects: 0 });
}

test("every API route: 401 signed out, 403 for a learner on admin routes, 404 for someone else's interview", async () => {
  test.setTimeout(90_000);
  for (const row of API) {
    for (const role of ROLES) {
      const response = await call(actors.pages[role], row);
      const label = `${role} ${row.method} ${row.url()}`;
      const want = row.expected[role];
      expect(typeof want === "number" ? [want] : want, label).toContain(response.status());
      if (response.status() >= 400) {
        const body = (await response.json()) as { error?: { code?: string; message?: string } };
        expect(body.error?.message, `${label} names the problem`).toBeTruthy();
      }
    }
  }
});

// ------------------------------------------------------------------ server actions

/** A server action request as the browser sent it, to be replayed with another session or origin. */
interface CapturedAction {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** Submits a form in the browser and records the server action request it made (Next's own encoding). */
async function captureAction(page: Page, submit: () => Promise<void>): Promise<CapturedAction> {
  return captureRequest(page, (r) => r.method() === "POST" && r.headers()["next-action"] !== undefined, submit);
}

/** The first request `submit` makes that `matches`, with its headers (but the session's) and body. */
async function captureRequest(
  page: Page,
  matches: (request: Request) => boolean,
  submit: () => Promise<void>,
): Promise<CapturedAction> {
  const sent = page.waitForRequest(matches);
  await submit();
  const request = await sent;
  await request.response();
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(await request.allHeaders())) {
    if (!["cookie", "host", "origin", "content-length", "referer"].includes(name) && !name.startsWith(":")) {
      headers[name] = value;
    }
  }
  return { url: request.url(), headers, body: request.postData() ?? "" };
}

/** Replays a captured action as `page`'s user, from `origin`, with text replaced in the body. */
function replay(
  page: Page,
  action: CapturedAction,
  origin: string,
  replace: readonly [string, string][] = [],
): Promise<APIResponse> {
  let body = action.body;
  for (const [from, to] of replace) body = body.split(from).join(to);
  return page.request.post(action.url, { headers: { ...action.headers, origin }, data: body, maxRedirects: 0 });
}

/**
 * The learner rates the next card "Good" from the keyboard; the study screen sends it to the JSON rating
 * route from its outbox, and that request is kept for replays.
 */
async function rateInBrowser(page: Page): Promise<CapturedAction> {
  await page.goto("/study/kubernetes-dns");
  await expect(page.getByRole("button", { name: "Show answer" })).toBeFocused();
  await page.keyboard.press("Space");
  await expect(page.getByTestId("card-back")).toBeVisible();
  const rating = (r: Request) => r.method() === "POST" && new URL(r.url()).pathname === "/api/study/ratings";
  return captureRequest(page, rating, () => page.keyboard.press("3"));
}

/** The learner saves their study settings through the real form (a server action); kept for replays. */
async function saveSettingsInBrowser(page: Page): Promise<CapturedAction> {
  await page.goto("/settings");
  return captureAction(page, () => page.getByRole("button", { name: "Save settings" }).click());
}

/** The admin creates a set through the real form; the request is kept for replays. */
async function createSetInBrowser(slug: string): Promise<CapturedAction> {
  const admin = actors.pages.admin;
  await admin.goto("/admin/sets/new");
  await admin.getByLabel("Title", { exact: true }).fill(`Set ${slug}`);
  await admin.getByLabel(/^Slug/).fill(slug);
  const action = await captureAction(admin, () => admin.getByRole("button", { name: "Create set" }).click());
  await expect(admin).toHaveURL(new RegExp(`/admin/sets/${slug}`));
  return action;
}

async function adminSets(): Promise<{ slug: string; status: string; title: string }[]> {
  const response = await actors.pages.admin.request.get("/api/admin/sets");
  return ((await response.json()) as { sets: { slug: string; status: string; title: string }[] }).sets;
}

test("admin server actions refuse anonymous users and learners and write nothing", async () => {
  test.setTimeout(60_000);
  const original = `made-${Date.now()}`;
  const create = await createSetInBrowser(original);
  const admin = actors.pages.admin;
  await admin.goto(`/admin/sets/${original}`);
  const archive = await captureAction(admin, () =>
    admin
      .getByRole("button", { name: /^Archive/ })
      .first()
      .click(),
  );
  await expect(admin.getByTestId("set-status")).toHaveText("archived");
  for (const role of ["anonymous", "owner", "other"] as const) {
    const slug = `${original}-${role}`;
    const created = await replay(actors.pages[role], create, actors.origin, [[original, slug]]);
    const archived = await replay(actors.pages[role], archive, actors.origin, [[original, "kubernetes-dns"]]);
    for (const response of [created, archived]) {
      // anonymous: sent to sign in; learners: Next's 403 (requireAdmin's forbidden())
      if (role === "anonymous") expect(response.headers()["x-action-redirect"] ?? "", role).toContain("/sign-in");
      else expect(response.status(), role).toBe(403);
    }
    const sets = await adminSets();
    expect(
      sets.find((s) => s.slug === slug),
      role,
    ).toBeUndefined();
    expect(sets.find((s) => s.slug === "kubernetes-dns")?.status, role).toBe("published");
  }
  // the same replay as the admin does create a set, so the refusals above are the role checks
  const again = await replay(admin, create, actors.origin, [[original, `${original}-admin`]]);
  expect(again.headers()["x-action-redirect"]).toContain(`/admin/sets/${original}-admin`);
});

test("a replayed rating acts only for the signed-in learner: nothing of the owner's changes", async () => {
  test.setTimeout(60_000);
  const owner = actors.pages.owner;
  const rate = await rateInBrowser(owner);
  const key = /"idempotencyKey":"([0-9a-f-]{36})"/.exec(rate.body)?.[1];
  if (!key) throw new Error(`no idempotency key in ${rate.body.slice(0, 200)}`);
  await owner.goto("/sets");
  const countsBefore = await owner.getByRole("main").getByRole("list").first().textContent();
  const anonymous = await replay(actors.pages.anonymous, rate, actors.origin, [[key, crypto.randomUUID()]]);
  expect(anonymous.status()).toBe(401);
  // someone else sending the owner's request with the owner's key: refused, the key is the owner's
  for (const role of ["other", "admin"] as const) {
    const stolen = await replay(actors.pages[role], rate, actors.origin);
    expect(stolen.status(), role).toBe(400);
    expect(await stolen.text(), role).toContain("used already");
  }
  // with a fresh key, the body names an item, not a card: it rates the sender's own card of that item
  for (const role of ["other", "admin"] as const) {
    const own = await replay(actors.pages[role], rate, actors.origin, [[key, crypto.randomUUID()]]);
    expect([200, 409], role).toContain(own.status());
  }
  // the owner's own replay of the same key is the same rating, recorded once
  const again = await replay(owner, rate, actors.origin);
  expect(again.status()).toBe(200);
  expect(await again.json()).toMatchObject({ duplicate: true });
  await owner.goto("/sets");
  expect(await owner.getByRole("main").getByRole("list").first().textContent()).toBe(countsBefore);
});

test("hand-crafted action bodies Next.js cannot decode get a 400 naming the problem and write nothing", async () => {
  test.setTimeout(60_000);
  const owner = actors.pages.owner;
  const settings = await saveSettingsInBrowser(owner);
  await owner.goto("/sets");
  const countsBefore = await owner.getByRole("main").getByRole("list").first().textContent();
  const setsBefore = (await adminSets()).length;
  const send = (page: Page, action: CapturedAction, data: string, type?: string) =>
    page.request.post(action.url, {
      headers: { ...action.headers, ...(type === undefined ? {} : { "content-type": type }), origin: actors.origin },
      data,
      maxRedirects: 0,
    });

  const deep = "[".repeat(5_000) + "]".repeat(5_000);
  const hostile: [string, string, RegExp][] = [
    ["empty", "", /empty body/],
    ["not JSON", "rating=3", /not valid JSON/],
    ["an object", '{"rating":3}', /JSON array/],
    ["a missing part", '["$1"]', /part it does not have/],
    ["a Map of a missing part", '[{"rating":"$Q7"}]', /part it does not have \(at \$\[0\]\.rating\)/],
    ["deep nesting", deep, /deeper than 64/],
  ];
  // a JSON-text action body (what a call with plain arguments sends), to a learner's action
  for (const [label, body, message] of hostile) {
    const response = await send(owner, settings, body, "text/plain;charset=UTF-8");
    expect(response.status(), label).toBe(400);
    expect(await response.text(), label).toMatch(message);
  }
  // a form action (multipart) whose body is not multipart at all
  const create = await createSetInBrowser(`parts-${Date.now()}`);
  expect(create.headers["content-type"]).toContain("multipart/form-data");
  const broken = await send(actors.pages.admin, create, "--not-the-boundary\r\ngarbage");
  expect(broken.status()).toBe(400);
  expect(await broken.text()).toMatch(/multipart/);

  await owner.goto("/sets");
  expect(await owner.getByRole("main").getByRole("list").first().textContent()).toBe(countsBefore);
  expect(await adminSets()).toHaveLength(setsBefore + 1); // only the set created through the real form
  // and the captured request itself still works, so the 400s above are about the bodies
  const own = await send(owner, settings, settings.body);
  expect(own.status()).toBe(200);
  expect(await own.text()).toContain("Settings saved");
});

test("malformed paths, oversized action bodies and endless chunked bodies get a 4xx with a message, never a 500", async () => {
  test.setTimeout(60_000);
  // paths Next.js cannot percent-decode (its own parameter decoding answered a bare 500)
  const anonymous = actors.pages.anonymous;
  for (const path of ["/sets/%ZZ", "/study/%ZZ", "/api/interviews/%ZZ", "/study/%C0%AF"]) {
    const response = await anonymous.request.get(path, { maxRedirects: 0 });
    expect(response.status(), path).toBe(400);
    expect(await response.text(), path).toContain("is not percent-encoded UTF-8");
  }
  const owner = actors.pages.owner;
  // a server action body over the 3 MB action limit (Next's decoder answered 500)
  const settings = await saveSettingsInBrowser(owner);
  const huge = "[" + JSON.stringify("x".repeat(8 * 1024 * 1024)) + "]";
  const big = await owner.request.post(settings.url, {
    headers: { ...settings.headers, "content-type": "text/plain;charset=UTF-8", origin: actors.origin },
    data: huge,
    maxRedirects: 0,
  });
  expect(big.status()).toBe(413);
  expect(await big.text()).toContain("3145728 bytes");
  // an answer PATCHed as an endless chunked stream (no Content-Length): 413 while it is still being sent
  const cookies = (await owner.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  const url = new URL(`/api/interviews/${actors.active}/questions/1`, actors.origin);
  const streamed = await new Promise<{ status: number; body: string; sent: number }>((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const call = http.request(url, {
      method: "PATCH",
      headers: { cookie: cookies, origin: actors.origin, "content-type": "application/json" },
    });
    call.on("error", (error) => (answered ? undefined : reject(error)));
    call.on("response", (response) => {
      answered = true;
      let body = "";
      response.on("data", (chunk: Buffer) => (body += chunk.toString()));
      response.on("end", () => {
        resolve({ status: response.statusCode ?? 0, body, sent });
        call.destroy();
      });
    });
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    const pump = () => {
      while (!answered && sent < 200 * 1024 * 1024) {
        sent += chunk.length;
        if (!call.write(chunk)) return void call.once("drain", pump);
      }
      if (!answered) call.end();
    };
    call.write('{"answer":"');
    pump();
  });
  expect(streamed.status).toBe(413);
  expect(JSON.parse(streamed.body)).toMatchObject({ error: { code: "BODY_TOO_LARGE" } });
  expect(streamed.body).toContain("100000 bytes");
  expect(streamed.sent).toBeLessThan(20 * 1024 * 1024);
});

test("a newline or zero-width space in sign-in's next never reaches a Location header raw", async ({ browser }) => {
  test.setTimeout(60_000);
  const owner = actors.pages.owner;
  // a signed-in visitor is sent on to `next` at once: a newline or a zero-width space in it must not reach the
  // Location header raw (ERR_INVALID_CHAR)
  for (const next of ["/%0a/x", "/%E2%80%8B/x", "/%09/x", "/%0d%0a/x"]) {
    const response = await owner.request.get(`/sign-in?next=${next}`, { maxRedirects: 0 });
    expect(response.status(), next).toBeGreaterThanOrEqual(300);
    expect(response.status(), next).toBeLessThan(400);
    expect(response.headers()["location"], next).toMatch(/^\/(?![\\/])/);
  }
  // the sign-in action itself, with a newline in its hidden `next` field
  const context = await browser.newContext();
  const visitor = await context.newPage();
  const email = uniqueEmail("next");
  await signUp(visitor, email, "correct-horse-battery");
  await signOut(visitor);
  await visitor.goto("/sign-in");
  await visitor.locator('input[name="next"]').evaluate((input: HTMLInputElement) => {
    input.value = "/\n/x";
  });
  await visitor.getByLabel("Email").fill(email);
  await visitor.getByLabel("Password").fill("correct-horse-battery");
  const answered = visitor.waitForResponse((r) => r.request().method() === "POST");
  await visitor.getByRole("button", { name: "Sign in" }).click();
  expect((await answered).status()).toBeLessThan(500);
  await expect(visitor.getByTestId("signed-in-as")).toContainText(email);
  expect(new URL(visitor.url()).host).toBe(new URL(actors.origin).host);
  await context.close();
});

// ------------------------------------------------------------------ CSRF

test("cross-origin POSTs to route handlers and to server actions are refused and write nothing", async () => {
  const evil = { origin: "https://evil.example" };
  const before = (await (await actors.pages.owner.request.get("/api/interviews")).json()) as { interviews: unknown[] };
  // route handlers: sameOrigin() → 403
  const start = await actors.pages.owner.request.post("/api/interviews", {
    data: { set: "kubernetes-dns", questions: 1, minutes: 5 },
    headers: evil,
  });
  expect(start.status()).toBe(403);
  const noOrigin = await actors.pages.owner.request.post("/api/interviews", {
    data: { set: "kubernetes-dns", questions: 1, minutes: 5 },
    headers: { "sec-fetch-site": "cross-site" },
  });
  expect(noOrigin.status()).toBe(403);
  const save = await actors.pages.owner.request.patch(`/api/interviews/${actors.active}/questions/1`, {
    data: { answer: "written cross-site", revision: 1_999_999_999 },
    headers: evil,
  });
  expect(save.status()).toBe(403);
  const importing = await actors.pages.admin.request.post("/api/admin/import", {
    data: { format: "markdown", text: "---\ntitle: Evil\n---\n\n## Evil\n\nset\n", slug: "evil-import" },
    headers: evil,
  });
  expect(importing.status()).toBe(403);
  const after = (await (await actors.pages.owner.request.get("/api/interviews")).json()) as { interviews: unknown[] };
  expect(after.interviews).toHaveLength(before.interviews.length);
  const view = (await (await actors.pages.owner.request.get(`/api/interviews/${actors.active}`)).json()) as {
    questions: { answer: string }[];
  };
  expect(view.questions.map((q) => q.answer)).not.toContain("written cross-site");

  // server actions: Next.js compares Origin with Host and refuses the action before it runs
  const original = `own-${Date.now()}`;
  const create = await createSetInBrowser(original);
  const slug = `${original}-evil`;
  const created = await replay(actors.pages.admin, create, "https://evil.example", [[original, slug]]);
  expect(created.status()).toBe(403);
  expect(await created.text()).toContain("Cross-origin server action refused");
  expect(created.headers()["x-action-redirect"]).toBeUndefined();
  expect((await adminSets()).find((s) => s.slug === slug)).toBeUndefined();
  // without an Origin header, a call the browser marks cross-site is refused the same way
  const unmarked = await actors.pages.admin.request.post(create.url, {
    headers: { ...create.headers, "sec-fetch-site": "cross-site" },
    data: create.body.split(original).join(`${original}-no-origin`),
    maxRedirects: 0,
  });
  expect(unmarked.status()).toBe(403);
  expect((await adminSets()).find((s) => s.slug === `${original}-no-origin`)).toBeUndefined();
  // the same request from our own origin works, so the refusal above is the origin check
  const own = await replay(actors.pages.admin, create, actors.origin, [[original, `${original}-own`]]);
  expect(own.headers()["x-action-redirect"]).toContain(`/admin/sets/${original}-own`);
});

// ------------------------------------------------------------------ XSS

const HOSTILE_MARKDOWN = [
  "---",
  "title: XSS <img src=x onerror=alert(9)> <script>alert(10)</script>",
  "---",
  "",
  "## What does <script>window.__xss = 'script'</script> do?",
  "",
  '<img src="x" onerror="window.__xss = \'onerror\'; alert(1)">',
  "",
  '<svg onload="alert(2)"><circle r="1"></circle></svg> <a href="javascript:alert(3)">click</a>',
  "",
  '[link](javascript:alert(4)) <iframe src="javascript:alert(5)"></iframe> <b onmouseover=alert(6)>bold</b>',
  "",
  '<div style="background:url(javascript:alert(7))" onclick="alert(8)">styled</div>',
  "",
  "## Second question",
  "",
  "```html\n<script>alert('in code')</script>\n```",
  "",
].join("\n");

async function expectInert(page: Page, url: string, visible: string): Promise<void> {
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const response = await page.goto(url);
  expect(response?.status(), url).toBe(200);
  await page.waitForLoadState("networkidle");
  const found = await page.evaluate(() => {
    const main = document.querySelector("main");
    // fire what an attacker's handlers would wait for
    for (const element of Array.from(main?.querySelectorAll("*") ?? [])) {
      for (const type of ["mouseover", "click", "error", "load"]) element.dispatchEvent(new Event(type));
    }
    const handlers: string[] = [];
    for (const element of Array.from(main?.querySelectorAll("*") ?? [])) {
      for (const attribute of Array.from(element.attributes)) {
        const value = attribute.value.trim().toLowerCase();
        if (attribute.name.startsWith("on") || value.startsWith("javascript:")) {
          handlers.push(`${element.tagName} ${attribute.name}`);
        }
      }
    }
    return {
      xss: (window as unknown as { __xss?: unknown }).__xss ?? null,
      scripts: main?.querySelectorAll("script").length ?? 0,
      frames: main?.querySelectorAll("iframe, object, embed").length ?? 0,
      handlers,
      text: main?.textContent ?? "",
    };
  });
  expect(found.xss, url).toBeNull();
  expect(found.scripts, url).toBe(0);
  expect(found.frames, url).toBe(0);
  expect(found.handlers, url).toEqual([]);
  expect(dialogs, url).toEqual([]);
  // the content is there, as text (escaped or stripped), not executed
  expect(found.text, url).toContain(visible);
}

test("stored Markdown with scripts, event handlers and javascript: links renders inert", async () => {
  test.setTimeout(90_000);
  const slug = `xss-${Date.now()}`;
  const admin = actors.pages.admin;
  const imported = await admin.request.post("/api/admin/import", {
    data: { format: "markdown", text: HOSTILE_MARKDOWN, slug },
  });
  expect(imported.status()).toBe(201);
  await expectInert(admin, `/admin/sets/${slug}`, "Second question");
  await admin.getByRole("button", { name: "Publish", exact: true }).click();
  await expect(admin.getByTestId("set-status")).toHaveText("published");
  await expectInert(actors.pages.owner, `/sets/${slug}`, "Second question");
  await expectInert(actors.pages.anonymous, `/sets`, "<script>alert(10)</script>");
});

// ------------------------------------------------------------------ cookies, rate limit, headers

test("the session cookie is httpOnly, SameSite=Lax, path /, unreadable from scripts, Secure behind https", async ({
  page,
}) => {
  const email = uniqueEmail("cookie");
  await signUp(page, email, "correct-horse-battery");
  const session = (await page.context().cookies()).find((c) => c.name === "hopdrill_session");
  expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });
  // over plain http the cookie cannot be Secure (COOKIE_SECURE=auto) …
  expect(session?.secure).toBe(false);
  expect(await page.evaluate(() => document.cookie)).not.toContain("hopdrill_session");
  // … behind a TLS-terminating proxy (X-Forwarded-Proto: https) it is
  await signOut(page);
  await page.route("**/sign-in**", async (route) => {
    await route.continue({ headers: { ...route.request().headers(), "x-forwarded-proto": "https" } });
  });
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("correct-horse-battery");
  const answered = page.waitForResponse((r) => r.request().method() === "POST");
  await page.getByRole("button", { name: "Sign in" }).click();
  const response = await answered;
  const cookie = (await response.headersArray())
    .filter((h) => h.name.toLowerCase() === "set-cookie")
    .map((h) => h.value)
    .find((v) => v.startsWith("hopdrill_session="));
  expect(cookie).toBeDefined();
  expect(cookie).toMatch(/;\s*Secure/i);
  expect(cookie).toMatch(/;\s*HttpOnly/i);
  expect(cookie).toMatch(/;\s*SameSite=Lax/i);
  // the navigation after sign-in may still be in the route handler when the test ends, and the context's
  // teardown then waits for it (once past the 30 s timeout, on a loaded clean-clone run)
  await page.unrouteAll({ behavior: "ignoreErrors" });
});

test.describe("in Berlin", () => {
  test.use({ timezoneId: "Europe/Berlin", locale: "en-US" });
  test("sign-in is rate limited per account: after five failures even the right password is refused", async ({
    page,
  }) => {
    test.setTimeout(60_000);
    const email = uniqueEmail("limited");
    await signUp(page, email, "correct-horse-battery");
    await signOut(page);
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      await signIn(page, email, `wrong-password-${attempt}`);
      await expect(page.getByRole("main").getByRole("alert")).toContainText("Wrong email or password");
    }
    await signIn(page, email, "correct-horse-battery");
    const alert = page.getByRole("main").getByRole("alert");
    await expect(alert).toContainText("Too many failed sign-ins");
    // the end of the lock in the browser's own time zone (the context's, Europe/Berlin here): 15 minutes on
    const unlock = new Intl.DateTimeFormat("en-US", {
      hour: "2-digit",
      minute: "2-digit",
      timeZone: "Europe/Berlin",
    });
    const expected = [0, 60_000].map((slack) => unlock.format(new Date(Date.now() + 15 * 60_000 - slack)));
    const said = /You can sign in again from (\d{2}:\d{2}\s?[AP]M)\./.exec((await alert.textContent()) ?? "")?.[1];
    expect(expected).toContain(said);
    await expect(page.getByTestId("signed-in-as")).toHaveCount(0);
    expect((await page.context().cookies()).find((c) => c.name === "hopdrill_session")).toBeUndefined();
  });
});

test("the sign-in limit counts the connection's address: forwarding headers a client writes are ignored", async ({
  page,
}) => {
  const email = uniqueEmail("spoof");
  await page.route("**/sign-in**", async (route) => {
    const headers = { ...route.request().headers() };
    if (route.request().method() === "POST") {
      headers["x-forwarded-for"] = "203.0.113.50";
      headers["x-real-ip"] = "203.0.113.51";
      headers["x-hopdrill-client-address"] = "203.0.113.52";
    }
    await route.continue({ headers });
  });
  await signIn(page, email, "wrong-password-1");
  await expect(page.getByRole("main").getByRole("alert")).toContainText("Wrong email or password");
  const db = new Database(path.resolve("tests/.tmp/e2e/hopdrill.db"), { readonly: true, timeout: 5000 });
  try {
    const rows = db.prepare("SELECT ip FROM LoginAttempt WHERE email = ?").all(email) as { ip: string }[];
    expect(rows.map((r) => r.ip)).toEqual([expect.stringMatching(/^(127\.0\.0\.1|::1)$/)]);
  } finally {
    db.close();
  }
});

test("a password change signs out the account's other browsers and says so; this one stays signed in", async ({
  page,
  browser,
}) => {
  const email = uniqueEmail("rotate");
  await signUp(page, email, "correct-horse-battery");
  const elsewhere = await browser.newContext();
  try {
    const other = await elsewhere.newPage();
    await signIn(other, email, "correct-horse-battery");
    await expect(other.getByTestId("signed-in-as")).toContainText(email);
    await page.goto("/account/password");
    await expect(page.getByRole("main")).toContainText("signs out every other browser");
    await page.getByLabel("Current password").fill("correct-horse-battery");
    await page.getByLabel(/^New password \(/).fill("another-horse-battery");
    await page.getByLabel("New password again").fill("another-horse-battery");
    await page.getByRole("button", { name: "Change password" }).click();
    await expect(page.getByRole("main").getByRole("status")).toContainText(
      "Password changed. 1 other session signed out.",
    );
    await other.goto("/sets");
    await expect(other.getByTestId("signed-in-as")).toHaveCount(0);
    await page.goto("/sets");
    await expect(page.getByTestId("signed-in-as")).toContainText(email);
  } finally {
    await elsewhere.close();
  }
});

test("security headers: nonce CSP without unsafe-eval, frame-ancestors none, nosniff, referrer policy", async ({
  page,
}) => {
  for (const url of ["/", "/sets", "/sign-in", "/api/health"]) {
    const response = await page.request.get(url);
    const api = url.startsWith("/api/");
    const headers = response.headers();
    expect(headers["x-content-type-options"], url).toBe("nosniff");
    expect(headers["referrer-policy"], url).toBe("strict-origin-when-cross-origin");
    expect(headers["x-frame-options"], url).toBe("DENY");
    expect(headers["x-powered-by"], url).toBeUndefined();
    const csp = headers["content-security-policy"] ?? "";
    expect(csp, url).toContain("frame-ancestors 'none'");
    // JSON routes allow nothing at all; pages allow their own nonce-carrying scripts
    if (api) expect(csp.split(/;\s*/), url).toContain("default-src 'none'");
    else expect(csp, url).toMatch(/script-src [^;]*'nonce-[A-Za-z0-9+/=]+'/);
    expect(csp, url).not.toContain("unsafe-eval");
    expect(csp, url).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    if (!api) expect(csp, url).toContain("object-src 'none'");
  }
  // a fresh nonce per response
  const a = (await page.request.get("/")).headers()["content-security-policy"];
  const b = (await page.request.get("/")).headers()["content-security-policy"];
  expect(a).not.toBe(b);
  // and the page's own scripts carry it, so the policy does not break the app
  const violations: string[] = [];
  page.on("console", (message) => {
    if (message.text().includes("Content Security Policy")) violations.push(message.text());
  });
  await page.goto("/sign-in");
  await page.waitForLoadState("networkidle");
  expect(violations).toEqual([]);
});

test("the study loop's fast lane answers with the headers and error shapes Next.js gives /api/*", async ({ page }) => {
  // rating, undo and autosave are answered by our server before Next.js (lib/server/http/fast-lane.ts);
  // POST /api/interviews is a route handler of Next.js's. Signed out, all of them answer the same 401.
  const comparable = (response: APIResponse) => {
    const headers = { ...response.headers() };
    // Next.js gzips even a short JSON answer; the lane sends its few hundred bytes as they are
    const perResponse = ["date", "content-length", "transfer-encoding", "connection", "keep-alive", "content-encoding"];
    for (const name of perResponse) delete headers[name];
    return headers;
  };
  const next = await page.request.post("/api/interviews", { data: {} });
  expect(next.status()).toBe(401);
  for (const [method, url] of [
    ["POST", "/api/study/ratings"],
    ["POST", "/api/study/undo"],
    ["PATCH", "/api/interviews/x/questions/1"],
  ] as const) {
    const lane = await page.request.fetch(url, { method, data: {} });
    expect(lane.status(), url).toBe(401);
    expect(await lane.json(), url).toEqual(await next.json());
    expect(comparable(lane), url).toEqual(comparable(next));
    expect(lane.headers()["content-encoding"], url).toBeUndefined();
  }
  // a path the lane does not take (a trailing slash) still reaches Next.js, which redirects it
  const slash = await page.request.post("/api/study/ratings/", { data: {}, maxRedirects: 0 });
  expect(slash.status()).toBe(308);
});
