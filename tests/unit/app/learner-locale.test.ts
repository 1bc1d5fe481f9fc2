import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_LOCALE,
  formatMoment,
  formatStudyDay,
  localeFromAcceptLanguage,
  timeZoneChoices,
  zoneLabel,
} from "../../../app/_components/learner-locale";

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

describe("instants in the learner's time zone (regression: history showed UTC for a learner in Europe/Berlin)", () => {
  const at = "2026-12-08T13:05:00.000Z";

  it.each([
    ["Europe/Berlin", "en-GB", /^Tue,? 8 Dec 2026,? 14:05$/],
    ["UTC", "en-GB", /^Tue,? 8 Dec 2026,? 13:05$/],
    ["America/New_York", "en-US", /^Tue, Dec 8, 2026,? 08:05 AM$/],
    ["Asia/Kolkata", "en-IN", /^Tue,? 8 Dec,? 2026,? 0?6:35 pm$/i],
  ])("%s in %s", (zone, locale, text) => {
    expect(formatMoment(at, locale, zone)).toMatch(text);
  });

  it("writes the day an instant falls on in the zone, which may not be UTC's", () => {
    expect(formatMoment("2026-12-08T23:30:00Z", "en-GB", "Europe/Berlin", "day")).toBe("9 Dec");
    expect(formatMoment("2026-12-08T23:30:00Z", "en-GB", "UTC", "day")).toBe("8 Dec");
  });

  it("falls back to UTC for a zone the runtime does not know, instead of failing the page", () => {
    expect(formatMoment(at, "en-GB", "Mars/Olympus_Mons", "time")).toBe(formatMoment(at, "en-GB", "UTC", "time"));
  });

  it("names a zone for a heading", () => {
    expect(zoneLabel("America/New_York")).toBe("America/New York");
  });
});

describe("the time-zone picker", () => {
  const at = new Date("2026-07-01T12:00:00Z");
  const groups = timeZoneChoices(at, ["Europe/Kiev"]);
  const all = groups.flatMap((group) => group.zones);

  it("offers UTC first, then every zone Intl knows by region, each with its offset", () => {
    expect(groups[0]).toEqual({ region: "Universal", zones: [{ value: "UTC", label: "UTC (GMT)" }] });
    expect(all.length).toBeGreaterThanOrEqual(Intl.supportedValuesOf("timeZone").length);
    expect(groups.find((g) => g.region === "Europe")?.zones).toContainEqual({
      value: "Europe/Berlin",
      label: "Berlin (GMT+02:00)",
    });
    expect(all).toContainEqual({
      value: "America/Argentina/Ushuaia",
      label: "Argentina – Ushuaia (GMT-03:00)",
    });
  });

  it("keeps the saved zone even when the runtime names it differently", () => {
    expect(all.map((zone) => zone.value)).toContain("Europe/Kiev");
    expect(new Set(all.map((zone) => zone.value)).size).toBe(all.length);
  });
});
