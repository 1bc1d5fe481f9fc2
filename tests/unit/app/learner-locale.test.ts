import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_LOCALE, formatStudyDay, localeFromAcceptLanguage } from "../../../app/_components/learner-locale";

describe("the learner's locale for dates", () => {
  it.each([
    ["en-US,en;q=0.9", "en-US"],
    ["de-DE,de;q=0.9,en-US;q=0.8,en;q=0.7", "en-DE"],
    ["de;q=0.9, en-IN;q=0.8", "en-IN"],
    ["fr-CA;q=0.5, en-AU", "en-AU"],
    ["*", DEFAULT_LOCALE],
    ["de", DEFAULT_LOCALE],
    ["", DEFAULT_LOCALE],
    [null, DEFAULT_LOCALE],
    ["en-US;q=0, en-GB;q=0.3", "en-GB"],
    ["nl-BE", "en-BE"],
    // a region English has no conventions for in ICU: plain English
    ["zh-Hant-TW", "en"],
  ])("Accept-Language %j → %s", (header, locale) => {
    expect(localeFromAcceptLanguage(header)).toBe(locale);
  });

  it("always answers an English locale Intl can format with, whatever the header", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (header) => {
        const locale = localeFromAcceptLanguage(header);
        expect(locale.startsWith("en")).toBe(true);
        expect(() => new Intl.DateTimeFormat(locale)).not.toThrow();
      }),
    );
  });

  // CLDR versions differ on the comma after the weekday in day-first English
  it.each([
    ["2026-12-08", "en-GB", /^Tuesday,? 8 December 2026$/],
    ["2026-12-08", "en-US", /^Tuesday, December 8, 2026$/],
    ["2027-01-01", "en-DE", /^Friday,? 1 January 2027$/],
  ])("writes %s in %s as %s", (day, locale, text) => {
    expect(formatStudyDay(day, locale)).toMatch(text);
  });

  it("writes shorter forms for lists and chart axes", () => {
    expect(formatStudyDay("2026-12-08", "en-GB", "medium")).toMatch(/^Tue,? 8 Dec$/);
    expect(formatStudyDay("2026-12-08", "en-US", "medium")).toBe("Tue, Dec 8");
    expect(formatStudyDay("2026-12-08", "en-GB", "short")).toBe("8 Dec");
    expect(formatStudyDay("2026-12-08", "en-US", "short")).toBe("Dec 8");
  });

  it("leaves something that is not a day as it is", () => {
    expect(formatStudyDay("someday", "en-GB")).toBe("someday");
  });
});
