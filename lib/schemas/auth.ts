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

export const adminCreateSchema = z.object({
  email,
  password: z.string().min(10, "Use at least 10 characters.").max(200).optional(),
});

export type SignInInput = z.infer<typeof signInSchema>;
export type SignUpInput = z.infer<typeof signUpSchema>;
