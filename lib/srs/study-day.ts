/**
 * The learner's study day: it starts at `dayStartHour` o'clock in their IANA time zone (Anki's "next day
 * starts at", default 4 a.m., so a late-night session counts for the day it began). Uses Intl only.
 */

export interface StudyDay {
  /** the calendar date the study day is named after, "YYYY-MM-DD" */
  readonly key: string;
  readonly start: Date;
  /** the start of the next study day (23 or 25 hours later across a DST change) */
  readonly end: Date;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock time in `timeZone` at `at`, encoded as if it were UTC (milliseconds). */
function wallClockMs(at: Date, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(at)) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  return Date.UTC(
    parts.year ?? 1970,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
}

/** The zone's offset from UTC at `at`, in milliseconds (positive east of Greenwich). */
export function zoneOffsetMs(at: Date, timeZone: string): number {
  const whole = new Date(Math.floor(at.getTime() / 1000) * 1000);
  return wallClockMs(whole, timeZone) - whole.getTime();
}

/** DST changes move clocks by at most this much (Lord Howe's half hour and the usual hour included). */
const MAX_SHIFT_S = 3 * 3600;

/**
 * The instant whose wall clock in `timeZone` reads the given local date and hour. In a DST gap (the hour
 * does not exist) this is the first instant whose clock reads later, the moment the clocks jump past it, so
 * the day before ends exactly where this one starts.
 */
export function zonedInstant(year: number, month: number, day: number, hour: number, timeZone: string): Date {
  const wall = Date.UTC(year, month - 1, day, hour);
  // Two rounds: the first guess uses the offset at the wall time read as UTC, the second corrects it when
  // a DST change lies between the two.
  let guess = wall - zoneOffsetMs(new Date(wall), timeZone);
  guess = wall - zoneOffsetMs(new Date(guess), timeZone);
  if (wallClockMs(new Date(guess), timeZone) === wall) return new Date(guess);
  // In a gap the second round lands before it (read with the offset after the change): search the seconds
  // around the guess for the first one whose clock reads `wall` or later (the clock never runs backwards
  // here: a fall-back change is never within hours of a spring-forward one).
  let lo = Math.floor(guess / 1000) - MAX_SHIFT_S;
  let hi = Math.floor(guess / 1000) + MAX_SHIFT_S;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (wallClockMs(new Date(mid * 1000), timeZone) >= wall) hi = mid;
    else lo = mid + 1;
  }
  return new Date(lo * 1000);
}

function dateKey(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The study day that contains `now`. */
export function studyDay(now: Date, timeZone: string, dayStartHour: number): StudyDay {
  const wall = wallClockMs(now, timeZone) - dayStartHour * 3_600_000;
  const key = dateKey(wall);
  return studyDayOf(key, timeZone, dayStartHour);
}

/**
 * Study days already worked out, by key, zone and hour. A day's bounds are a pure function of the three and
 * take six Intl calls to find, while every signed-in page and rating asks for today's: remembering them
 * leaves one Intl call per request (finding which day `now` falls in). Bounded: cleared when full.
 */
const days = new Map<string, StudyDay>();
const MAX_DAYS = 4_096;

/** The study day named `key` ("YYYY-MM-DD"). */
export function studyDayOf(key: string, timeZone: string, dayStartHour: number): StudyDay {
  const memo = `${key}|${dayStartHour}|${timeZone}`;
  let day = days.get(memo);
  if (day === undefined) {
    day = computeStudyDay(key, timeZone, dayStartHour);
    if (days.size >= MAX_DAYS) days.clear();
    days.set(memo, day);
  }
  // fresh Date objects: a caller that moved one must not move the remembered day
  return { key, start: new Date(day.start.getTime()), end: new Date(day.end.getTime()) };
}

function computeStudyDay(key: string, timeZone: string, dayStartHour: number): StudyDay {
  const [y, m, d] = key.split("-").map(Number) as [number, number, number];
  const start = zonedInstant(y, m, d, dayStartHour, timeZone);
  const next = dateKey(Date.UTC(y, m - 1, d + 1));
  const [ny, nm, nd] = next.split("-").map(Number) as [number, number, number];
  const end = zonedInstant(ny, nm, nd, dayStartHour, timeZone);
  return { key, start, end };
}

/** The key of the study day `offset` days after `key`. */
export function addDays(key: string, offset: number): string {
  const [y, m, d] = key.split("-").map(Number) as [number, number, number];
  return dateKey(Date.UTC(y, m - 1, d + offset));
}

/** The key of the study day an instant falls in (for bucketing reviews and due dates). */
export function studyDayKey(at: Date, timeZone: string, dayStartHour: number): string {
  return dateKey(wallClockMs(at, timeZone) - dayStartHour * 3_600_000);
}
