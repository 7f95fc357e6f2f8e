/**
 * `telematics validate <file|dir|->...`: JSON and NDJSON events against the event schemas.
 *
 * Each event is matched to one schema by its provider's type field (or --schema). JSON syntax
 * errors and schema errors name file:line:column and show the line with a caret; a summary table
 * counts events per file and event type. --json: one NDJSON result per event on stdout.
 * Exit 0 all valid, 1 any invalid, 2 usage error.
 */
import { createReadStream, readdirSync, statSync } from "node:fs";
import { extname, join, relative, resolve } from "node:path";
import { StringDecoder } from "node:string_decoder";
import type { Readable } from "node:stream";
import type { Context } from "../../context.js";
import type { CommandInput } from "../spec.js";
import type { VALIDATE_OPTIONS } from "./spec.js";
import { UsageError } from "../../core/errors.js";
import { arrayElementOffsets, caretLines, findSyntaxError, lineText, locatePath, positionAt } from "../../core/json-locate.js";
import { formatPath, parseSchemaRef, refId, validateEvent, type EventRef, type Issue, type Validation } from "../../core/schemas/index.js";
import type { Output } from "../../io/output.js";
import { renderTable } from "../../io/table.js";
import { fileProblem } from "../../io/files.js";


/** One input: a file, or stdin. */
export interface Source {
  /** As shown in messages: the path as given (or found under a directory), or <stdin>. */
  name: string;
  /** Absolute path; undefined for stdin. */
  path?: string;
  /** NDJSON by extension (.ndjson, .jsonl): every line is an event, even when the first is broken. */
  ndjson: boolean;
}

const EXTENSIONS = new Set([".json", ".ndjson", ".jsonl"]);
const NDJSON_EXTENSIONS = new Set([".ndjson", ".jsonl"]);

/** Expands the positional arguments into sources; every problem is a usage error, before any work. */
export function resolveSources(args: readonly string[], ctx: Pick<Context, "cwd" | "stdin">): Source[] {
  const sources: Source[] = [];
  let stdin = false;
  for (const arg of args) {
    if (arg === "-") {
      if (stdin) throw new UsageError("- (stdin) is given more than once");
      if (ctx.stdin.isTTY) throw new UsageError("-: stdin is a terminal; pipe events in or give files");
      stdin = true;
      sources.push({ name: "<stdin>", ndjson: false });
      continue;
    }
    const abs = resolve(ctx.cwd, arg);
    let st;
    try {
      st = statSync(abs);
    } catch (e) {
      throw new UsageError(`${arg}: cannot read it (${fileProblem(e)})`);
    }
    if (st.isDirectory()) {
      const found = walk(abs);
      if (found.length === 0) throw new UsageError(`${arg}: no .json, .ndjson or .jsonl files in this directory`);
      for (const file of found) sources.push({ name: join(arg, relative(abs, file)), path: file, ndjson: NDJSON_EXTENSIONS.has(extname(file).toLowerCase()) });
    } else {
      sources.push({ name: arg, path: abs, ndjson: NDJSON_EXTENSIONS.has(extname(abs).toLowerCase()) });
    }
  }
  return sources;
}

/** JSON/NDJSON files under a directory, sorted; skips dot-directories and node_modules. */
function walk(dir: string): string[] {
  const out: string[] = [];
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    if (e.name.startsWith(".") || e.name === "node_modules") continue;
    const full = join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(full));
    else if (e.isFile() && EXTENSIONS.has(extname(e.name).toLowerCase())) out.push(full);
  }
  return out;
}

// ── Results ───────────────────────────────────────────────────────────────────────────────────

interface Row {
  file: string;
  event: string;
  valid: number;
  invalid: number;
  warnings: number;
}

/** A located problem, as printed and as put in --json records. */
export interface Problem {
  kind: "syntax" | "schema";
  path?: string;
  line?: number;
  column?: number;
  message: string;
  expected?: string;
  found?: string;
}

export interface EventResult {
  file: string;
  /** Line where the event starts (NDJSON: its line). */
  line: number;
  /** Index of the event in a JSON array document. */
  index?: number;
  provider?: string;
  event?: string;
  valid: boolean;
  errors: Problem[];
  warnings: Problem[];
}

/** Where an event's text is, to turn JSON paths into line:column. */
interface Where {
  text: string;
  /** Offset of the event's value in text. */
  offset: number;
  /** Line number of text's first line in the file. */
  firstLine: number;
}

class Run {
  readonly rows = new Map<string, Row>();
  events = 0;
  invalid = 0;
  warned = 0;

  constructor(
    private readonly out: Output,
    private readonly options: { schema?: EventRef; strict: boolean },
  ) {}

  private count(file: string, event: string, valid: boolean, warnings: number): void {
    const key = `${file}\u0000${event}`;
    let row = this.rows.get(key);
    if (!row) {
      row = { file, event, valid: 0, invalid: 0, warnings: 0 };
      this.rows.set(key, row);
    }
    if (valid) row.valid++;
    else row.invalid++;
    row.warnings += warnings;
    this.events++;
    if (!valid) this.invalid++;
    if (warnings > 0) this.warned++;
  }

  /** Validates one parsed event. The happy path does no locating and builds no strings. */
  event(source: Source, payload: unknown, where: Where, index?: number): void {
    const v: Validation = validateEvent(payload, this.options);
    const label = v.ref ? refId(v.ref) : "(unknown)";
    this.count(source.name, label, v.valid, v.warnings.length);
    if (v.valid && v.warnings.length === 0 && !this.out.json) return;
    const start = positionAt(where.text, where.offset);
    const line = where.firstLine + start.line - 1;
    const result: EventResult = {
      file: source.name,
      line,
      ...(index === undefined ? {} : { index }),
      ...(v.ref ? { provider: v.ref.provider, event: v.ref.event } : {}),
      valid: v.valid,
      errors: v.errors.map((i) => this.locate(i, where)),
      warnings: v.warnings.map((i) => this.locate(i, where)),
    };
    this.report(result, label, where);
  }

  syntax(source: Source, text: string, firstLine: number, problem: { line: number; column: number; message: string }): void {
    this.count(source.name, "(syntax error)", false, 0);
    const line = firstLine + problem.line - 1;
    const result: EventResult = { file: source.name, line, valid: false, errors: [{ kind: "syntax", line, column: problem.column, message: problem.message }], warnings: [] };
    this.report(result, "JSON syntax", { text, offset: 0, firstLine });
  }

  /** An input without any event (an empty file): a problem, so that CI notices. */
  empty(source: Source): void {
    this.count(source.name, "(no events)", false, 0);
    const result: EventResult = { file: source.name, line: 1, valid: false, errors: [{ kind: "syntax", line: 1, column: 1, message: "no events: the input is empty" }], warnings: [] };
    if (this.out.json) this.out.record(result);
    else this.out.data(`${source.name}:1:1: error: no events: the input is empty`);
  }

  private locate(issue: Issue, where: Where): Problem {
    const relative = locatePath(where.text, issue.path, where.offset);
    const p: Problem = { kind: "schema", path: formatPath(issue.path), message: issue.message };
    if (relative) {
      p.line = where.firstLine + relative.line - 1;
      p.column = relative.column;
    }
    if (issue.expected !== undefined) p.expected = issue.expected;
    if (issue.found !== undefined) p.found = issue.found;
    return p;
  }

  private report(result: EventResult, label: string, where: Where): void {
    const { out } = this;
    if (out.json) {
      out.record(result);
      return;
    }
    const c = out.chalk;
    for (const [kind, problems] of [
      ["error", result.errors],
      ["warning", result.warnings],
    ] as const) {
      for (const p of problems) {
        const at = `${result.file}:${p.line ?? result.line}:${p.column ?? 1}`;
        const found = p.found !== undefined && p.found !== "missing" && !p.message.includes(p.found) ? ` (found ${p.found})` : "";
        const head = kind === "error" ? c.red("error") : c.yellow("warning");
        const path = p.path !== undefined && p.path !== "$" ? `${c.bold(p.path)}: ` : "";
        out.data(`${c.cyan(at)}: ${head}: ${path}${p.message}${found} ${c.dim(`[${label}]`)}`);
        if (kind === "error" && p.line !== undefined && p.column !== undefined) {
          const [text, caret] = caretLines(lineText(where.text, p.line - where.firstLine + 1), p.column);
          const gutter = String(p.line);
          out.data(c.dim(`  ${gutter} | `) + text);
          out.data(c.dim(`  ${" ".repeat(gutter.length)} | `) + c.red(caret));
        }
      }
    }
  }

  summary(): void {
    const { out } = this;
    const rows = [...this.rows.values()];
    const table = renderTable(
      out,
      ["file", "event", "valid", "invalid", "warnings"],
      rows.map((r) => [r.file, r.event, r.valid, r.invalid === 0 ? 0 : out.chalk.red(String(r.invalid)), r.warnings]),
    );
    const ok = this.invalid === 0;
    const files = new Set(rows.map((r) => r.file)).size;
    const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? "" : "s"}`;
    const line = ok
      ? out.chalk.green(`✓ ${plural(this.events, "event")} valid`) + ` in ${plural(files, "input")}` + (this.warned ? `, ${plural(this.warned, "event")} with warnings` : "")
      : out.chalk.red(`✗ ${this.invalid} of ${plural(this.events, "event")} invalid`) + ` in ${plural(files, "input")}`;
    if (out.json) {
      out.info(table);
      out.info(line);
    } else {
      if (this.invalid > 0 || this.warned > 0) out.data("");
      out.data(table);
      out.data(line);
    }
  }
}

// ── Reading ───────────────────────────────────────────────────────────────────────────────────

function openSource(source: Source, ctx: Context): Readable {
  if (!source.path) return ctx.stdin;
  return createReadStream(source.path, { highWaterMark: 1 << 20 });
}

/**
 * Reads one input line by line. NDJSON (by extension, or when the first non-empty line is a JSON
 * value by itself) is validated as it streams; anything else is read whole and parsed as one
 * document (an event, or an array of events).
 */
async function validateSource(source: Source, ctx: Context, run: Run): Promise<void> {
  const stream = openSource(source, ctx);
  const decoder = new StringDecoder("utf8");
  let mode: "unknown" | "ndjson" | "document" = source.ndjson ? "ndjson" : "unknown";
  let pending = "";
  let doc: string[] = [];
  let lineNo = 0;
  let events = 0;

  const onLine = (raw: string): void => {
    lineNo++;
    let line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (lineNo === 1 && line.charCodeAt(0) === 0xfeff) line = line.slice(1);
    if (mode === "document") {
      doc.push(line);
      return;
    }
    if (mode === "unknown") {
      doc.push(line);
      if (line.trim() === "") return;
      let payload: unknown;
      try {
        payload = JSON.parse(line);
      } catch {
        mode = "document";
        return;
      }
      mode = "ndjson";
      doc = [];
      lineEvents(payload, line);
      return;
    }
    if (line.trim() === "") return;
    let payload: unknown;
    try {
      payload = JSON.parse(line);
    } catch {
      events++;
      run.syntax(source, line, lineNo, findSyntaxError(line) ?? { line: 1, column: 1, message: "invalid JSON" });
      return;
    }
    lineEvents(payload, line);
  };
  /** The events of one line: an event, or an array of them (a minified JSON array is one line). */
  const lineEvents = (payload: unknown, line: string): void => {
    if (!Array.isArray(payload)) {
      events++;
      run.event(source, payload, { text: line, offset: 0, firstLine: lineNo });
      return;
    }
    const offsets = arrayElementOffsets(line);
    for (let i = 0; i < payload.length; i++) {
      events++;
      run.event(source, payload[i], { text: line, offset: offsets?.[i] ?? 0, firstLine: lineNo }, i);
    }
  };

  try {
    for await (const chunk of stream) {
      pending += typeof chunk === "string" ? chunk : decoder.write(chunk as Buffer);
      let start = 0;
      for (let nl = pending.indexOf("\n"); nl !== -1; nl = pending.indexOf("\n", start)) {
        onLine(pending.slice(start, nl));
        start = nl + 1;
      }
      pending = start === 0 ? pending : pending.slice(start);
    }
  } catch (e) {
    throw new UsageError(`${source.name}: cannot read it (${fileProblem(e)})`);
  }
  pending += decoder.end();
  if (pending !== "") onLine(pending);

  if (mode === "ndjson") {
    if (events === 0) run.empty(source);
    return;
  }
  const text = doc.join("\n");
  if (text.trim() === "") {
    run.empty(source);
    return;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    run.syntax(source, text, 1, findSyntaxError(text) ?? { line: 1, column: 1, message: "invalid JSON" });
    return;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) {
      run.empty(source);
      return;
    }
    // Every element's start in one pass (locating each from the top would be quadratic).
    const offsets = arrayElementOffsets(text);
    for (let i = 0; i < value.length; i++) run.event(source, value[i], { text, offset: offsets?.[i] ?? 0, firstLine: 1 }, i);
    return;
  }
  const at = text.search(/\S/);
  run.event(source, value, { text, offset: Math.max(0, at), firstLine: 1 });
}

export async function run(input: CommandInput<typeof VALIDATE_OPTIONS>, ctx: Context): Promise<number> {
  const { args, values: flags } = input;
  if (args.length === 0 && ctx.stdin.isTTY) {
    throw new UsageError("give files or directories to validate, or - to read stdin (e.g. telematics validate events.ndjson)");
  }
  const schema = flags.schema !== undefined ? parseSchemaRef(flags.schema) : undefined;
  const sources = resolveSources(args.length === 0 ? ["-"] : args, ctx);
  const options: { schema?: EventRef; strict: boolean } = { strict: flags.strict === true };
  if (schema) options.schema = schema;
  const r = new Run(ctx.out, options);
  for (const source of sources) await validateSource(source, ctx, r);
  r.summary();
  return r.invalid === 0 ? 0 : 1;
}
