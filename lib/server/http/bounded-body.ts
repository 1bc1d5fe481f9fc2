/**
 * Reading a request body with a hard byte limit, whatever its framing: a declared Content-Length over the
 * limit is refused unread, and a chunked body (or one without a length, or one longer than it declared) is
 * read only until the limit is passed, then the stream is cancelled. Memory held is the limit plus one chunk.
 * Used by every body reader of the app: the route handlers' JSON (body.ts), the import routes
 * (lib/server/authoring/routes.ts), proxy.ts for server actions, and (node:http's request, the same rules)
 * the fast lane in front of Next.js (fast-lane.ts).
 */
import "server-only";
import type { IncomingMessage } from "node:http";

/** The body's bytes, or null when it is (or declares itself) longer than `limit` bytes. */
export async function readBoundedBytes(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer> | null> {
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > limit) return null;
  const body = request.body;
  if (body === null) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > limit) {
        await reader.cancel("request body over the limit").catch(() => undefined);
        return null;
      }
      chunks.push(value);
    }
  } finally {
    reader.releaseLock();
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** The body as UTF-8 text (invalid sequences replaced, as Request.text() does), or null past `limit` bytes. */
export async function readBoundedText(request: Request, limit: number): Promise<string | null> {
  return utf8(await readBoundedBytes(request, limit));
}

const utf8 = (bytes: Uint8Array | null): string | null => (bytes === null ? null : new TextDecoder().decode(bytes));

/**
 * readBoundedBytes for node:http's request. Past the limit it stops keeping chunks, and the rest of the body
 * is read and dropped as it comes (node:http's server would otherwise wait for it before reading the
 * connection's next request). Rejects when the client goes away first.
 */
export function readBoundedIncomingBytes(request: IncomingMessage, limit: number): Promise<Uint8Array | null> {
  const declared = request.headers["content-length"];
  if (declared !== undefined && Number(declared) > limit) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const done = () => {
      request.off("data", onData);
      request.off("end", onEnd);
      request.off("error", onGone);
      request.off("close", onGone);
    };
    const onData = (chunk: Buffer) => {
      total += chunk.byteLength;
      if (total <= limit) {
        chunks.push(chunk);
        return;
      }
      done();
      request.resume(); // the rest is read and dropped, so the connection can serve its next request
      resolve(null);
    };
    const onEnd = () => {
      done();
      resolve(Buffer.concat(chunks, total));
    };
    const onGone = () => {
      done();
      reject(new Error("the client went away before the request body ended"));
    };
    request.on("data", onData);
    request.on("end", onEnd);
    request.on("error", onGone);
    request.on("close", onGone);
  });
}

/** readBoundedText for node:http's request. */
export async function readBoundedIncomingText(request: IncomingMessage, limit: number): Promise<string | null> {
  return utf8(await readBoundedIncomingBytes(request, limit));
}
