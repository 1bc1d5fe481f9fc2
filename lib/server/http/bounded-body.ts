/**
 * Reading a request body with a hard byte limit, whatever its framing: a declared Content-Length over the
 * limit is refused unread, and a chunked body (or one without a length, or one longer than it declared) is
 * read only until the limit is passed, then the stream is cancelled. Memory held is the limit plus one chunk.
 * Used by every body reader of the app: the route handlers' JSON (body.ts), the import routes
 * (lib/server/authoring/routes.ts) and proxy.ts for server actions.
 */
import "server-only";

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
  const bytes = await readBoundedBytes(request, limit);
  return bytes === null ? null : new TextDecoder().decode(bytes);
}
