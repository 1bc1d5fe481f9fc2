import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { clientAddressOf, compileTrustedProxies } from "../../../lib/server/http/client-address";
import { parseEnv } from "../../../lib/schemas/env";

const none = compileTrustedProxies([]);
const loopback = compileTrustedProxies(["loopback"]);
const edge = compileTrustedProxies(["loopback", "10.0.0.0/8"]);

describe("the client's address for the rate limits", () => {
  it.each([
    // [what, socket address, X-Forwarded-For, trust, expected]
    ["no proxy trusted: the header is ignored", "203.0.113.7", "198.51.100.9", none, "203.0.113.7"],
    ["no proxy trusted, the header absent", "203.0.113.7", undefined, none, "203.0.113.7"],
    ["a trusted proxy names the client", "127.0.0.1", "198.51.100.9", loopback, "198.51.100.9"],
    [
      "what a client wrote left of its real address is never reached",
      "127.0.0.1",
      "6.6.6.6, 198.51.100.9",
      loopback,
      "198.51.100.9",
    ],
    [
      "a chain of trusted proxies is walked from the right",
      "127.0.0.1",
      "198.51.100.9, 10.1.2.3",
      edge,
      "198.51.100.9",
    ],
    ["every hop trusted: the leftmost", "127.0.0.1", "10.0.0.5, 10.0.0.6", edge, "10.0.0.5"],
    [
      "an untrusted peer's header is ignored even when it names a trusted range",
      "192.0.2.1",
      "10.0.0.5",
      edge,
      "192.0.2.1",
    ],
    [
      "garbage a client sent left of the real address",
      "127.0.0.1",
      "not-an-address, 198.51.100.9",
      loopback,
      "198.51.100.9",
    ],
    [
      "an IPv4-mapped peer is matched as IPv4 and written as IPv4",
      "::ffff:127.0.0.1",
      "198.51.100.9",
      loopback,
      "198.51.100.9",
    ],
    ["an IPv4-mapped untrusted peer is written as IPv4", "::ffff:203.0.113.7", "1.2.3.4", none, "203.0.113.7"],
    ["IPv6 in its shortest form", "2001:0db8:0000:0000:0000:0000:0000:0001", undefined, none, "2001:db8::1"],
    ["an IPv6 client behind an IPv4 proxy", "127.0.0.1", "2001:db8::42", loopback, "2001:db8::42"],
    ["an IPv6 loopback proxy", "::1", "198.51.100.9", loopback, "198.51.100.9"],
  ] as const)("%s", (_what, socket, forwarded, trust, expected) => {
    expect(clientAddressOf(socket, forwarded, trust)).toBe(expected);
  });

  it("trusts IPv6 ranges and joins repeated headers in order", () => {
    const v6 = compileTrustedProxies(["2001:db8::/32"]);
    expect(clientAddressOf("2001:db8::5", ["198.51.100.1", "198.51.100.9"], v6)).toBe("198.51.100.9");
  });

  it("TRUSTED_PROXIES is read as a list, and an entry it cannot read is refused by name", () => {
    expect(parseEnv({ TRUSTED_PROXIES: " loopback, 10.0.0.0/8 ,," })).toMatchObject({
      ok: true,
      env: { TRUSTED_PROXIES: ["loopback", "10.0.0.0/8"] },
    });
    expect(parseEnv({})).toMatchObject({ ok: true, env: { TRUSTED_PROXIES: [] } });
    for (const [setting, named] of [
      ["loopback, 10.0.0.0/33", "10.0.0.0/33"],
      ["proxy.example", "proxy.example"],
    ]) {
      const parsed = parseEnv({ TRUSTED_PROXIES: setting });
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.message).toMatch(new RegExp(`TRUSTED_PROXIES: .*${named!.replaceAll(".", "\\.")}`));
    }
  });

  it("with no proxy trusted, no header a client writes changes the address (property)", () => {
    fc.assert(
      fc.property(fc.ipV4(), fc.array(fc.oneof(fc.ipV4(), fc.ipV6(), fc.string()), { maxLength: 6 }), (peer, hops) => {
        expect(clientAddressOf(peer, hops.join(", "), none)).toBe(peer);
      }),
    );
  });

  it("behind a trusted proxy, the address is the hop the proxy appended, whatever the client wrote (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.ipV4(), { maxLength: 6 }), fc.ipV4(), (written, real) => {
        fc.pre(!real.startsWith("127."));
        expect(clientAddressOf("127.0.0.1", [...written, real].join(", "), loopback)).toBe(real);
      }),
    );
  });
});
