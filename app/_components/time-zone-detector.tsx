"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { adoptTimeZoneAction } from "@/app/(study)/settings/actions";
import { browserTimeZone } from "./browser-time-zone";

/**
 * Rendered while the signed-in user's time zone is still the default: sends the browser's zone once, and
 * shows the page again in it (history, results and the study day follow the zone).
 */
export function TimeZoneDetector() {
  const router = useRouter();
  useEffect(() => {
    const zone = browserTimeZone();
    if (zone === null) return;
    void adoptTimeZoneAction(zone).then((adopted) => {
      if (adopted) router.refresh();
    });
  }, [router]);
  return null;
}
