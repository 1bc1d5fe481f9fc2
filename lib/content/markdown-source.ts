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

// Every pattern here is linear: anchored, with no two adjacent quantifiers that can match the same
// characters (a line of 2 MB is allowed). `s`: a line may hold U+2028/U+2029, which `.` would not match
// (CommonMark ends lines only at LF and CR).
const HEADING = /^ {0,3}##(?=[ \t]|$)(.*)$/s;
const LINK_DEFINITION = /^ {0,3}\[([^\]\n]+)\]:[ \t]*\S.*$/s;

const isSpace = (ch: string | undefined) => ch === " " || ch === "\t";

/** `text` without its trailing spaces and tabs (String#trimEnd would also drop other Unicode spaces). */
function withoutTrailingBlanks(text: string): string {
  let end = text.length;
  while (end > 0 && isSpace(text[end - 1])) end -= 1;
  return text.slice(0, end);
}

/** An opening fence: at most three spaces, three or more ` or ~, an info string (no ` after backticks). */
function fenceOpen(line: string): { marker: string; info: string } | null {
  let i = 0;
  while (i < 3 && line[i] === " ") i += 1;
  const char = line[i];
  if (char !== "`" && char !== "~") return null;
  let end = i;
  while (line[end] === char) end += 1;
  if (end - i < 3) return null;
  const rest = line.slice(end);
  if (char === "`" && rest.includes("`")) return null;
  let start = 0;
  while (isSpace(rest[start])) start += 1;
  let wordEnd = start;
  while (wordEnd < rest.length && !/\s/.test(rest[wordEnd] ?? "")) wordEnd += 1;
  return { marker: line.slice(i, end), info: rest.slice(start, wordEnd) };
}

/** A closing `#` sequence (CommonMark 4.2: preceded by a space or tab, or the whole text) comes off. */
export function withoutClosingHashes(text: string): string {
  const trimmed = withoutTrailingBlanks(text);
  let start = trimmed.length;
  while (start > 0 && trimmed[start - 1] === "#") start -= 1;
  if (start === trimmed.length) return text;
  if (start === 0) return "";
  return isSpace(trimmed[start - 1]) ? withoutTrailingBlanks(trimmed.slice(0, start)) : text;
}

/** `## What is \`bar\`? {#returned-ip}` → text and explicit id. The id suffix comes off first, then closing #s. */
export function parseHeadingText(rest: string): { text: string; explicitId: string | null } {
  let text = rest.trim();
  let explicitId: string | null = null;
  const open = text.lastIndexOf("{#");
  if (text.endsWith("}") && open !== -1) {
    const id = text.slice(open + 2, -1);
    if (!id.includes("{") && !id.includes("}")) {
      explicitId = id;
      text = withoutTrailingBlanks(text.slice(0, open));
    }
  }
  text = withoutClosingHashes(text).trim();
  return { text, explicitId };
}

function closesFence(line: string, fence: string): boolean {
  let i = 0;
  while (i < 3 && line[i] === " ") i += 1;
  let end = i;
  while (line[end] === fence[0]) end += 1;
  return end - i >= fence.length && end - i >= 3 && withoutTrailingBlanks(line.slice(end)) === "";
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
    const open = fenceOpen(text);
    if (open) {
      const { marker } = open;
      const info = open.info.toLowerCase();
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

/** Each label's first definition, with its position in the file (keys are lower-cased labels). */
export type DefinitionIndex = ReadonlyMap<string, { readonly definition: LinkDefinition; readonly order: number }>;

export function indexDefinitions(all: readonly LinkDefinition[]): DefinitionIndex {
  const index = new Map<string, { definition: LinkDefinition; order: number }>();
  all.forEach((definition, order) => {
    if (!index.has(definition.label)) index.set(definition.label, { definition, order });
  });
  return index;
}

/**
 * Reference definitions a text uses (`[text][label]`, `[label][]`, `[label]`), in their original form and
 * file order. One pass over the text: each `]` closes the bracket opened last before it.
 */
export function usedDefinitions(text: string, index: DefinitionIndex): LinkDefinition[] {
  const found = new Map<string, { definition: LinkDefinition; order: number }>();
  let open = -1;
  for (let i = 0; i < text.length; i += 1) {
    if (text[i] === "[") open = i;
    else if (text[i] === "]" && open !== -1) {
      const label = text.slice(open + 1, i).toLowerCase();
      const entry = index.get(label);
      if (entry) found.set(label, entry);
      open = -1;
    }
  }
  return [...found.values()].sort((a, b) => a.order - b.order).map((entry) => entry.definition);
}
