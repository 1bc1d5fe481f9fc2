import { expect, test, type Browser, type Locator, type Page } from "@playwright/test";
import { E2E_ADMIN } from "../../playwright.config";
import { seriousViolations } from "./axe";
import { finishInterview, signIn, signUp, uniqueEmail } from "./pages";

// states the search-list step in words the grader does not know: what a learner would claim
const ANSWER = "The resolver reads resolv.conf. The stub tacks app.svc.cluster.local onto the name.";
const PHRASE = "tacks app.svc.cluster.local";

async function questionScore(question: Locator): Promise<number> {
  const heading = await question.getByRole("heading", { level: 2 }).innerText();
  const match = /: (\d+) \/ 100/.exec(heading);
  if (match === null) throw new Error(`no score in "${heading}"`);
  return Number(match[1]);
}

/** A learner answers a one-question interview of the seed set, finishes, and claims the first missing concept. */
async function answerAndClaim(page: Page, answer: string): Promise<{ results: string; before: number }> {
  await signUp(page, uniqueEmail("claimant"), "correct-horse-battery");
  const started = await page.request.post("/api/interviews", {
    data: { set: "kubernetes-dns", questions: 1, minutes: 20 },
  });
  expect(started.status()).toBe(201);
  const { id } = (await started.json()) as { id: string };
  await page.goto(`/interviews/${id}`);
  await page.getByLabel("Your answer to question 1").fill(answer);
  await expect(page.getByTestId("save-status")).toContainText("Saved at");
  await finishInterview(page);
  const question = page.getByTestId("result-question").first();
  const before = await questionScore(question);
  await question
    .getByRole("button", { name: /^I was right about/ })
    .first()
    .click();
  await question.getByLabel("Quote the words of your answer that say this").fill(PHRASE);
  await question.getByRole("button", { name: "Send for review" }).click();
  await expect(question.getByTestId("claim-pending")).toContainText(PHRASE);
  // waiting for review changes no score, also after a reload
  await page.reload();
  await expect(page.getByTestId("claim-pending")).toBeVisible();
  expect(await questionScore(page.getByTestId("result-question").first())).toBe(before);
  return { results: page.url(), before };
}

async function adminPage(browser: Browser): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await expect(page.getByTestId("signed-in-as")).toBeVisible();
  return page;
}

/** The admin's card of the pending claim on `answer` (each claimant's answer is told apart by its text). */
function claimCard(admin: Page, answer: string): Locator {
  return admin.getByTestId("pending-claim").filter({ hasText: answer });
}

test("a claim counts only once an admin accepts it; the learner then sees the new grade", async ({ page, browser }) => {
  test.setTimeout(90_000);
  const unique = `${ANSWER} (${Date.now()})`;
  const { results, before } = await answerAndClaim(page, unique);

  const admin = await adminPage(browser);
  await admin.goto("/admin");
  await expect(admin.getByTestId("claims-link")).toContainText(/\(\d+\)/);
  await admin.getByTestId("claims-link").click();
  await expect(admin.getByRole("heading", { level: 1 })).toHaveText("Grade claims");
  const card = claimCard(admin, unique);
  await expect(card.getByTestId("answer-excerpt").locator("mark")).toHaveText(PHRASE);
  await expect(card.getByTestId("grader-reason")).not.toBeEmpty();
  expect(await seriousViolations(admin)).toEqual([]);
  // a phrase that is not in the answer is refused, next to the field
  await card.getByLabel("Synonym to add to the set's rubric").fill("words nobody wrote");
  await card.getByRole("button", { name: "Accept and regrade" }).click();
  await expect(card.getByText("is not in the learner's answer")).toBeVisible();
  await card.getByLabel("Synonym to add to the set's rubric").fill(PHRASE);
  await card.getByRole("button", { name: "Accept and regrade" }).click();
  await expect(admin.getByTestId("reviewed-claims")).toContainText("Accepted");
  await expect(claimCard(admin, unique)).toHaveCount(0);

  await page.goto(results);
  await expect(page.getByTestId("claim-accepted")).toContainText(PHRASE);
  expect(await questionScore(page.getByTestId("result-question").first())).toBeGreaterThan(before);
});

test("a rejected claim leaves the score alone and shows the learner the reviewer's reason", async ({
  page,
  browser,
}) => {
  test.setTimeout(90_000);
  const unique = `The resolver reads resolv.conf; the stub tacks app.svc.cluster.local on. (${Date.now()})`;
  const { results, before } = await answerAndClaim(page, unique);

  const admin = await adminPage(browser);
  await admin.goto("/admin/claims");
  const card = claimCard(admin, unique);
  await card.getByRole("button", { name: "Reject" }).click();
  await expect(card.getByText("say why: the learner reads it")).toBeVisible();
  const reason = "That sentence names the domain but not who appends it.";
  await card.getByLabel("Reason for rejecting (the learner reads it)").fill(reason);
  await card.getByRole("button", { name: "Reject" }).click();
  await expect(admin.getByTestId("reviewed-claims")).toContainText(reason);

  await page.goto(results);
  await expect(page.getByTestId("claim-rejected")).toContainText(reason);
  expect(await questionScore(page.getByTestId("result-question").first())).toBe(before);
});

test("learners cannot open the claims queue", async ({ page }) => {
  await signUp(page, uniqueEmail("curious"), "correct-horse-battery");
  const response = await page.goto("/admin/claims");
  expect(response?.status()).toBe(403);
});
