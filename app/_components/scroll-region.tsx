import type { ReactNode } from "react";

/**
 * Content that can be wider than the page (a table, the path diagram) scrolls sideways inside this region
 * instead of widening the page. The region is named and focusable, so keyboard users can reach it and
 * scroll it with the arrow keys (WCAG 2.1.1; axe's scrollable-region-focusable), with the focus ring shown.
 */
export function ScrollRegion({
  label,
  children,
  testId,
}: {
  /** what the region holds; screen readers announce it with the region */
  readonly label: string;
  readonly children: ReactNode;
  readonly testId?: string;
}) {
  return (
    <div className="scroll-region" role="region" aria-label={label} tabIndex={0} data-testid={testId}>
      {children}
    </div>
  );
}
