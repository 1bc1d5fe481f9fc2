import { plural } from "../content/plural";

/**
 * Short interval labels for rating buttons, as Anki writes them: "<1m", "10m", "3h", "4d", "2.1mo", "1.5y".
 */
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const MONTH = 30 * DAY;
const YEAR = 365 * DAY;

function oneDecimal(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  return Number.isInteger(rounded) ? String(rounded) : rounded.toFixed(1);
}

export function formatInterval(ms: number): string {
  if (ms < MINUTE) return "<1m";
  if (ms < HOUR) return `${Math.round(ms / MINUTE)}m`;
  if (ms < DAY) return `${Math.round(ms / HOUR)}h`;
  if (ms < MONTH) return `${Math.round(ms / DAY)}d`;
  if (ms < YEAR) return `${oneDecimal(ms / MONTH)}mo`;
  return `${oneDecimal(ms / YEAR)}y`;
}

/** Long form for screen readers: "10 minutes", "4 days". */
export function describeInterval(ms: number): string {
  if (ms < MINUTE) return "less than a minute";
  if (ms < HOUR) return plural(Math.round(ms / MINUTE), "minute");
  if (ms < DAY) return plural(Math.round(ms / HOUR), "hour");
  if (ms < MONTH) return plural(Math.round(ms / DAY), "day");
  if (ms < YEAR) return `${oneDecimal(ms / MONTH)} months`;
  return `${oneDecimal(ms / YEAR)} years`;
}
