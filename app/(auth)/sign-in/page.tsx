import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { currentUser, safeNextPath, withNext } from "@/lib/server/auth";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  const { next } = await searchParams;
  const target = safeNextPath(typeof next === "string" ? next : undefined);
  if (await currentUser()) redirect(target);
  return (
    <>
      <h1>Sign in</h1>
      <SignInForm next={target} />
      <p>
        New here? <Link href={withNext("/sign-up", target)}>Create an account</Link>.
      </p>
    </>
  );
}
