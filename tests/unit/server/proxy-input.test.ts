/**
 * Issue: user input made Next.js answer 500. A path segment that is not percent-encoded UTF-8 (`/sets/%ZZ`,
 * `/study/%ZZ`, `/api/interviews/%ZZ`) failed in Next's own parameter decoding; a server action body over
 * next.config.js's bodySizeLimit failed in Next's action decoder. proxy.ts answers 400 and 413 with a message.
 */
import fs from "node:fs";
import path from "node:path";
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { config, proxy } from "../../../proxy";
import { MAX_ACTION_BODY_BYTES } from "../../../lib/server/http/action-body";
import { CHUNK, chunkedBody } from "./chunked-body";

const ORIGIN = "http://hopdrill.test";

function page(path: string): NextRequest {
  return new NextRequest(`${ORIGIN}${path}`, { headers: { host: "hopdrill.test" } });
}

function actionCall(body: BodyInit, headers: Record<string, string> = {}): NextRequest {
  return new NextRequest(`${ORIGIN}/admin/sets/new`, {
    method: "POST",
    headers: { host: "hopdrill.test", origin: ORIGIN, "next-action": "0123abcd", ...headers },
    body,
    duplex: "half",
  } as ConstructorParameters<typeof NextRequest>[1]);
}

describe("paths that are not percent-encoded UTF-8", () => {
  it.each(["/sets/%ZZ", "/study/%ZZ", "/study/%C0%AF", "/sets/%E2%80", "/admin/sets/%/edit"])(
    "%s answers 400 with a message",
    async (path) => {
      const response = await proxy(page(path));
      expect(response.status).toBe(400);
      expect(await response.text()).toContain("is not percent-encoded UTF-8");
    },
  );

  it("/api/interviews/%ZZ answers 400 with the API's JSON error", async () => {
    const response = await proxy(page("/api/interviews/%ZZ"));
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("INVALID_REQUEST");
    expect(body.error.message).toContain("%ZZ");
  });

  it("valid encodings pass (a zero-width space, a slash, an emoji)", async () => {
    for (const path of ["/sets/%E2%80%8B", "/sets/a%2Fb", "/sets/%F0%9F%98%80", "/api/interviews/a%20b"]) {
      expect((await proxy(page(path))).status, path).toBe(200);
    }
  });

  it("the proxy's matcher sends API paths with a percent sign through the check", () => {
    const sources = config.matcher.map((m) => m.source);
    expect(sources).toContain("/api/(.*%.*)");
  });
});

describe("server action bodies over the action limit", () => {
  it("the limit is next.config.js's serverActions.bodySizeLimit", () => {
    const config = fs.readFileSync(path.resolve(import.meta.dirname, "../../../next.config.js"), "utf8");
    const limit = /serverActions: \{ bodySizeLimit: "(\d+)mb" \}/.exec(config);
    expect(Number(limit?.[1]) * 1024 * 1024).toBe(MAX_ACTION_BODY_BYTES);
  });

  it("an 8 MB body answers 413 naming the limit", async () => {
    const body = "[" + JSON.stringify("x".repeat(8 * 1024 * 1024)) + "]";
    for (const type of ["text/plain;charset=UTF-8", "multipart/form-data; boundary=b"]) {
      const response = await proxy(actionCall(body, { "content-type": type }));
      expect(response.status, type).toBe(413);
      expect(await response.text()).toContain(String(MAX_ACTION_BODY_BYTES));
    }
  });

  it("an endless chunked body answers 413 after reading only the limit", async () => {
    const chunked = chunkedBody(Infinity);
    const response = await proxy(actionCall(chunked.request.body!, { "content-type": "text/plain;charset=UTF-8" }));
    expect(response.status).toBe(413);
    expect(chunked.pulled()).toBeLessThanOrEqual(MAX_ACTION_BODY_BYTES + 3 * CHUNK);
  });

  it("a body within the limit still passes", async () => {
    const response = await proxy(actionCall('["a"]', { "content-type": "text/plain;charset=UTF-8" }));
    expect(response.status).toBe(200);
  });
});
