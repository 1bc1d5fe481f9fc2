import type { ReactNode } from "react";
import { requireAdmin } from "@/lib/server/auth";
import { requestPath } from "@/lib/server/request-path";
import "./admin.css";

/** Every admin page is checked on the server: anonymous → sign-in (and back here), learners → 403. */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  await requireAdmin(await requestPath("/admin"));
  return <>{children}</>;
}
