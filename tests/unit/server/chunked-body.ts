/** A request whose body is a chunked stream without Content-Length (tests of bounded body reading). */
export const CHUNK = 64 * 1024;

/** Past this, an "endless" body fails the stream, so a reader that never stops fails fast instead of filling memory. */
export const RUNAWAY_BYTES = 32 * 1024 * 1024;

/**
 * A chunked body of `total` bytes (endless when Infinity, up to RUNAWAY_BYTES) and how many bytes the reader
 * has pulled.
 */
export function chunkedBody(
  total: number,
  url = "http://localhost/api/interviews/x/questions/1",
  chunk = CHUNK,
  fill = 0x61,
  method = "PATCH",
  contentType = "application/json",
): { request: Request; pulled: () => number } {
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= RUNAWAY_BYTES && total === Infinity) {
        controller.error(new Error(`the reader pulled over ${RUNAWAY_BYTES} bytes of an endless body`));
        return;
      }
      if (sent >= total) {
        controller.close();
        return;
      }
      const size = Math.min(chunk, total - sent);
      sent += size;
      controller.enqueue(new Uint8Array(size).fill(fill));
    },
  });
  const request = new Request(url, {
    method,
    headers: { origin: "http://localhost", host: "localhost", "content-type": contentType },
    body: stream,
    duplex: "half",
  } as RequestInit);
  return { request, pulled: () => sent };
}
