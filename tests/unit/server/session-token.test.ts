/**
 * The session cookie read from a Cookie header (lib/server/auth/session-token.ts cookieValue), as the fast
 * lane in front of Next.js reads it: it must find the value Next.js's `cookies()` finds in the same header,
 * or the two lanes would disagree on who is signed in.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
// the parser behind Next.js's RequestCookies (next/headers cookies())
import { RequestCookies } from "next/dist/compiled/@edge-runtime/cookies";
import { cookieValue, SESSION_COOKIE } from "../../../lib/server/auth/session-token";

const nextValue = (header: string, name: string) =>
  new RequestCookies(new Headers(header === "" ? {} : { cookie: header })).get(name)?.value;

describe("cookieValue", () => {
  it.each([
    ["hopdrill_session=abc", "abc"],
    ["a=1; hopdrill_session=abc; b=2", "abc"],
    ["a=1;hopdrill_session=abc", "abc"],
    ["hopdrill_session=a%2Ab", "a*b"],
    ["hopdrill_session=x=y", "x=y"],
    ["hopdrill_session=first; hopdrill_session=second", "second"],
    ["hopdrill_session=good; hopdrill_session=%E0%A4%A", "good"],
    ["hopdrill_session", "true"],
    ["hopdrill_session=", ""],
    ["xhopdrill_session=abc", undefined],
    ["a=1;  hopdrill_session=abc", "abc"],
    ["a=1 ;hopdrill_session=abc", "abc"],
    ["hopdrill_session =abc", undefined],
    ["", undefined],
  ])("%j → %j", (header, expected) => {
    expect(cookieValue(header, SESSION_COOKIE)).toBe(expected);
    expect(nextValue(header, SESSION_COOKIE)).toBe(expected);
  });

  it("is missing without a header", () => {
    expect(cookieValue(null, SESSION_COOKIE)).toBeUndefined();
    expect(cookieValue(undefined, SESSION_COOKIE)).toBeUndefined();
  });

  // a header's value as a server receives it: without the whitespace around it (web Headers and node:http's
  // parser both trim it)
  it("agrees with Next.js's parser on any header of cookie-ish text", () => {
    const piece = fc.constantFrom("hopdrill_session", "a", "=", ";", "; ", " ", "%", "%2", "%41", "%E0", "x", "*", "~");
    const header = fc.array(piece, { maxLength: 24 }).map((parts) => parts.join(""));
    fc.assert(
      fc.property(header, (text) => {
        const received = new Headers(text === "" ? {} : { cookie: text }).get("cookie");
        expect(cookieValue(received, SESSION_COOKIE)).toBe(nextValue(text, SESSION_COOKIE));
      }),
      { numRuns: 2000, seed: 20261204 },
    );
  });
});
