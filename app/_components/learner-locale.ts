/**
 * Dates in the learner's own words: the app speaks English, ordered the way the learner's region writes
 * dates ("Tuesday, 8 December 2026" for en-GB or a German browser, "Tuesday, December 8, 2026" for en-US).
 * The region comes from the browser's Accept-Language header. Pure: the page passes the header in.
 */

/** Without a usable header: the order most English-speaking regions use. */
export const DEFAULT_LOCALE = "en-GB";

const TAG = /^([a-z]{2,3})(?:-[a-z]{4})?(?:-([a-z]{2}|\d{3}))?(?:-|$)/i;

/** An English locale for the learner's first listed language: "en-US" stays, "de-DE" becomes "en-DE". */
export function localeFromAcceptLanguage(header: string | null | undefined): string {
  const ranked = (header ?? "")
    .split(",")
    .slice(0, 20)
    .map((part, order) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q), order };
    })
    .filter((entry) => entry.q > 0 && TAG.test(entry.tag))
    .sort((a, b) => b.q - a.q || a.order - b.order);
  for (const { tag } of ranked) {
    const [, language = "", region] = TAG.exec(tag) ?? [];
    const candidate = language.toLowerCase() === "en" ? tag : region ? `en-${region.toUpperCase()}` : null;
    if (candidate === null) continue;
    try {
      return new Intl.DateTimeFormat(candidate).resolvedOptions().locale;
    } catch {
      // a tag Intl cannot read: try the next one
    }
  }
  return DEFAULT_LOCALE;
}

const DAY_STYLES = {
  /** "Tuesday, 8 December 2026" */
  long: { weekday: "long", day: "numeric", month: "long", year: "numeric" },
  /** "Tue, 8 Dec", for lists and tooltips */
  medium: { weekday: "short", day: "numeric", month: "short" },
  /** "8 Dec", for a chart's axis */
  short: { day: "numeric", month: "short" },
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;

/** A study day ("2026-12-08") as the learner reads it. */
export function formatStudyDay(day: string, locale: string, style: keyof typeof DAY_STYLES = "long"): string {
  const date = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return day;
  // a study day is a calendar date, not an instant: written in UTC, it is the same day everywhere
  return new Intl.DateTimeFormat(locale, { ...DAY_STYLES[style], timeZone: "UTC" }).format(date);
}

const MOMENT_STYLES = {
  /** "Tue, 8 Dec 2026, 14:05" */
  long: { weekday: "short", day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit" },
  /** "Tue, 8 Dec, 14:05", for lists within the year */
  medium: { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" },
  /** "8 Dec", for a chart's axis */
  day: { day: "numeric", month: "short" },
  /** "14:05" */
  clock: { hour: "2-digit", minute: "2-digit" },
  /** "14:05:09" */
  time: { hour: "2-digit", minute: "2-digit", second: "2-digit" },
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;

/**
 * An instant (an interview's start, a save) as the learner reads it: in the time zone they chose in their
 * settings, not the server's and not UTC. An unknown zone falls back to UTC rather than failing the page.
 */
export function formatMoment(
  at: Date | string,
  locale: string,
  timeZone: string,
  style: keyof typeof MOMENT_STYLES = "long",
): string {
  const date = typeof at === "string" ? new Date(at) : at;
  if (Number.isNaN(date.getTime())) return String(at);
  try {
    return new Intl.DateTimeFormat(locale, { ...MOMENT_STYLES[style], timeZone }).format(date);
  } catch {
    return new Intl.DateTimeFormat(locale, { ...MOMENT_STYLES[style], timeZone: "UTC" }).format(date);
  }
}

/** A time zone's name for a heading: "Europe/Berlin" → "Europe/Berlin", "America/New_York" → "America/New York". */
export function zoneLabel(timeZone: string): string {
  return timeZone.replaceAll("_", " ");
}

export interface TimeZoneChoice {
  readonly value: string;
  readonly label: string;
}

/** "GMT+01:00" at `at` ("GMT" for UTC itself). */
function offsetAt(timeZone: string, at: Date): string {
  const part = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" })
    .formatToParts(at)
    .find((p) => p.type === "timeZoneName");
  return part?.value ?? "";
}

/**
 * Every time zone this runtime knows (Intl.supportedValuesOf), grouped by region for a picker, each with its
 * offset at `at`: "Europe" → "Berlin (GMT+01:00)". UTC comes first; zones in `keep` (the one saved, the
 * browser's) are listed even when the runtime names them differently ("Europe/Kyiv" and "Europe/Kiev").
 */
export function timeZoneChoices(
  at: Date,
  keep: readonly (string | null | undefined)[] = [],
): { readonly region: string; readonly zones: readonly TimeZoneChoice[] }[] {
  const known = new Set(Intl.supportedValuesOf("timeZone"));
  for (const zone of keep) if (zone) known.add(zone);
  known.delete("UTC");
  const groups = new Map<string, TimeZoneChoice[]>();
  for (const zone of [...known].sort()) {
    const slash = zone.indexOf("/");
    const region = slash === -1 ? "Other" : zone.slice(0, slash);
    const place = zone
      .slice(slash + 1)
      .replaceAll("_", " ")
      .replaceAll("/", " – ");
    const list = groups.get(region) ?? [];
    list.push({ value: zone, label: `${place} (${offsetAt(zone, at)})` });
    groups.set(region, list);
  }
  return [
    { region: "Universal", zones: [{ value: "UTC", label: "UTC (GMT)" }] },
    ...[...groups].map(([region, zones]) => ({ region, zones })),
  ];
}
