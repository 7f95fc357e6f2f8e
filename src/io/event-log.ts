/**
 * The event log: an append-only NDJSON file of EventRecord lines (src/core/events/record.ts).
 * `listen` writes one line per request and `tail --save` one per feed event; `send --from-log`
 * reads them back.
 *
 * Writing: `append(record)` resolves once the line's write has completed (the bytes reached the
 * operating system), so "append the record, and only then answer" holds: a request answered 2xx is
 * in the log even if the process is killed right after (`kill -9`; a power cut needs fsync, which
 * we do not pay for). The lines appended during one turn of the event loop are written together
 * with one synchronous write at the end of the turn (group commit): throughput grows with
 * concurrency, and each caller still waits for its own line. Lines are written in the order append
 * was called.
 *
 * Growth: with `maxBytes`, a write that would take the file past it first renames the file to
 * `<name>.1<ext>` (events.ndjson → events.1.ndjson, replacing the previous one) and starts a new
 * file, so a listener left running all day keeps at most about twice `maxBytes` on disk. A line is
 * never split across the two files.
 *
 * Reading: `readEventLog(path)` yields each line's record or a message naming the line number and
 * what is wrong with it; a last line cut short by a crash is reported as such.
 */
import { closeSync, createReadStream, openSync, renameSync, writeSync } from "node:fs";
import { mkdir, open, type FileHandle } from "node:fs/promises";
import { basename, dirname, extname, join } from "node:path";
import { createInterface } from "node:readline";
import type { EventRecord } from "../core/events/record.js";
import { memberText } from "../core/json-locate.js";
import { fileProblem } from "./files.js";

export interface EventLog {
  readonly path: string;
  /** Appends one record; resolves when its line has been written. Rejects if the write failed. */
  append(record: EventRecord): Promise<void>;
  /** Appends one already-serialized line (no newline inside; one is added). */
  appendLine(line: string): Promise<void>;
  /** Lines written so far (a line whose write failed is not counted). */
  readonly lines: number;
  /** Waits for pending writes, then closes the file. Later appends reject. */
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Largest single write, in bytes; a batch above it is split (default 1 MiB). */
  maxBatchBytes?: number;
  /**
   * Rotate before the file would grow past this many bytes: it becomes `<name>.1<ext>` (the
   * previous one is replaced) and a new file is started. Default: no limit. A single line longer
   * than this still goes into a file of its own.
   */
  maxBytes?: number;
}

/** Where a rotated log goes: events.ndjson → events.1.ndjson; a name without extension gets `.1`. */
export function rotatedPath(path: string): string {
  const ext = extname(path);
  const name = basename(path, ext);
  return join(dirname(path), name === "" ? `${ext}.1` : `${name}.1${ext}`);
}

interface Pending {
  text: string;
  resolve: () => void;
  reject: (e: Error) => void;
}

/** A log that cannot be opened, in the wording every file error uses. */
function openError(path: string, e: unknown): Error {
  const err = new Error(`cannot open the event log ${path}: ${fileProblem(e)}`);
  (err as NodeJS.ErrnoException).code = (e as NodeJS.ErrnoException).code;
  return err;
}

/**
 * Opens (creating it and its folder if needed) an event log for appending. If the file ends in the
 * middle of a line (a crash during a write), a newline is written first so that the next record
 * starts on its own line.
 */
export async function openEventLog(path: string, options: OpenOptions = {}): Promise<EventLog> {
  const maxBatch = options.maxBatchBytes ?? 1 << 20;
  const maxBytes = options.maxBytes;
  if (maxBytes !== undefined && !(maxBytes > 0)) throw new Error(`maxBytes must be positive (got ${maxBytes})`);
  let fh: FileHandle;
  try {
    await mkdir(dirname(path), { recursive: true });
    fh = await open(path, "a+");
  } catch (e) {
    throw openError(path, e);
  }
  const size = (await fh.stat()).size;
  let torn = false;
  if (size > 0) {
    const last = Buffer.alloc(1);
    await fh.read(last, 0, 1, size - 1);
    torn = last[0] !== 0x0a;
  }

  let queue: Pending[] = [];
  let scheduled = false;
  let closed = false;
  let lines = 0;
  let fd = fh.fd;
  /** Set once the log has rotated: the file in use is then one opened here, closed with closeSync. */
  let ownFd = false;
  /** Bytes in the current file (what was there, plus what we wrote). */
  let fileBytes = size;
  /** Set when a failed write may have left half a line: the next write starts a new line. */
  let midLine = torn;

  /** The current file becomes `<name>.1<ext>`; writing goes on in a new, empty file. */
  const rotate = () => {
    renameSync(path, rotatedPath(path));
    const next = openSync(path, "a+");
    if (ownFd) closeSync(fd);
    else void fh.close().catch(() => {});
    fd = next;
    ownFd = true;
    fileBytes = 0;
    // A line the old file ended in the middle of stays there; the new file starts clean.
    midLine = false;
  };

  const writeAll = (buf: Buffer) => {
    let offset = 0;
    try {
      while (offset < buf.byteLength) offset += writeSync(fd, buf, offset, buf.byteLength - offset);
    } catch (e) {
      if (offset > 0) midLine = true;
      throw e;
    }
  };

  /**
   * Writes every line appended during this turn of the event loop, then resolves their promises.
   * One synchronous write for the whole turn: no round trip through the thread pool, and the
   * answers of all the requests that arrived together go out right after it.
   */
  const flush = () => {
    scheduled = false;
    while (queue.length > 0) {
      let bytes = 0;
      let n = 0;
      if (maxBytes === undefined) {
        while (n < queue.length && (n === 0 || bytes + queue[n]!.text.length + 1 <= maxBatch)) {
          bytes += queue[n]!.text.length + 1;
          n++;
        }
      } else {
        // Exact sizes here: the batch must fit in what is left of the file.
        const lineBytes = (i: number) => Buffer.byteLength(queue[i]!.text, "utf8") + 1;
        const first = lineBytes(0) + (midLine ? 1 : 0);
        if (fileBytes > 0 && fileBytes + first > maxBytes) {
          try {
            rotate();
          } catch {
            // Cannot rotate (the folder became read-only, …): keep appending to the file we have
            // rather than lose events; the next batch tries again.
          }
        }
        bytes = lineBytes(0);
        n = 1;
        while (n < queue.length) {
          const b = lineBytes(n);
          if (bytes + b > maxBatch || fileBytes + bytes + b > maxBytes) break;
          bytes += b;
          n++;
        }
      }
      const batch = n === queue.length ? queue : queue.slice(0, n);
      queue = n === queue.length ? [] : queue.slice(n);
      let text = midLine ? "\n" : "";
      for (const p of batch) text += p.text + "\n";
      midLine = false;
      try {
        const buf = Buffer.from(text, "utf8");
        writeAll(buf);
        fileBytes += buf.byteLength;
        lines += batch.length;
        for (const p of batch) p.resolve();
      } catch (e) {
        // This batch's callers learn it failed; the next batch tries again (a disk that was full
        // may have room again), so one error does not end the log.
        const failure = new Error(`cannot write the event log ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
        for (const p of batch) p.reject(failure);
      }
    }
  };

  const appendLine = (text: string): Promise<void> => {
    if (closed) return Promise.reject(new Error(`the event log ${path} is closed`));
    return new Promise<void>((resolve, reject) => {
      queue.push({ text, resolve, reject });
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    });
  };

  return {
    path,
    get lines() {
      return lines;
    },
    append: (record) => appendLine(JSON.stringify(record)),
    appendLine,
    async close() {
      if (closed) return;
      closed = true;
      flush();
      if (ownFd) closeSync(fd);
      else await fh.close();
    },
  };
}

// ── Reading ──────────────────────────────────────────────────────────────────────────────────

/**
 * A line's record, or what is wrong with it. `bodyText`: for a feed record (body_encoding "json"),
 * the body's JSON exactly as the line holds it, which is the frame as received: parsing the line
 * keeps its value, not its bytes.
 */
export type LogEntry = { line: number; record: EventRecord; bodyText?: string } | { line: number; error: string };

/**
 * Checks one line of an event log. Returns the record, or what is wrong with it (without the line
 * number, which the caller knows).
 */
export function parseEventRecord(text: string): EventRecord | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return `not JSON (${(e as Error).message})`;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "not an event record (expected a JSON object)";
  const r = value as Record<string, unknown>;
  if (r.v !== 1) return `not an event record of format 1 (v is ${JSON.stringify(r.v) ?? "missing"})`;
  if (r.body_encoding === "json") {
    // A feed event: the body is the event's JSON value, whatever it is.
    if (!("body" in r)) return "not an event record: `body` is missing";
  } else {
    if (typeof r.body !== "string") return "not an event record: `body` is missing or not a string";
    if (r.body_encoding !== "utf8" && r.body_encoding !== "base64") return `not an event record: body_encoding must be "utf8", "base64" or "json", found ${JSON.stringify(r.body_encoding) ?? "nothing"}`;
  }
  if (typeof r.received_at !== "string") return "not an event record: `received_at` is missing or not a string";
  if (r.headers !== undefined && (typeof r.headers !== "object" || r.headers === null || Array.isArray(r.headers))) return "not an event record: `headers` must be an object";
  return value as EventRecord;
}

/**
 * Reads an event log line by line. Blank lines are skipped; every other line yields its record or
 * an error naming the problem. A last line without its newline (the writer was killed mid-write) is
 * reported as cut short when it does not parse.
 */
export async function* readEventLog(path: string): AsyncGenerator<LogEntry> {
  const stream = createReadStream(path);
  const opened = new Promise<void>((resolve, reject) => {
    stream.once("open", () => resolve());
    stream.once("error", reject);
  });
  try {
    await opened;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(`cannot read the event log ${path}: ${code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : (code ?? (e as Error).message)}`);
  }
  // Whether the file ends with a newline decides how a bad last line is described.
  let endsWithNewline = true;
  stream.on("data", (chunk) => {
    const b = chunk as Buffer;
    if (b.byteLength) endsWithNewline = b[b.byteLength - 1] === 0x0a;
  });
  const rl = createInterface({ input: stream, crlfDelay: Infinity });
  let n = 0;
  let held: { line: number; text: string } | undefined;
  const judge = (line: number, text: string, last: boolean): LogEntry => {
    const parsed = parseEventRecord(text);
    if (typeof parsed !== "string") {
      const bodyText = parsed.body_encoding === "json" ? memberText(text, "body") : undefined;
      return bodyText === undefined ? { line, record: parsed } : { line, record: parsed, bodyText };
    }
    return { line, error: last && !endsWithNewline ? `${parsed}; the line is cut short (the writer stopped mid-write)` : parsed };
  };
  for await (const text of rl) {
    n++;
    if (held) yield judge(held.line, held.text, false);
    held = text.trim() === "" ? undefined : { line: n, text };
  }
  if (held) yield judge(held.line, held.text, true);
}
