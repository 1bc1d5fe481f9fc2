import type { Metadata } from "next";
import Link from "next/link";
import { requireUser } from "@/lib/server/auth";
import { listInterviewSets } from "@/lib/server/interviews";
import { StartForm } from "../../_components/start-form";

export const metadata: Metadata = { title: "Start a mock interview" };

export default async function NewInterviewPage() {
  await requireUser("/interviews/new");
  const sets = await listInterviewSets();
  return (
    <>
      <h1>Start a mock interview</h1>
      <p className="lead">
        Free-form questions on generated cluster scenarios, one countdown for the whole interview, graded on the
        concepts you name and the order of the hops. Answers save as you type; the clock runs on the server.
      </p>
      {sets.length === 0 ? (
        <p className="notice">No published question set has interview questions yet.</p>
      ) : (
        <StartForm sets={sets} />
      )}
      <p>
        <Link href="/interviews">Your past interviews</Link>
      </p>
    </>
  );
}
