/** The settings action's success message; the form shows it as a status, not an error. */
export const SETTINGS_SAVED = "Settings saved.";
