/**
 * Positions in JSON source text (pure): where a syntax error is, and where the value at a JSON path
 * sits, so that messages can say file:line:column and show the line with a caret. Only used when
 * something is wrong: the happy path never pays for it.
 */

export interface Position {
  /** 0-based offset into the text. */
  offset: number;
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units (what editors and JSON.parse count). */
  column: number;
}

export interface SyntaxProblem extends Position {
  message: string;
}

/** The line starts of the last large text asked about: a file's events are located one by one. */
let indexed: { text: string; starts: number[] } | undefined;

function lineStarts(text: string): number[] {
  if (indexed?.text !== text) {
    const starts = [0];
    for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
    indexed = { text, starts };
  }
  return indexed.starts;
}

/** Line and column of an offset. */
export function positionAt(text: string, offset: number): Position {
  if (text.length > 8192) {
    // Binary search in the text's line starts (built once per text).
    const starts = lineStarts(text);
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { offset, line: lo + 1, column: offset - starts[lo]! + 1 };
  }
  let line = 1;
  let start = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    start = i + 1;
  }
  return { offset, line, column: offset - start + 1 };
}

/** The text of a 1-based line (without its line break). */
export function lineText(text: string, line: number): string {
  let start = 0;
  for (let n = 1; n < line; n++) {
    const i = text.indexOf("\n", start);
    if (i === -1) return "";
    start = i + 1;
  }
  const end = text.indexOf("\n", start);
  return text.slice(start, end === -1 ? text.length : end).replace(/\r$/, "");
}

/**
 * The line and a caret under `column`, for terminals: long lines (NDJSON) are cut to a window
 * around the column. Returns [line, caret] without indentation.
 */
export function caretLines(line: string, column: number, width = 100): [string, string] {
  const expanded = line.replace(/\t/g, " ");
  let col = Math.max(1, Math.min(column, expanded.length + 1));
  let shown = expanded;
  if (expanded.length > width) {
    const half = Math.floor(width / 2);
    const from = Math.max(0, Math.min(col - 1 - half, expanded.length - width));
    const to = from + width;
    shown = (from > 0 ? "…" : "") + expanded.slice(from, to) + (to < expanded.length ? "…" : "");
    col = col - from + (from > 0 ? 1 : 0);
  }
  return [shown, " ".repeat(col - 1) + "^"];
}

class Fail extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

const WS = new Set([" ", "\t", "\n", "\r"]);

/** A tiny JSON scanner that follows the grammar exactly and says where and why it stops. */
class Scanner {
  i = 0;
  constructor(readonly text: string) {}

  ws(): void {
    while (this.i < this.text.length && WS.has(this.text[this.i]!)) this.i++;
  }

  peek(): string | undefined {
    return this.text[this.i];
  }

  describe(): string {
    const c = this.peek();
    if (c === undefined) return "the end of the input";
    if (c === '"') {
      const m = /^"(?:[^"\\\n]|\\.){0,30}"?/.exec(this.text.slice(this.i, this.i + 40));
      return m ? m[0] : "'\"'";
    }
    if (/[A-Za-z_]/.test(c)) {
      const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(this.i, this.i + 40))![0];
      return `\`${word}\``;
    }
    return `'${c}'`;
  }

  fail(message: string, offset = this.i): never {
    throw new Fail(offset, message);
  }

  /** Skips one value; returns its start offset. `onPair` sees each member of objects at the top of this value. */
  value(onKey?: (key: string, valueStart: number) => boolean): number {
    this.ws();
    const start = this.i;
    const c = this.peek();
    if (c === "{") this.object(onKey);
    else if (c === "[") this.array(onKey);
    else if (c === '"') this.string();
    else if (c === "-" || (c !== undefined && c >= "0" && c <= "9")) this.number();
    else if (this.text.startsWith("true", this.i)) this.i += 4;
    else if (this.text.startsWith("false", this.i)) this.i += 5;
    else if (this.text.startsWith("null", this.i)) this.i += 4;
    else if (c === undefined) this.fail("unexpected end of input: a value was expected");
    else if (c === "'") this.fail("strings must use double quotes");
    else if (c === "}" || c === "]" || c === ",") this.fail(`unexpected '${c}': a value was expected`);
    else this.fail(`unexpected ${this.describe()}: a value was expected (strings need double quotes)`);
    return start;
  }

  private object(onKey?: (key: string, valueStart: number) => boolean): void {
    this.i++; // {
    this.ws();
    if (this.peek() === "}") {
      this.i++;
      return;
    }
    for (;;) {
      this.ws();
      const c = this.peek();
      if (c !== '"') {
        if (c === "}") this.fail("trailing comma before '}'");
        if (c === undefined) this.fail("unexpected end of input: the object is not closed");
        this.fail(`expected a property name in double quotes, found ${this.describe()}`);
      }
      const key = this.string();
      this.ws();
      if (this.peek() !== ":") this.fail(`expected ':' after property name ${JSON.stringify(key)}, found ${this.describe()}`);
      this.i++;
      this.ws();
      const valueStart = this.i;
      if (onKey?.(key, valueStart) !== true) this.value();
      this.ws();
      const next = this.peek();
      if (next === ",") {
        this.i++;
        continue;
      }
      if (next === "}") {
        this.i++;
        return;
      }
      if (next === undefined) this.fail("unexpected end of input: the object is not closed");
      const unquoted = /[0-9]/.test(this.text[this.i - 1] ?? "") && /[-:A-Za-z]/.test(next) ? " (an unquoted value? strings need double quotes)" : "";
      this.fail(`expected ',' or '}' after property value, found ${this.describe()}${next === '"' ? " (missing comma?)" : unquoted}`);
    }
  }

  private array(onKey?: (key: string, valueStart: number) => boolean): void {
    this.i++; // [
    this.ws();
    if (this.peek() === "]") {
      this.i++;
      return;
    }
    for (let index = 0; ; index++) {
      this.ws();
      if (this.peek() === "]") this.fail("trailing comma before ']'");
      const valueStart = this.i;
      if (onKey?.(String(index), valueStart) !== true) this.value();
      this.ws();
      const next = this.peek();
      if (next === ",") {
        this.i++;
        continue;
      }
      if (next === "]") {
        this.i++;
        return;
      }
      if (next === undefined) this.fail("unexpected end of input: the array is not closed");
      this.fail(`expected ',' or ']' after array element, found ${this.describe()}${next === '"' || next === "{" ? " (missing comma?)" : ""}`);
    }
  }

  string(): string {
    const start = this.i;
    this.i++; // "
    for (;;) {
      const c = this.text[this.i];
      if (c === undefined) this.fail("unterminated string", start);
      if (c === '"') break;
      if (c === "\\") {
        const e = this.text[this.i + 1];
        if (e === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(this.text.slice(this.i + 2, this.i + 6))) this.fail("bad \\u escape: four hex digits expected", this.i);
          this.i += 6;
          continue;
        }
        if (e === undefined || !'"\\/bfnrt'.includes(e)) this.fail(`bad escape '\\${e ?? ""}' in string`, this.i);
        this.i += 2;
        continue;
      }
      if (c.charCodeAt(0) < 0x20) this.fail(c === "\n" ? "unterminated string (line break inside a string)" : "control character inside a string", this.i);
      this.i++;
    }
    this.i++;
    return JSON.parse(this.text.slice(start, this.i)) as string;
  }

  private number(): void {
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(this.text.slice(this.i, this.i + 400));
    if (!m) this.fail("invalid number");
    this.i += m[0].length;
  }
}

/**
 * Where and why `text` is not valid JSON; undefined if it is. Finds the same place JSON.parse
 * stops at, with a message that says what was expected.
 */
export function findSyntaxError(text: string): SyntaxProblem | undefined {
  const s = new Scanner(text);
  try {
    s.ws();
    if (s.peek() === undefined) return { ...positionAt(text, s.i), message: "empty input: no JSON value" };
    s.value();
    s.ws();
    if (s.i < text.length) s.fail(`unexpected ${s.describe()} after the end of the JSON value`);
    return undefined;
  } catch (e) {
    if (e instanceof Fail) return { ...positionAt(text, e.offset), message: e.message };
    if (e instanceof RangeError) return { offset: 0, line: 1, column: 1, message: "invalid JSON, nested too deeply to point at the error" };
    throw e;
  }
}

/**
 * Where the value at `path` starts in `text` (valid JSON). For a path that does not exist (a
 * missing field), the deepest existing parent. With duplicate keys, the last one (as JSON.parse).
 */
export function locatePath(text: string, path: readonly (string | number)[], base = 0): Position | undefined {
  const s = new Scanner(text);
  s.i = base;
  let found: number | undefined;
  try {
    s.ws();
    found = s.i;
    const descend = (depth: number): ((key: string, valueStart: number) => boolean) | undefined => {
      if (depth >= path.length) return undefined;
      const want = String(path[depth]);
      return (key, valueStart) => {
        if (key !== want) return false;
        found = valueStart;
        s.value(descend(depth + 1));
        return true;
      };
    };
    s.value(descend(0));
  } catch (e) {
    // A value nested too deeply for the scanner's recursion: the deepest place found so far.
    if (!(e instanceof Fail) && !(e instanceof RangeError)) throw e;
  }
  return found === undefined ? undefined : positionAt(text, found);
}

/**
 * The exact text of the value of `key` in the object that `text` holds (valid JSON): its bytes as
 * written, spaces and number spelling included. With duplicate keys, the last one (as JSON.parse).
 * Undefined when there is no such member or `text` is not an object.
 */
export function memberText(text: string, key: string): string | undefined {
  const s = new Scanner(text);
  let span: [number, number] | undefined;
  try {
    s.ws();
    if (s.peek() !== "{") return undefined;
    s.value((k, start) => {
      if (k !== key) return false;
      s.value();
      span = [start, s.i];
      return true;
    });
  } catch (e) {
    if (!(e instanceof Fail) && !(e instanceof RangeError)) throw e;
    return undefined;
  }
  return span && text.slice(span[0], span[1]);
}

/**
 * Where each element of the array that `text` holds (valid JSON) starts, in one pass; undefined
 * when `text` is not an array or is nested too deeply to scan.
 */
export function arrayElementOffsets(text: string): number[] | undefined {
  const s = new Scanner(text);
  const offsets: number[] = [];
  try {
    s.ws();
    if (s.peek() !== "[") return undefined;
    s.value((_key, start) => {
      offsets.push(start);
      return false;
    });
  } catch (e) {
    if (!(e instanceof Fail) && !(e instanceof RangeError)) throw e;
    return undefined;
  }
  return offsets;
}
