import { readFile } from "node:fs/promises";

/**
 * Everything a `hopdrill` command touches outside itself. Commands take it as a parameter so tests can run
 * them in-process; `nodeIo()` is the real one.
 */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** a file's text (UTF-8) */
  readFile(path: string): Promise<string>;
  /** all of standard input (for `--answer -`) */
  readStdin(): Promise<string>;
}

export function nodeIo(): CliIo {
  return {
    stdout: (text) => {
      process.stdout.write(text);
    },
    stderr: (text) => {
      process.stderr.write(text);
    },
    readFile: (path) => readFile(path, "utf8"),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin)
        chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
      return Buffer.concat(chunks).toString("utf8");
    },
  };
}

/** Exit codes (lib/cli/README.md): 0 done, 1 unexpected failure, 2 bad input (usage, arguments, scenario). */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_BAD_INPUT = 2;
