import type { Metadata } from "next";
import { BackLink } from "@/app/_components/back-link";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/server/auth";
import { studySession } from "@/lib/server/study";
import { slugSchema } from "@/lib/schemas/question-set";
import { StudyScreen } from "../../_components/study-screen";
import { studyScreenCard } from "../../_components/card-faces";
import { QueueCounts } from "../../_components/queue-counts";
import { DoneForToday } from "../../_components/done-for-today";

type Params = Promise<{ slug: string }>;
type SearchParams = Promise<{ card?: string | string[] }>;

export const metadata: Metadata = { title: "Study" };

export default async function StudyPage({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  const { slug } = await params;
  const parsed = slugSchema.safeParse(slug);
  if (!parsed.success) notFound();
  const user = await requireUser(`/study/${parsed.data}`);
  const { card: cardParam } = await searchParams;
  const prefer = typeof cardParam === "string" && /^[a-z0-9]{1,64}$/i.test(cardParam) ? cardParam : null;
  const session = await studySession(user, parsed.data, new Date(), prefer);
  if (!session) notFound();
  const card = session.card;
  return (
    <>
      <BackLink href="/sets">All question sets</BackLink>
      <h1>Study: {session.set.title}</h1>
      <QueueCounts counts={session.counts} label="Cards left today" />
      <StudyScreen
        key={card ? `${card.id}:${card.reps}` : "done"}
        {...studyScreenCard(card)}
        canUndo={session.canUndo}
        returnTo={{ mode: "set", slug: session.set.slug }}
      >
        {session.done ? <DoneForToday slug={session.set.slug} done={session.done} timeZone={session.timeZone} /> : null}
      </StudyScreen>
    </>
  );
}
