/**
 * Line scanner for the series' post format, shared by the Markdown importer and exporter (the exporter uses
 * it to check that a text it is about to write inline reads back unchanged).
 *
 * It knows just enough CommonMark (https://spec.commonmark.org/0.31.2/) to split a post safely: fenced code
 * blocks (``` or ~~~, at most three spaces of indent, closed by a fence of the same character at least as
 * long: section 4.5) so a `## ` line inside code is not a question; ATX `##` headings (section 4.2, the
 * closing `#` sequence is dropped); link reference definitions (section 4.7) so reference-style links keep
 * working once the post is split into items.
 */
export interface SourceLine {
  readonly text: string;
  /** 1-based line number in the imported file */
  readonly line: number;
}

export interface FencedBlock {
  /** the info string's first word: `rubric`, `item` */
  readonly info: string;
  /** line of the opening fence */
  readonly line: number;
  readonly body: string;
}

export interface Heading {
  readonly line: number;
  readonly text: string;
  readonly explicitId: string | null;
}

export interface LinkDefinition {
  readonly label: string;
  readonly text: string;
}

export interface ScannedSection {
  readonly heading: Heading | null;
  /** lines of the section that are neither special blocks nor link definitions */
  readonly lines: readonly SourceLine[];
  readonly blocks: readonly FencedBlock[];
  readonly definitions: readonly LinkDefinition[];
}

export interface ScannedMarkdown {
  /** text before the first `##` heading (heading null), then one section per heading */
  readonly sections: readonly ScannedSection[];
  /** a fence still open at the end of the file, with the line it opened on */
  readonly unclosedFence: number | null;
}

/** Fenced blocks with these info words carry item data and are taken out of the answer text. */
export const DATA_BLOCKS = ["item", "rubric"] as const;

// `s`: a line may hold U+2028/U+2029, which `.` would not match (CommonMark ends lines only at LF and CR)
const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})[ \t]*([^\s`]*)[^`]*$/s;
const HEADING = /^ {0,3}##(?=[ \t]|$)(.*)$/s;
const LINK_DEFINITION = /^ {0,3}\[([^\]\n]+)\]:[ \t]*\S+.*$/s;

/** `## What is \`bar\`? {#returned-ip}` → text and explicit id. The id suffix comes off first, then closing #s. */
export function parseHeadingText(rest: string): { text: string; explicitId: string | null } {
  let text = rest.trim();
  let explicitId: string | null = null;
  const id = /[ \t]*\{#([^{}]*)\}$/.exec(text);
  if (id) {
    explicitId = id[1] ?? "";
    text = text.slice(0, id.index);
  }
  text = text.replace(/(^|[ \t]+)#+[ \t]*$/, "").trim();
  return { text, explicitId };
}

function closesFence(line: string, fence: string): boolean {
  const match = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(line);
  return match !== null && match[1]?.[0] === fence[0] && (match[1]?.length ?? 0) >= fence.length;
}

export function scanMarkdown(lines: readonly SourceLine[]): ScannedMarkdown {
  const sections: ScannedSection[] = [];
  let current = { heading: null as Heading | null, lines: [] as SourceLine[], blocks: [] as FencedBlock[] };
  let definitions: LinkDefinition[] = [];
  let fence: { marker: string; info: string; line: number; body: string[]; data: boolean } | null = null;
  let previousBlank = true;

  const finish = () => {
    sections.push({ ...current, definitions });
    definitions = [];
  };

  for (const source of lines) {
    const { text } = source;
    if (fence) {
      if (closesFence(text, fence.marker)) {
        if (fence.data) current.blocks.push({ info: fence.info, line: fence.line, body: blockBody(fence.body) });
        else current.lines.push(source);
        fence = null;
      } else if (fence.data) fence.body.push(text);
      else current.lines.push(source);
      continue;
    }
    const open = FENCE_OPEN.exec(text);
    if (open) {
      const marker = open[1] ?? "```";
      const info = (open[2] ?? "").toLowerCase();
      const data = (DATA_BLOCKS as readonly string[]).includes(info);
      fence = { marker, info, line: source.line, body: [], data };
      if (!data) current.lines.push(source);
      previousBlank = false;
      continue;
    }
    const heading = HEADING.exec(text);
    if (heading) {
      finish();
      const parsed = parseHeadingText(heading[1] ?? "");
      current = { heading: { line: source.line, ...parsed }, lines: [], blocks: [] };
      previousBlank = true;
      continue;
    }
    const definition = LINK_DEFINITION.exec(text);
    if (definition && previousBlank) {
      definitions.push({ label: (definition[1] ?? "").trim().toLowerCase(), text: text.trim() });
      continue;
    }
    current.lines.push(source);
    previousBlank = text.trim() === "";
  }
  if (fence?.data) {
    // an unclosed data block: keep what we have so the caller can report it with its line
    current.blocks.push({ info: fence.info, line: fence.line, body: blockBody(fence.body) });
  }
  finish();
  return { sections, unclosedFence: fence ? fence.line : null };
}

// every line of a block ends with a line break: YAML's keep chomping (`|+`) counts the last one
function blockBody(lines: readonly string[]): string {
  return lines.map((line) => `${line}\n`).join("");
}

export function sourceLines(text: string, firstLine = 1): SourceLine[] {
  return text.split(/\r\n|\r|\n/).map((line, index) => ({ text: line, line: firstLine + index }));
}

/** Joined section text without leading/trailing blank lines or surrounding whitespace. */
export function sectionText(lines: readonly SourceLine[]): string {
  return lines
    .map((line) => line.text)
    .join("\n")
    .trim();
}

/** Reference definitions a text uses (`[text][label]`, `[label][]`, `[label]`), in their original form. */
export function usedDefinitions(text: string, all: readonly LinkDefinition[]): LinkDefinition[] {
  const lower = text.toLowerCase();
  const seen = new Set<string>();
  return all.filter((definition) => {
    if (seen.has(definition.label) || !lower.includes(`[${definition.label}]`)) return false;
    seen.add(definition.label);
    return true;
  });
}
