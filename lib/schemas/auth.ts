import { z } from "zod";

const email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, "Email is too long.")
  .pipe(z.email({ message: "Enter a valid email address." }));

export const signInSchema = z.object({
  email,
  password: z.string().min(1, "Enter your password.").max(200, "Password is too long."),
  next: z.string().max(500).optional(),
});

export const signUpSchema = z.object({
  name: z.string().trim().max(80, "Name is at most 80 characters.").optional(),
  email,
  password: z
    .string()
    .min(10, "Use at least 10 characters.")
    .max(200, "Password is too long (200 characters at most)."),
});

/**
 * The password form. The new password must differ from the current one: for an account that signed in with
 * a generated one-time password (`oneTime`), keeping it would leave the printed password in use.
 */
export function changePasswordSchema(oneTime: boolean) {
  return z
    .object({
      current: z.string().min(1, "Enter your current password.").max(200),
      password: z.string().min(10, "Use at least 10 characters.").max(200, "Password is too long."),
      confirm: z.string().max(200),
    })
    .refine((v) => v.password !== v.current, {
      path: ["password"],
      message: oneTime
        ? "That is the one-time password you signed in with: choose a new password of your own."
        : "That is your current password: choose a different one.",
    })
    .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "The passwords do not match." });
}

export const adminCreateSchema = z.object({
  email,
  password: z.string().min(10, "Use at least 10 characters.").max(200).optional(),
});

export type SignInInput = z.infer<typeof signInSchema>;
export type SignUpInput = z.infer<typeof signUpSchema>;
