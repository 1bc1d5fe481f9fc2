import type { ReactNode } from "react";
import { requireAdmin } from "@/lib/server/auth";
import "./admin.css";

/** Every admin page is checked on the server: anonymous → sign-in, learners → 403. */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  await requireAdmin("/admin");
  return <>{children}</>;
}
