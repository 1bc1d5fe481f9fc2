"use client";

import { useSyncExternalStore } from "react";

/** The browser's IANA time zone ("Europe/Berlin"), or null where Intl does not say. */
export function browserTimeZone(): string | null {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || null;
  } catch {
    return null;
  }
}

const noSubscription = () => () => {};

/**
 * The browser's time zone for a component: null while the server renders (it cannot know it), the zone
 * once the page runs in the browser.
 */
export function useBrowserTimeZone(): string | null {
  return useSyncExternalStore(noSubscription, browserTimeZone, () => null);
}
