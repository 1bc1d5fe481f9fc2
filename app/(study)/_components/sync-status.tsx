import type { OutboxState } from "./outbox";
import { plural } from "@/lib/content/plural";

/** The outbox, quietly: nothing when every rating has reached the server. */
export function SyncStatus({ sync, online }: { sync: OutboxState; online: boolean }) {
  const waiting = sync.pending === 0 ? "" : `${plural(sync.pending, "rating")} waiting to sync`;
  const why =
    sync.pending === 0
      ? ""
      : sync.held
        ? ": sign in again to send them."
        : !online
          ? ": you are offline; they are kept in this browser and sent when you are back."
          : sync.retryAt !== null
            ? ": the server did not answer; trying again shortly."
            : ".";
  return (
    <p className="muted" data-testid="sync-status" data-pending={sync.pending} aria-live="polite">
      {waiting}
      {why}
      {sync.memoryOnly && sync.pending > 0
        ? " This browser cannot store them: keep this page open until they are sent."
        : ""}
    </p>
  );
}
