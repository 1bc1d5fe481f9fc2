"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type { z } from "zod";
import {
  changePassword,
  clientAddress,
  currentSessionToken,
  currentUser,
  endSession,
  PASSWORD_PAGE,
  safeNextPath,
  signInWithPassword,
  signUpLearner,
  startSession,
  withNext,
} from "@/lib/server/auth";
import { adoptBrowserTimeZone } from "@/lib/server/study";
import { plural } from "@/lib/content";
import { changePasswordSchema, signInSchema, signUpSchema } from "@/lib/schemas/auth";
import { isTimeZone } from "@/lib/schemas/study";
import { formatMoment, localeFromAcceptLanguage } from "@/app/_components/learner-locale";
import type { FormState } from "@/lib/schemas/form-state";
import { fieldErrorsOf, formField } from "@/lib/schemas/field-errors";

const fieldErrors = (error: z.ZodError) => fieldErrorsOf(error, formField);

export async function signInAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const raw = {
    email: String(formData.get("email") ?? ""),
    password: String(formData.get("password") ?? ""),
    next: String(formData.get("next") ?? "") || undefined,
  };
  const parsed = signInSchema.safeParse(raw);
  if (!parsed.success) return { fieldErrors: fieldErrors(parsed.error), values: { email: raw.email } };
  const result = await signInWithPassword(parsed.data, await clientAddress());
  if (!result.ok) {
    const unlock = result.code === "RATE_LIMITED" ? ` ${await unlockSentence(result.retryAt, formData)}` : "";
    return { message: `${result.message}${unlock}`, values: { email: raw.email } };
  }
  await startSession(result.user.id);
  redirect(result.user.mustChangePassword ? withNext(PASSWORD_PAGE, parsed.data.next) : safeNextPath(parsed.data.next));
}

/** "You can sign in again from 14:05.", in the browser's time zone when the form sent it (UTC otherwise). */
async function unlockSentence(retryAt: Date, formData: FormData): Promise<string> {
  const sent = formData.get("timeZone");
  const zone = typeof sent === "string" && isTimeZone(sent) ? sent : "UTC";
  const locale = localeFromAcceptLanguage((await headers()).get("accept-language"));
  return `You can sign in again from ${formatMoment(retryAt, locale, zone, "clock")}${zone === "UTC" ? " UTC" : ""}.`;
}

export async function signUpAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const raw = {
    name: String(formData.get("name") ?? "") || undefined,
    email: String(formData.get("email") ?? ""),
    password: String(formData.get("password") ?? ""),
  };
  const next = safeNextPath(String(formData.get("next") ?? ""));
  const values = { name: raw.name ?? "", email: raw.email };
  const parsed = signUpSchema.safeParse(raw);
  if (!parsed.success) return { fieldErrors: fieldErrors(parsed.error), values };
  const result = await signUpLearner(parsed.data);
  if (!result.ok) return { fieldErrors: { email: [result.message] }, values };
  await adoptBrowserTimeZone(result.user, formData.get("timeZone"), new Date());
  await startSession(result.user.id);
  // a new learner starts at the question sets, unless sign-in sent them here on the way to another page
  redirect(next === "/" ? "/sets" : next);
}

export async function signOutAction(): Promise<void> {
  await endSession();
  redirect("/");
}

/**
 * Where the password page continues after a change: the page the account was going to when it was sent
 * here (a one-time password must be replaced first), never the password page itself.
 */
function afterPasswordChange(next: string): string {
  const target = safeNextPath(next);
  return target === PASSWORD_PAGE || target.startsWith(`${PASSWORD_PAGE}?`) ? "/" : target;
}

export async function changePasswordAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const next = afterPasswordChange(String(formData.get("next") ?? ""));
  const user = await currentUser();
  if (!user) redirect(withNext("/sign-in", withNext(PASSWORD_PAGE, next)));
  const parsed = changePasswordSchema(user.mustChangePassword).safeParse({
    current: String(formData.get("current") ?? ""),
    password: String(formData.get("password") ?? ""),
    confirm: String(formData.get("confirm") ?? ""),
  });
  if (!parsed.success) return { fieldErrors: fieldErrors(parsed.error) };
  const changed = await changePassword(user.id, parsed.data.current, parsed.data.password, await currentSessionToken());
  if (!changed.ok) return { fieldErrors: { current: [changed.message] } };
  // replacing a one-time password was a step on the way somewhere: continue there
  if (user.mustChangePassword || next !== "/") redirect(next);
  const others = changed.signedOut;
  return {
    message:
      others === 0
        ? "Password changed. No other session was signed in."
        : `Password changed. ${plural(others, "other session")} signed out.`,
  };
}
