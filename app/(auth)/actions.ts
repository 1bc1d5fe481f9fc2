"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import {
  changePassword,
  clientAddress,
  currentUser,
  endSession,
  safeNextPath,
  signInWithPassword,
  signUpLearner,
  startSession,
} from "@/lib/server/auth";
import { signInSchema, signUpSchema } from "@/lib/schemas/auth";
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
  if (!result.ok) return { message: result.message, values: { email: raw.email } };
  await startSession(result.user.id);
  redirect(result.user.mustChangePassword ? "/account/password" : safeNextPath(parsed.data.next));
}

export async function signUpAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const raw = {
    name: String(formData.get("name") ?? "") || undefined,
    email: String(formData.get("email") ?? ""),
    password: String(formData.get("password") ?? ""),
  };
  const values = { name: raw.name ?? "", email: raw.email };
  const parsed = signUpSchema.safeParse(raw);
  if (!parsed.success) return { fieldErrors: fieldErrors(parsed.error), values };
  const result = await signUpLearner(parsed.data);
  if (!result.ok) return { fieldErrors: { email: [result.message] }, values };
  await startSession(result.user.id);
  redirect("/sets");
}

export async function signOutAction(): Promise<void> {
  await endSession();
  redirect("/");
}

const changePasswordSchema = z
  .object({
    current: z.string().min(1, "Enter your current password.").max(200),
    password: z.string().min(10, "Use at least 10 characters.").max(200, "Password is too long."),
    confirm: z.string().max(200),
  })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "The passwords do not match." });

export async function changePasswordAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const user = await currentUser();
  if (!user) redirect("/sign-in?next=/account/password");
  const parsed = changePasswordSchema.safeParse({
    current: String(formData.get("current") ?? ""),
    password: String(formData.get("password") ?? ""),
    confirm: String(formData.get("confirm") ?? ""),
  });
  if (!parsed.success) return { fieldErrors: fieldErrors(parsed.error) };
  const changed = await changePassword(user.id, parsed.data.current, parsed.data.password);
  if (!changed) return { fieldErrors: { current: ["That is not your current password."] } };
  return { message: "Password changed." };
}
