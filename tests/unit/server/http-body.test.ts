import { describe, expect, it } from "vitest";
import { failureResponse, MAX_BODY_BYTES, readBody, sameOrigin, statusFor } from "../../../lib/server/http";
import { interviewParams } from "../../../lib/server/interviews";
import { failure } from "../../../lib/schemas/failure";
import { saveAnswerSchema, startInterviewSchema } from "../../../lib/schemas/interview";

function request(body: string, headers: Record<string, string> = {}): Request {
  return new Request("http://localhost/api/interviews", {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
  });
}

describe("reading an API body", () => {
  it("refuses a NUL character anywhere, naming where (PostgreSQL cannot store one)", async () => {
    const result = await readBody(request(JSON.stringify({ answer: "a\u0000b", revision: 1 })), saveAnswerSchema);
    if (result.ok) throw new Error("expected a failure");
    const response = failureResponse(result);
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error.errors).toEqual([{ path: "answer", message: "must not contain the NUL character (U+0000)" }]);
  });

  it("parses a valid body", async () => {
    const result = await readBody(request('{"set":"kubernetes-dns","questions":3,"minutes":20}'), startInterviewSchema);
    expect(result).toMatchObject({ ok: true, value: { set: "kubernetes-dns", questions: 3, minutes: 20 } });
  });

  it("answers malformed JSON with 400 INVALID_JSON", async () => {
    const result = await readBody(request("{not json"), startInterviewSchema);
    if (result.ok) throw new Error("expected a failure");
    const response = failureResponse(result);
    expect(response.status).toBe(400);
    expect((await response.json()).error.code).toBe("INVALID_JSON");
  });

  it("answers a schema failure with 400 and the failing fields by name", async () => {
    const result = await readBody(
      request('{"set":"kubernetes-dns","questions":30,"minutes":20}'),
      startInterviewSchema,
    );
    if (result.ok) throw new Error("expected a failure");
    const response = failureResponse(result);
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error.code).toBe("INVALID_REQUEST");
    expect(body.error.errors.map((e: { path: string }) => e.path)).toEqual(["questions"]);
    expect(body.error.message).toContain("questions");
  });

  it("answers an oversized body with 413, by header or by content", async () => {
    const declared = await readBody(request("{}", { "content-length": String(MAX_BODY_BYTES + 1) }), saveAnswerSchema);
    if (declared.ok) throw new Error("expected a failure");
    expect(failureResponse(declared).status).toBe(413);
    const big = JSON.stringify({ answer: "é".repeat(MAX_BODY_BYTES), revision: 1 });
    const actual = await readBody(request(big), saveAnswerSchema);
    if (actual.ok) throw new Error("expected a failure");
    expect(failureResponse(actual).status).toBe(413);
  });
});

describe("failure responses", () => {
  it.each([
    ["INVALID_REQUEST", 400],
    ["UNAUTHENTICATED", 401],
    ["CROSS_ORIGIN", 403],
    ["NOT_FOUND", 404],
    ["STALE_REVISION", 409],
    ["ANSWER_TOO_LONG", 413],
    ["NOT_OVERRIDABLE", 422],
    ["RATE_LIMITED", 429],
  ] as const)("answer %s with %i", (code, status) => {
    expect(statusFor(code)).toBe(status);
    expect(failureResponse(failure(code, "Why.")).status).toBe(status);
  });

  it("carry the code, the message, the field errors as a list and any extra fields", async () => {
    const stale = { ...failure("STALE_REVISION", "Newer text."), current: { answer: "a", revision: 3 } };
    expect(await failureResponse(stale).json()).toEqual({
      error: { code: "STALE_REVISION", message: "Newer text.", current: { answer: "a", revision: 3 } },
    });
    const invalid = failure("INVALID_REQUEST", "Invalid request: minutes: too many", { minutes: ["too many"] });
    expect((await failureResponse(invalid).json()).error.errors).toEqual([{ path: "minutes", message: "too many" }]);
  });
});

describe("the origin check", () => {
  const headers = (values: Record<string, string>) => new Headers({ host: "hopdrill.test", ...values });

  it("accepts our own origin and refuses any other", () => {
    expect(sameOrigin(headers({ origin: "https://hopdrill.test" }))).toBe(true);
    expect(sameOrigin(headers({ origin: "https://evil.example" }))).toBe(false);
    expect(sameOrigin(headers({ origin: "null" }))).toBe(false);
    expect(sameOrigin(headers({ origin: "https://app.hopdrill.test", "x-forwarded-host": "app.hopdrill.test" }))).toBe(
      true,
    );
  });

  it("without an Origin, refuses only what the browser calls cross-site", () => {
    expect(sameOrigin(headers({}))).toBe(true);
    expect(sameOrigin(headers({ "sec-fetch-site": "same-origin" }))).toBe(true);
    expect(sameOrigin(headers({ "sec-fetch-site": "cross-site" }))).toBe(false);
  });
});

describe("route parameters", () => {
  it("turns ids and positions that cannot exist into NOT_FOUND", () => {
    expect(interviewParams({ id: "abc123", position: "2" })).toMatchObject({ ok: true, id: "abc123", position: 2 });
    for (const params of [
      { id: "a/b" },
      { id: "abc", position: "0" },
      { id: "abc", position: "11" },
      { id: "abc", position: "x" },
    ]) {
      const result = interviewParams(params);
      if (result.ok) throw new Error(`expected ${JSON.stringify(params)} to be refused`);
      expect(statusFor(result.code)).toBe(404);
    }
  });
});
