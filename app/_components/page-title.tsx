/** The site's name, after every page's own title ("Statistics · Hopdrill"). */
export const SITE_NAME = "Hopdrill";

/**
 * The document title, rendered as an element (React puts it in the head). For the error pages: when a page
 * is refused or missing, Next.js still applies that page's own metadata title ("Admin · Hopdrill"), and
 * the tab must name what happened instead.
 */
export function PageTitle({ children }: { children: string }) {
  return <title>{`${children} · ${SITE_NAME}`}</title>;
}
