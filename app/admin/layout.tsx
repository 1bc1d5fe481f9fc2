import type { ReactNode } from "react";
import { requestPath, requireAdmin } from "@/lib/server/auth";
import "./admin.css";

/** Every admin page is checked on the server: anonymous → sign-in (and back here), learners → 403. */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  await requireAdmin(await requestPath("/admin"));
  return <>{children}</>;
}
