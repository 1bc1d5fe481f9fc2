import "server-only";

/** An expected migration failure, with Prisma's error code when the engine gave one (P3009, P3018, …). */
export class MigrationError extends Error {
  override readonly name = "MigrationError";
  constructor(
    message: string,
    readonly code?: string,
    /** The engine's span trace (Rust source locations), kept out of the message shown to people. */
    readonly trace?: string,
  ) {
    super(message);
  }
}
