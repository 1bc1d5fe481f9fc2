/**
 * The proxy refuses cross-site server action calls before Next.js runs them. Regression: a call without an
 * Origin header but with `Sec-Fetch-Site: cross-site` passed the proxy's own origin comparison (the route
 * handlers' check refused the same request), so the two checks disagreed.
 */
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { proxy } from "../../../proxy";

function actionCall(headers: Record<string, string>): NextRequest {
  return new NextRequest("http://hopdrill.test/admin/sets/new", {
    method: "POST",
    headers: { host: "hopdrill.test", "next-action": "0123abcd", "content-type": "text/plain", ...headers },
    body: '["$undefined"]',
  });
}

describe("the proxy's origin check for server actions", () => {
  it("refuses a call from another origin", async () => {
    const response = await proxy(actionCall({ origin: "https://evil.example" }));
    expect(response.status).toBe(403);
    expect(await response.text()).toContain("Cross-origin server action refused");
  });

  it("refuses a call without Origin that the browser marks cross-site (missing-origin bypass)", async () => {
    const response = await proxy(actionCall({ "sec-fetch-site": "cross-site" }));
    expect(response.status).toBe(403);
  });

  it("lets our own calls through, with or without Origin", async () => {
    const calls: Record<string, string>[] = [
      { origin: "http://hopdrill.test" },
      { "sec-fetch-site": "same-origin" },
      {},
    ];
    for (const headers of calls) {
      expect((await proxy(actionCall(headers))).status).toBe(200);
    }
  });
});
