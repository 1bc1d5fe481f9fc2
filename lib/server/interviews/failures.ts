/** Expected failures of the interview functions, with the HTTP status the API answers. */
import type { Prisma } from "../generated/prisma/client";

export interface Failure {
  readonly ok: false;
  readonly status: 400 | 404 | 409 | 413 | 422;
  readonly code: string;
  readonly message: string;
  readonly current?: { readonly answer: string; readonly revision: number };
}
export type Outcome<T> = ({ readonly ok: true } & T) | Failure;

export const notFound = (): Failure => ({
  ok: false,
  status: 404,
  code: "NOT_FOUND",
  message: "No such interview (or it is not yours).",
});

export type Tx = Prisma.TransactionClient;
