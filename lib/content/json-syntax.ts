/**
 * Where a JSON text stops being JSON (RFC 8259 grammar), for a line-numbered error. Node 20's JSON.parse
 * messages do not always carry a position, so the importer asks this small scanner instead.
 */
export function jsonSyntaxError(text: string): { offset: number; message: string } | null {
  let i = 0;
  const fail = (message: string): never => {
    throw new JsonStop(i, message);
  };
  const space = () => {
    while (i < text.length && " \t\n\r".includes(text[i] ?? "")) i += 1;
  };
  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else fail(`unexpected ${describe(text[i])}`);
  };
  const string = () => {
    i += 1;
    while (i < text.length) {
      const ch = text[i] ?? "";
      if (ch === '"') {
        i += 1;
        return;
      }
      if (ch === "\\") {
        const next = text[i + 1] ?? "";
        if (next === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail("bad \\u escape");
          i += 6;
        } else if ('"\\/bfnrt'.includes(next) && next !== "") i += 2;
        else fail("bad escape in a string");
        continue;
      }
      if (ch.charCodeAt(0) < 0x20) fail("a line break or control character inside a string");
      i += 1;
    }
    fail("a string is never closed");
  };
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!match || match[0] === "" || match[0] === "-") fail(`unexpected ${describe(text[i])}`);
    i += match?.[0].length ?? 0;
  };
  /** At an opening bracket: steps over it; true (its closing bracket read too) when the container is empty. */
  const empty = (close: "}" | "]"): boolean => {
    i += 1;
    space();
    if (text[i] !== close) return false;
    i += 1;
    return true;
  };
  /** After a member or an element: true at a ',' (another follows), false at `close` (the container ends). */
  const more = (close: "}" | "]"): boolean => {
    space();
    if (text[i] === ",") {
      i += 1;
      return true;
    }
    if (text[i] === close) {
      i += 1;
      return false;
    }
    return fail(`expected ',' or '${close}', found ${describe(text[i])}`);
  };
  const value = (depth: number): void => {
    if (depth > 200) fail("nested too deeply");
    space();
    const ch = text[i];
    if (ch === "{") {
      if (empty("}")) return;
      for (;;) {
        space();
        if (text[i] !== '"') fail(`expected a "quoted" property name, found ${describe(text[i])}`);
        string();
        space();
        if (text[i] !== ":") fail(`expected ':' after a property name, found ${describe(text[i])}`);
        i += 1;
        value(depth + 1);
        if (!more("}")) return;
      }
    }
    if (ch === "[") {
      if (empty("]")) return;
      for (;;) {
        value(depth + 1);
        if (!more("]")) return;
      }
    }
    if (ch === '"') return string();
    if (ch === "t") return literal("true");
    if (ch === "f") return literal("false");
    if (ch === "n") return literal("null");
    return number();
  };
  try {
    value(0);
    space();
    if (i < text.length) fail(`unexpected ${describe(text[i])} after the end of the document`);
    return null;
  } catch (error) {
    if (error instanceof JsonStop) return { offset: error.offset, message: error.message };
    throw error;
  }
}

class JsonStop extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

function describe(ch: string | undefined): string {
  return ch === undefined ? "the end of the file" : `'${ch}'`;
}
