import { EXIT_FAILURE, type CliIo } from "./io";

/**
 * Placeholder so `hopdrill grade` dispatches; the grader's engineer replaces this file with the real command
 * (`hopdrill grade --scenario FILE|seed --answer FILE|-`, contracts.md).
 */
export async function gradeCommand(_argv: string[], io: CliIo): Promise<number> {
  io.stderr("hopdrill grade: not available yet\n");
  return EXIT_FAILURE;
}
