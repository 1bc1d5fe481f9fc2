import Link from "next/link";
import type { ReactNode } from "react";

/** The "← up one level" link at the top of a page. */
export function BackLink({ href, children }: { readonly href: string; readonly children: ReactNode }) {
  return (
    <p>
      <Link href={href}>← {children}</Link>
    </p>
  );
}
