import http from "node:http";
import type { AddressInfo } from "node:net";
import { test as base, expect, type Page } from "@playwright/test";
import { SEED_SET } from "../../../lib/content/seed-set";
import { finishInterview, signUp, uniqueEmail } from "../pages";

// Two instances of one build on one PostgreSQL database (playwright.postgres.config.ts), behind a load
// balancer this spec runs: every request goes to the instance `route.to` names at that moment, with the
// balancer's own Host, as a real one forwards it. So a page rendered by A can post its form to B: cookies,
// server actions and data must work across instances.
const port = Number(process.env.E2E_PORT ?? 3100);
const INSTANCES = { A: port, B: port + 10 } as const;
type Instance = keyof typeof INSTANCES;

const route: { to: Instance } = { to: "A" };
const served: { instance: Instance; method: string; path: string; status: number }[] = [];

/** The balancer: a plain HTTP proxy to the instance `route.to` names, keeping the Host the browser sent. */
function startBalancer(): Promise<http.Server> {
  const balancer = http.createServer((request, response) => {
    const instance = route.to;
    const upstream = http.request(
      {
        host: "localhost",
        port: INSTANCES[instance],
        method: request.method,
        path: request.url,
        headers: request.headers,
      },
      (answer) => {
        served.push({
          instance,
          method: request.method ?? "",
          path: new URL(request.url ?? "/", "http://balancer").pathname,
          status: answer.statusCode ?? 0,
        });
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on("error", (error) => {
      response.writeHead(502, { "content-type": "text/plain" });
      response.end(`balancer: instance ${instance} did not answer: ${error.message}`);
    });
    request.pipe(upstream);
  });
  return new Promise((resolve) => balancer.listen(0, "127.0.0.1", () => resolve(balancer)));
}

/** Every page and request of these tests goes through the balancer. */
const test = base.extend<object, { balancerUrl: string }>({
  balancerUrl: [
    // Playwright reads the fixtures a fixture needs from its first parameter: this one needs none of note
    async ({ browserName: _browserName }, provide) => {
      const balancer = await startBalancer();
      await provide(`http://localhost:${(balancer.address() as AddressInfo).port}`);
      await new Promise<void>((resolve) => balancer.close(() => resolve()));
    },
    { scope: "worker" },
  ],
  baseURL: async ({ balancerUrl }, provide) => provide(balancerUrl),
});

/** What the instance served since `since` (an index into `served`), as "METHOD path status" lines. */
function servedBy(instance: Instance, since: number): string[] {
  return served.slice(since).flatMap((r) => (r.instance === instance ? [`${r.method} ${r.path} ${r.status}`] : []));
}

async function reviewsToday(page: Page): Promise<number> {
  await page.goto("/stats");
  return Number(await page.getByTestId("reviews-today").textContent());
}

test("sign up on A, study a card on B, see the review in A's statistics", async ({ page }) => {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  route.to = "A";
  await signUp(page, uniqueEmail("two-instances"), "correct-horse-battery");
  expect(servedBy("A", 0).some((line) => line.startsWith("POST /sign-up"))).toBe(true);

  // the study page comes from A; the rating it sends goes to B (a page from one instance, its rating to
  // another: B must read A's cookie)
  await page.goto(`/study/${SEED_SET.slug}`);
  await expect(page.getByTestId("card-front")).toBeVisible();
  route.to = "B";
  const since = served.length;
  await page.keyboard.press("Space");
  await expect(page.getByTestId("card-back")).toBeVisible();
  await page.keyboard.press("3");
  await expect(page.getByRole("main").getByTestId("count-learning")).toHaveText("1");
  // the screen moves on at once; the rating leaves the browser's outbox a moment later
  const ratingsOnB = () => servedBy("B", since).filter((line) => line.startsWith("POST /api/study/ratings"));
  await expect.poll(() => ratingsOnB().length, { timeout: 10_000 }).toBeGreaterThan(0);
  const onB = servedBy("B", since).filter((line) => line.startsWith("POST "));
  for (const line of onB) expect(line).toMatch(/ (200|201|303)$/);

  route.to = "A";
  await expect.poll(() => reviewsToday(page), { timeout: 20_000 }).toBe(1);
  expect(servedBy("A", since).some((line) => line.startsWith("GET /stats 200"))).toBe(true);
  expect(errors).toEqual([]);
});

test("an interview started on A is answered and submitted on B, and graded once", async ({ page }) => {
  route.to = "A";
  await signUp(page, uniqueEmail("two-instances-interview"), "correct-horse-battery");
  await page.goto("/interviews/new");
  await page.getByLabel("Question set").selectOption(SEED_SET.slug);
  await page.getByLabel("Number of questions (1–10)").fill("1");
  await page.getByLabel("Total time in minutes (5–60)").fill("10");
  await page.getByRole("button", { name: "Start the interview" }).click();
  await expect(page.getByTestId("countdown")).toBeVisible();
  await expect(page).toHaveURL(/\/interviews\/[a-z0-9]{20,}$/);
  const interviewPath = new URL(page.url()).pathname;

  route.to = "B";
  const since = served.length;
  await page
    .getByLabel("Your answer to question 1")
    .fill(SEED_SET.items.find((i) => i.kind === "freeform")?.back ?? "");
  await expect(page.getByTestId("save-status")).toContainText("Saved at");
  await finishInterview(page);
  await expect(page.getByTestId("total-score")).toContainText("/ 100");
  const onB = servedBy("B", since);
  expect(
    onB.some((line) => line.startsWith(`PATCH /api${interviewPath}/questions/1 200`)),
    onB.join("\n"),
  ).toBe(true);
  expect(
    onB.some((line) => line.startsWith(`POST /api${interviewPath}/submit 200`)),
    onB.join("\n"),
  ).toBe(true);
  expect(onB.filter((line) => / [45]\d\d$/.test(line))).toEqual([]);
  const score = await page.getByTestId("total-score").textContent();

  // A shows the same result, and its history lists the interview once, submitted
  route.to = "A";
  await page.goto(`${interviewPath}/results`);
  await expect(page.getByTestId("total-score")).toHaveText(score ?? "");
  await page.goto("/interviews");
  await expect(page.getByTestId("history-row")).toHaveCount(1);
});
