import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { currentUser, safeNextPath, withNext } from "@/lib/server/auth";
import { SignUpForm } from "./sign-up-form";

export const metadata: Metadata = { title: "Sign up" };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  const { next } = await searchParams;
  const target = safeNextPath(typeof next === "string" ? next : undefined);
  if (await currentUser()) redirect(target === "/" ? "/sets" : target);
  return (
    <>
      <h1>Create your Hopdrill account</h1>
      <SignUpForm next={target} />
      <p>
        Already have an account? <Link href={withNext("/sign-in", target)}>Sign in</Link>.
      </p>
    </>
  );
}
