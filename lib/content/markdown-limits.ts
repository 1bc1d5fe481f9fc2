/**
 * What a Markdown text may hold so that rendering it stays fast and cannot exhaust the stack.
 *
 * The renderer (markdown.ts: micromark via remark) matches emphasis, strikethrough and link delimiters by
 * walking back over every earlier delimiter of the same paragraph, so its time grows with the square of
 * the delimiters in one paragraph (`_a*` repeated: 30 KB took 25 s), and it builds the tree recursively,
 * so thousands of nested block quotes or list items overflow the stack. This check is one linear pass over
 * the text, run when content is saved or imported and again before rendering; it errs on the side of
 * counting too much, never too little:
 *
 * - containers: the block quote (`>`) and list markers (`-`, `*`, `+`, `1.`, `1)`) opening one line
 *   nest at most MAX_MARKDOWN_DEPTH deep (CommonMark 0.31.2, sections 5.1 to 5.3);
 * - containers in all: at most MAX_CONTAINER_MARKERS such markers in the whole text (closing a container
 *   walks back over the events before it, so many separate block quotes or lists cost their count squared);
 * - delimiters: a paragraph (lines up to a blank one) holds at most MAX_PARAGRAPH_DELIMITERS runs of `*` or
 *   `~`, runs of `_` that are not inside a word (those cannot open or close emphasis: section 6.2), `[`, `]`,
 *   and `<` (an unclosed `<?` or `<!--` scans to the paragraph's end);
 * - web addresses: after `www.`, `http://` or `https://` (a GFM autolink literal), at most
 *   MAX_URL_PUNCTUATION_RUN trailing-punctuation marks in a row (`_`, `.`, `!`, `?`, `&amp;` …): at each one
 *   the autolink extension scans the rest of the run to see whether it ends the link, so a run not followed
 *   by the link's end costs its length squared (`https://example.test/` + 50,000 `_` + `#`: 97 s).
 *
 * Each item of a tight list is a paragraph of its own: a line opening a bullet item (which always
 * interrupts a paragraph: section 5.2) at most three columns past the content of the last item starts a new
 * count, and so does an ordered item right after a line that opened a sibling (same delimiter and indent);
 * an ordered item elsewhere, or a marker indented further, may be paragraph text and is counted on.
 *
 * Lines inside a fenced code block are code and are skipped, but only for a fence the renderer is certain to
 * read as one: it starts in column 0 (so no list item or block quote can end it early), outside raw HTML
 * (an HTML block can swallow the fence line: section 4.6), with no backtick in a backtick fence's info
 * string, and it ends at a closing fence of the same character at least as long (section 4.5).
 */
export const MAX_MARKDOWN_DEPTH = 16;
export const MAX_PARAGRAPH_DELIMITERS = 200;
export const MAX_CONTAINER_MARKERS = 2_000;
export const MAX_URL_PUNCTUATION_RUN = 100;

export interface MarkdownLimitError {
  /** 1-based line within the text */
  readonly line: number;
  readonly message: string;
}

const isBlank = (line: string): boolean => {
  for (let i = 0; i < line.length; i += 1) if (line[i] !== " " && line[i] !== "\t") return false;
  return true;
};

const WORD = /[\p{L}\p{N}]/u;
const isWordChar = (ch: string | undefined): boolean => ch !== undefined && WORD.test(ch);

/** Block quote and list markers at the start of the line (spaces between them allowed). */
export function containerDepth(line: string): number {
  let depth = 0;
  let i = 0;
  for (;;) {
    while (line[i] === " " || line[i] === "\t") i += 1;
    const ch = line[i];
    if (ch === ">") {
      depth += 1;
      i += 1;
      continue;
    }
    let end = i;
    if (ch === "-" || ch === "*" || ch === "+") end = i + 1;
    else {
      while (end - i < 9 && line[end] !== undefined && line[end]! >= "0" && line[end]! <= "9") end += 1;
      if (end === i || (line[end] !== "." && line[end] !== ")")) return depth;
      end += 1;
    }
    const after = line[end];
    if (after !== undefined && after !== " " && after !== "\t") return depth;
    depth += 1;
    i = end;
  }
}

/** Emphasis, strikethrough, link and raw HTML delimiters in one line (runs count once). */
export function delimiterCount(line: string): number {
  let count = 0;
  let i = 0;
  while (i < line.length) {
    const ch = line[i];
    if (ch === "[" || ch === "]" || ch === "<") {
      count += 1;
      i += 1;
    } else if (ch === "*" || ch === "~" || ch === "_") {
      let end = i + 1;
      while (line[end] === ch) end += 1;
      if (ch !== "_" || !isWordChar(line[i - 1]) || !isWordChar(line[end])) count += 1;
      i = end;
    } else i += 1;
  }
  return count;
}

/** A list item opening a line that holds no block quote marker: its indent, content column and kind. */
function listItem(line: string): { indent: number; content: number; kind: string } | null {
  let column = 0;
  let i = 0;
  for (; line[i] === " " || line[i] === "\t"; i += 1)
    column = line[i] === "\t" ? column + 4 - (column % 4) : column + 1;
  const indent = column;
  let end = i;
  let kind: string;
  if (line[i] === "-" || line[i] === "*" || line[i] === "+") {
    end = i + 1;
    kind = "bullet";
  } else {
    while (end - i < 9 && line[end] !== undefined && line[end]! >= "0" && line[end]! <= "9") end += 1;
    if (end === i || (line[end] !== "." && line[end] !== ")")) return null;
    kind = `ordered${line[end]}${indent}`;
    end += 1;
  }
  if (line[end] !== " " && line[end] !== "\t") return null;
  let content = indent + (end - i);
  let spaces = 0;
  while (line[end] === " " && spaces < 4) {
    end += 1;
    spaces += 1;
  }
  if (end >= line.length || isBlank(line.slice(end))) return null;
  content += spaces;
  return { indent, content, kind };
}

/** A fence opening in column 0: its character and length, or null. */
function fenceOpen(line: string): { char: string; length: number } | null {
  const char = line[0];
  if (char !== "`" && char !== "~") return null;
  let length = 1;
  while (line[length] === char) length += 1;
  if (length < 3) return null;
  if (char === "`" && line.includes("`", length)) return null;
  return { char, length };
}

function closesFence(line: string, fence: { char: string; length: number }): boolean {
  let i = 0;
  while (i < 3 && line[i] === " ") i += 1;
  let length = 0;
  while (line[i] === fence.char) {
    length += 1;
    i += 1;
  }
  return length >= fence.length && isBlank(line.slice(i));
}

/** How raw HTML opening a line ends (CommonMark section 4.6): a marker, then a blank line; or a blank line. */
function htmlBlockEnd(line: string): { marker: RegExp | null } | null {
  const rest = line.replace(/^ {0,3}/, "");
  if (!/^<[A-Za-z/!?]/.test(rest)) return null;
  if (/^<(script|pre|style|textarea)(?=[\s>]|$)/i.test(rest)) return { marker: /<\/(script|pre|style|textarea)>/i };
  if (rest.startsWith("<!--")) return { marker: /-->/ };
  if (rest.startsWith("<?")) return { marker: /\?>/ };
  if (rest.startsWith("<![CDATA[")) return { marker: /\]\]>/ };
  if (/^<![A-Za-z]/.test(rest)) return { marker: />/ };
  return { marker: null };
}

const grouped = (count: number): string => count.toLocaleString("en");

// micromark-extension-gfm-autolink-literal's trailing punctuation (its `trail` tokenizer), `]` included
const TRAIL = new Set(["!", '"', "'", ")", "*", ",", ".", ":", ";", "?", "_", "~", "]"]);
const URL_START = ["www.", "http://", "https://"];
const isAsciiLetter = (ch: string | undefined) => ch !== undefined && /[A-Za-z]/.test(ch);

/** The longest run of trailing punctuation inside a web address on the line (0 when it has none). */
export function longestUrlPunctuationRun(line: string): number {
  let inUrl = false;
  let run = 0;
  let longest = 0;
  for (let i = 0; i < line.length; i += 1) {
    const ch = line[i] ?? "";
    if (ch === "<" || /\s/.test(ch)) {
      inUrl = false;
      run = 0;
      continue;
    }
    if (!inUrl && (ch === "w" || ch === "W" || ch === "h" || ch === "H")) {
      const ahead = line.slice(i, i + 8).toLowerCase();
      inUrl = URL_START.some((start) => ahead.startsWith(start));
    }
    if (!inUrl) continue;
    if (TRAIL.has(ch)) run += 1;
    else if (ch === "&" && isAsciiLetter(line[i + 1])) {
      // `&name;` is trailing punctuation as a whole
      let end = i + 1;
      while (isAsciiLetter(line[end])) end += 1;
      if (line[end] === ";") {
        run += end - i + 1;
        i = end;
      } else run = 0;
    } else run = 0;
    longest = Math.max(longest, run);
  }
  return longest;
}

/** The first place the text goes past a limit, or null when it renders within bounds. */
export function markdownLimitError(text: string): MarkdownLimitError | null {
  const lines = text.split(/\r\n|\r|\n/);
  let fence: { char: string; length: number } | null = null;
  let html: { marker: RegExp | null; seen: boolean } | null = null;
  let paragraph = { line: 0, delimiters: 0 };
  let containers = 0;
  // content column of the last list item line of this paragraph (0: none) and its kind, per listItem()
  let item = { content: 0, kind: "" };
  let previousItemKind = "";
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index] ?? "";
    const number = index + 1;
    if (fence) {
      if (closesFence(line, fence)) fence = null;
      continue;
    }
    if (isBlank(line)) {
      paragraph = { line: 0, delimiters: 0 };
      item = { content: 0, kind: "" };
      previousItemKind = "";
      if (html && (html.marker === null || html.seen)) html = null;
      continue;
    }
    const urlRun = longestUrlPunctuationRun(line);
    if (urlRun > MAX_URL_PUNCTUATION_RUN) {
      return {
        line: number,
        message: `must hold at most ${MAX_URL_PUNCTUATION_RUN} punctuation marks in a row in a web address; line ${number} of the text has ${grouped(urlRun)} (shorten the run, or put the address in a fenced code block)`,
      };
    }
    if (!html) {
      const open = fenceOpen(line);
      if (open) {
        fence = open;
        paragraph = { line: 0, delimiters: 0 };
        item = { content: 0, kind: "" };
        previousItemKind = "";
        continue;
      }
      const end = htmlBlockEnd(line);
      if (end) html = { ...end, seen: false };
    }
    if (html?.marker && html.marker.test(line)) html.seen = true;
    const depth = containerDepth(line);
    if (depth > MAX_MARKDOWN_DEPTH) {
      return {
        line: number,
        message: `must nest block quotes and lists at most ${MAX_MARKDOWN_DEPTH} deep; they nest ${grouped(depth)} deep on line ${number} of the text`,
      };
    }
    containers += depth;
    if (containers > MAX_CONTAINER_MARKERS) {
      return {
        line: number,
        message: `must hold at most ${grouped(MAX_CONTAINER_MARKERS)} block quote and list markers; line ${number} of the text passes that (split it into several items)`,
      };
    }
    const opened = line.includes(">") && line.trimStart().startsWith(">") ? null : listItem(line);
    const sibling = opened !== null && opened.kind !== "bullet" && opened.kind === previousItemKind;
    const starts =
      opened !== null &&
      opened.indent <= item.content + 3 &&
      (opened.kind === "bullet" || sibling || paragraph.line === 0);
    if (opened && starts) {
      paragraph = { line: 0, delimiters: 0 };
      item = { content: opened.content, kind: opened.kind };
    } else {
      // containers may have closed: only lower the column (counting on is the safe side)
      let indent = 0;
      while (line[indent] === " ") indent += 1;
      if (indent < item.content) item = { content: indent, kind: item.kind };
    }
    previousItemKind = starts ? (opened?.kind ?? "") : "";
    if (paragraph.line === 0) paragraph = { line: number, delimiters: 0 };
    paragraph.delimiters += delimiterCount(line);
    if (paragraph.delimiters > MAX_PARAGRAPH_DELIMITERS) {
      return {
        line: paragraph.line,
        message:
          `must hold at most ${MAX_PARAGRAPH_DELIMITERS} emphasis and link marks (*, _, ~, [, ], <) per paragraph; the ` +
          `paragraph starting on line ${paragraph.line} of the text has more (split it with blank lines, or put code in a fenced code block)`,
      };
    }
  }
  return null;
}
