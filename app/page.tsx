import Link from "next/link";
import { currentUser } from "@/lib/server/auth";

export default async function HomePage() {
  const user = await currentUser();
  return (
    <div className="stack">
      <h1>Hopdrill: interview prep that follows the packet</h1>
      <p className="lead">
        Hopdrill prepares DevOps and SRE candidates for the questions interviewers love, starting with “explain how
        Kubernetes DNS works”. Practise the answers as spaced-repetition flashcards, take timed mock interviews, and get
        your free-form explanations graded on the hops they name and the order they name them in, against a simulation
        that traces every packet through resolv.conf, CoreDNS, kube-proxy’s rules, the nodes and conntrack.
      </p>
      <ul className="grid" aria-label="Where to go">
        <li className="card">
          <h2>Question sets</h2>
          <p>Browse the published sets and their questions, starting with Kubernetes DNS.</p>
          <Link href="/sets" className="button">
            Browse question sets
          </Link>
        </li>
        {user ? null : (
          <li className="card">
            <h2>Your progress</h2>
            <p>Sign in to keep your schedule and results. New accounts are free and local to this server.</p>
            <p style={{ display: "flex", gap: "0.75rem" }}>
              <Link href="/sign-in" className="button secondary">
                Sign in
              </Link>
              <Link href="/sign-up" className="button">
                Sign up
              </Link>
            </p>
          </li>
        )}
        {user?.role === "admin" ? (
          <li className="card">
            <h2>Admin</h2>
            <p>Question sets, their status and what learners are doing.</p>
            <Link href="/admin" className="button">
              Open the admin area
            </Link>
          </li>
        ) : null}
      </ul>
    </div>
  );
}
