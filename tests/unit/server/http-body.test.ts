import { describe, expect, it } from "vitest";
import { interviewParams, MAX_BODY_BYTES, readBody } from "../../../lib/server/http";
import { saveAnswerSchema, startInterviewSchema } from "../../../lib/schemas/interview";

function request(body: string, headers: Record<string, string> = {}): Request {
  return new Request("http://localhost/api/interviews", {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
  });
}

describe("reading an API body", () => {
  it("parses a valid body", async () => {
    const result = await readBody(request('{"set":"kubernetes-dns","questions":3,"minutes":20}'), startInterviewSchema);
    expect(result).toMatchObject({ ok: true, value: { set: "kubernetes-dns", questions: 3, minutes: 20 } });
  });

  it("answers malformed JSON with 400 INVALID_JSON", async () => {
    const result = await readBody(request("{not json"), startInterviewSchema);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.response.status).toBe(400);
    expect((await result.response.json()).error.code).toBe("INVALID_JSON");
  });

  it("answers a schema failure with 400 and the failing fields by name", async () => {
    const result = await readBody(
      request('{"set":"kubernetes-dns","questions":30,"minutes":20}'),
      startInterviewSchema,
    );
    if (result.ok) throw new Error("expected a failure");
    expect(result.response.status).toBe(400);
    const body = await result.response.json();
    expect(body.error.code).toBe("INVALID_REQUEST");
    expect(body.error.errors.map((e: { path: string }) => e.path)).toEqual(["questions"]);
    expect(body.error.message).toContain("questions");
  });

  it("answers an oversized body with 413, by header or by content", async () => {
    const declared = await readBody(request("{}", { "content-length": String(MAX_BODY_BYTES + 1) }), saveAnswerSchema);
    if (declared.ok) throw new Error("expected a failure");
    expect(declared.response.status).toBe(413);
    const big = JSON.stringify({ answer: "é".repeat(MAX_BODY_BYTES), revision: 1 });
    const actual = await readBody(request(big), saveAnswerSchema);
    if (actual.ok) throw new Error("expected a failure");
    expect(actual.response.status).toBe(413);
  });
});

describe("route parameters", () => {
  it("turns ids and positions that cannot exist into 404s", async () => {
    expect(interviewParams({ id: "abc123", position: "2" })).toMatchObject({ ok: true, id: "abc123", position: 2 });
    for (const params of [
      { id: "a/b" },
      { id: "abc", position: "0" },
      { id: "abc", position: "11" },
      { id: "abc", position: "x" },
    ]) {
      const result = interviewParams(params);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.response.status).toBe(404);
    }
  });
});
