import type { QueueCounts as Counts } from "@/lib/srs/index";
import styles from "../study.module.css";

/** New / Learning / Due, as words and numbers (colour is never the only signal). */
export function QueueCounts({ counts, label }: { counts: Counts; label: string }) {
  return (
    <ul className={styles.counts} aria-label={label} data-testid="queue-counts">
      <li>
        New{" "}
        <span className={styles.countNew} data-testid="count-new">
          {counts.newCards}
        </span>
      </li>
      <li>
        Learning{" "}
        <span className={styles.countLearning} data-testid="count-learning">
          {counts.learning}
        </span>
      </li>
      <li>
        Due{" "}
        <span className={styles.countDue} data-testid="count-due">
          {counts.due}
        </span>
      </li>
    </ul>
  );
}
