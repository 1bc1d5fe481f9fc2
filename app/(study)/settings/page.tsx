import type { Metadata } from "next";
import { requireUser } from "@/lib/server/auth";
import { studySettingsOf } from "@/lib/server/study";
import { timeZoneChoices } from "@/app/_components/learner-locale";
import { SettingsForm } from "./settings-form";

export const metadata: Metadata = { title: "Study settings" };

export default async function SettingsPage() {
  const user = await requireUser("/settings");
  const s = await studySettingsOf(user);
  return (
    <>
      <h1>Study settings</h1>
      <p className="lead">
        How the FSRS scheduler spaces your reviews, how many cards a day you see, and when and where your study day
        begins.
      </p>
      <SettingsForm
        initial={{
          desiredRetention: String(s.desiredRetention),
          learningSteps: s.learningSteps,
          relearningSteps: s.relearningSteps,
          enableFuzz: s.enableFuzz,
          maximumInterval: String(s.maximumInterval),
          newPerDay: String(s.newPerDay),
          reviewsPerDay: String(s.reviewsPerDay),
          timeZone: s.timeZone,
          dayStartHour: String(s.dayStartHour),
        }}
        timeZones={timeZoneChoices(new Date(), [s.timeZone])}
      />
    </>
  );
}
