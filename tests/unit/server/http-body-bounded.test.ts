/**
 * Issue: request bodies were read whole before the size check (only Content-Length was looked at), so a
 * chunked 200 MB body was buffered in full before its 413. These bodies are streams without a length that
 * never end on their own: a reader that does not stop at the limit would pull for ever (or until the test
 * times out), and the count of bytes pulled shows how much was held.
 */
import { describe, expect, it } from "vitest";
import { failureResponse, MAX_BODY_BYTES, readBody } from "../../../lib/server/http";
import { readBoundedBytes } from "../../../lib/server/http/bounded-body";
import { saveAnswerSchema } from "../../../lib/schemas/interview";
import { CHUNK, chunkedBody } from "./chunked-body";

describe("bounded body reading (chunked, no Content-Length)", () => {
  it("stops reading an endless chunked body at the limit", async () => {
    const body = chunkedBody(Infinity);
    expect(body.request.headers.get("content-length")).toBeNull();
    expect(await readBoundedBytes(body.request, 1_000_000)).toBeNull();
    // at most the limit and one chunk more (plus what the stream queued ahead), never the whole body
    expect(body.pulled()).toBeLessThanOrEqual(1_000_000 + 3 * CHUNK);
  });

  it("reads a body within the limit in full, byte for byte", async () => {
    const body = chunkedBody(300_000, undefined, 7_001, 0x62);
    const bytes = await readBoundedBytes(body.request, 300_000);
    expect(bytes?.byteLength).toBe(300_000);
    expect(bytes?.every((b) => b === 0x62)).toBe(true);
  });

  it("refuses a declared length over the limit without reading anything", async () => {
    const body = chunkedBody(Infinity);
    const request = new Request(body.request, { headers: { "content-length": "2000000" } });
    expect(await readBoundedBytes(request, 1_000_000)).toBeNull();
    expect(body.pulled()).toBeLessThanOrEqual(CHUNK);
  });

  it("readBody answers an endless chunked PATCH with 413 naming the limit, holding no more than the limit", async () => {
    const body = chunkedBody(Infinity);
    const before = process.memoryUsage().arrayBuffers;
    const result = await readBody(body.request, saveAnswerSchema);
    if (result.ok) throw new Error("expected a failure");
    const response = failureResponse(result);
    expect(response.status).toBe(413);
    const json = (await response.json()) as { error: { code: string; message: string } };
    expect(json.error.code).toBe("BODY_TOO_LARGE");
    expect(json.error.message).toContain(String(MAX_BODY_BYTES));
    expect(body.pulled()).toBeLessThanOrEqual(MAX_BODY_BYTES + 3 * CHUNK);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(16 * 1024 * 1024);
  });

  it("readBody answers a 50 MB chunked body with 413 after reading only the limit", async () => {
    const body = chunkedBody(50 * 1024 * 1024);
    const result = await readBody(body.request, saveAnswerSchema);
    expect(result.ok).toBe(false);
    expect(body.pulled()).toBeLessThanOrEqual(MAX_BODY_BYTES + 3 * CHUNK);
  });
});
