import type { Metadata } from "next";
import { BackLink } from "@/app/_components/back-link";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/server/auth";
import { studySnapshot } from "@/lib/server/study";
import { slugSchema } from "@/lib/schemas/question-set";
import { StudyScreen } from "../../_components/study-screen";

type Params = Promise<{ slug: string }>;

export const metadata: Metadata = { title: "Study" };

/** The study screen starts from the server's queue; from then on it moves by itself (StudyScreen). */
export default async function StudyPage({ params }: { params: Params }) {
  const { slug } = await params;
  const parsed = slugSchema.safeParse(slug);
  if (!parsed.success) notFound();
  const user = await requireUser(`/study/${parsed.data}`);
  const snapshot = await studySnapshot(user, parsed.data, new Date());
  if (!snapshot) notFound();
  return (
    <>
      <BackLink href="/sets">All question sets</BackLink>
      <h1>Study: {snapshot.set.title}</h1>
      <StudyScreen snapshot={snapshot} userId={user.id} />
    </>
  );
}
