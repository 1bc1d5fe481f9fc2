import type { ReactNode } from "react";
import "./interview.css";

/** The mock-interview pages share their own styles (countdown, checklist, highlights, charts). */
export default function InterviewLayout({ children }: { children: ReactNode }) {
  return children;
}
