import { parseScenarioText, seedScenario, validateScenario, type FieldError, type Scenario } from "../sim";
import type { CliIo } from "./io";

export type Loaded<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly errors: readonly FieldError[] };

/**
 * `--scenario FILE|seed`: the built-in seed scenario, or a JSON/YAML file, validated. Errors carry field paths
 * (`pods.2.ip`) so the command can print them and exit 2.
 */
export async function loadScenario(spec: string | undefined, io: CliIo): Promise<Loaded<Scenario>> {
  if (spec === undefined || spec === "") {
    return {
      ok: false,
      errors: [{ path: "--scenario", message: "required: a scenario file (JSON or YAML) or `seed`" }],
    };
  }
  if (spec === "seed") return { ok: true, value: seedScenario() };
  let text: string;
  try {
    text = await io.readFile(spec);
  } catch (error) {
    const code = typeof error === "object" && error !== null && "code" in error ? String(error.code) : "unreadable";
    return { ok: false, errors: [{ path: "--scenario", message: `cannot read ${spec} (${code})` }] };
  }
  const parsed = parseScenarioText(text);
  if (!parsed.ok) return parsed;
  return validateScenario(parsed.value);
}

/** One line per error: `error: pods.2.ip: 10.1.2.3 is outside …` (the document itself when the path is empty). */
export function formatErrors(errors: readonly FieldError[]): string {
  return errors.map((e) => `error: ${e.path === "" ? "(document)" : e.path}: ${e.message}\n`).join("");
}
