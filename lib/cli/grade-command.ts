import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { gradeAnswer, MAX_ANSWER_CHARS } from "../grade";
import { tracePaths } from "../sim";
import { EXIT_BAD_INPUT, EXIT_OK, type CliIo } from "./io";
import { formatErrors, loadScenario } from "./scenario-arg";

const HELP = `Usage: hopdrill grade --scenario FILE|seed --answer FILE|- [--seed N]

Grades a free-form explanation of the scenario's request path and prints the grade as JSON
(score, verdict, concepts with evidence, order, misconceptions, feedback).
  --scenario  a scenario file (JSON or YAML), or \`seed\` for the built-in foo → https://bar/ scenario
  --answer    a text file with the answer, or \`-\` to read it from standard input (at most ${MAX_ANSWER_CHARS} characters)
  --seed      integer for the trace's draws (default 1); the answer is graded against every endpoint
              kube-proxy can choose, and the grade's "path" says which one it fits
Exit codes: 0 graded, 1 unexpected failure, 2 bad input (arguments, scenario, answer too long).
`;

/** Plain streams, for callers that do not use the CLI's `CliIo` (e.g. a script embedding the command). */
export interface StreamIo {
  readonly stdin: NodeJS.ReadableStream;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
}

function cliIoFrom(io: CliIo | StreamIo): CliIo {
  if (!("stdin" in io)) return io;
  return {
    stdout: (text) => void io.stdout.write(text),
    stderr: (text) => void io.stderr.write(text),
    readFile: (path) => readFile(path, "utf8"),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of io.stdin) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
      return Buffer.concat(chunks).toString("utf8");
    },
  };
}

/** `hopdrill grade` (lib/cli/README.md): parse args → load scenario and answer → trace → grade → JSON on stdout. */
export async function gradeCommand(argv: string[], ioOrStreams: CliIo | StreamIo): Promise<number> {
  const io = cliIoFrom(ioOrStreams);
  let values: { scenario?: string; answer?: string; seed?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        scenario: { type: "string" },
        answer: { type: "string" },
        seed: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    io.stderr(`hopdrill grade: ${error instanceof Error ? error.message : String(error)}\n\n${HELP}`);
    return EXIT_BAD_INPUT;
  }
  if (values.help === true) {
    io.stdout(HELP);
    return EXIT_OK;
  }
  if (values.answer === undefined || values.answer === "") {
    io.stderr(`error: --answer: required: a text file, or - for standard input\n`);
    return EXIT_BAD_INPUT;
  }
  let seed = 1;
  if (values.seed !== undefined) {
    if (!/^-?\d{1,15}$/.test(values.seed)) {
      io.stderr(`error: --seed: must be an integer, got "${values.seed}"\n`);
      return EXIT_BAD_INPUT;
    }
    seed = Number(values.seed);
  }
  const scenario = await loadScenario(values.scenario, io);
  if (!scenario.ok) {
    io.stderr(formatErrors(scenario.errors));
    return EXIT_BAD_INPUT;
  }
  let answer: string;
  try {
    answer = values.answer === "-" ? await io.readStdin() : await io.readFile(values.answer);
  } catch (error) {
    const code = typeof error === "object" && error !== null && "code" in error ? String(error.code) : "unreadable";
    io.stderr(`error: --answer: cannot read ${values.answer} (${code})\n`);
    return EXIT_BAD_INPUT;
  }
  const result = gradeAnswer(answer, tracePaths(scenario.value, { seed }));
  if (!result.ok) {
    io.stderr(`error: --answer: ${result.message} (${result.code})\n`);
    return EXIT_BAD_INPUT;
  }
  io.stdout(`${JSON.stringify(result.grade, null, 2)}\n`);
  return EXIT_OK;
}
