/**
 * The bounds of the numeric settings: the form's number inputs take their min, max and step from here and
 * every error names the range ("−3 new cards" is answered with "Use 0 to 9999 new cards a day.").
 * Retention: ts-fsrs rejects one outside (0, 1]; intervals explode below 0.7 and collapse above 0.99 (Anki's
 * bounds). Maximum interval: ts-fsrs's default and ceiling, 36500 days (100 years).
 */
export const SETTING_LIMITS = {
  desiredRetention: { min: 0.7, max: 0.99, step: 0.01, unit: "", integer: false },
  maximumInterval: { min: 1, max: 36500, step: 1, unit: " days", integer: true },
  newPerDay: { min: 0, max: 9999, step: 1, unit: " new cards a day", integer: true },
  reviewsPerDay: { min: 0, max: 99999, step: 1, unit: " reviews a day", integer: true },
  dayStartHour: { min: 0, max: 23, step: 1, unit: " (the hour of the day)", integer: true },
} as const;

export type NumericSetting = keyof typeof SETTING_LIMITS;

/** "0.70 to 0.99", "0 to 9999 new cards a day" */
export function settingRange(setting: NumericSetting): string {
  const { min, max, unit, integer } = SETTING_LIMITS[setting];
  const shown = (value: number) => (integer ? String(value) : value.toFixed(2));
  return `${shown(min)} to ${shown(max)}${unit}`;
}
