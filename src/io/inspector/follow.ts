/**
 * Reading event logs for the inspector: the last N records of a log without parsing the rest (a
 * day's log holds far more than the page keeps), then following the file as `listen` or
 * `tail --save` append to it, across a rotation (the file renamed to events.1.ndjson and a new one
 * started) or a truncation.
 */
import { closeSync, fstatSync, openSync, readSync, statSync, watch, type FSWatcher } from "node:fs";
import type { EventRecord } from "../../core/events/record.js";
import { memberText } from "../../core/json-locate.js";
import { parseEventRecord } from "../event-log.js";

export interface LoggedRecord {
  record: EventRecord;
  /** A feed record's body text as the line holds it. */
  bodyText?: string;
}

export interface LineProblem {
  path: string;
  message: string;
}

function parseLine(text: string): LoggedRecord | string {
  const parsed = parseEventRecord(text);
  if (typeof parsed === "string") return parsed;
  if (parsed.body_encoding === "json") {
    const bodyText = memberText(text, "body");
    if (bodyText !== undefined) return { record: parsed, bodyText };
  }
  return { record: parsed };
}

const CHUNK = 1 << 20;

/**
 * The last `n` complete lines of an open file ending at `end`, read backwards in chunks. Returns
 * the lines (oldest first) and where the complete lines end (a last line without its newline is
 * being written: it is read later, when complete).
 */
function lastLines(fd: number, end: number, n: number): { lines: string[]; end: number } {
  let pos = end;
  const parts: Buffer[] = [];
  let lineEnd = -1;
  let newlines = 0;
  while (pos > 0) {
    const size = Math.min(CHUNK, pos);
    pos -= size;
    let buf = Buffer.allocUnsafe(size);
    readSync(fd, buf, 0, size, pos);
    if (lineEnd < 0) {
      const at = buf.lastIndexOf(0x0a);
      if (at < 0) continue; // all of it belongs to the unfinished last line
      lineEnd = pos + at + 1;
      buf = buf.subarray(0, at); // without the newline that ends the last complete line
    }
    // The n-th newline from the end starts the n-th line from the end.
    let cut = -1;
    for (let j = buf.length - 1; j >= 0; j--) {
      if (buf[j] === 0x0a && ++newlines === n) {
        cut = j + 1;
        break;
      }
    }
    if (cut >= 0) {
      parts.unshift(buf.subarray(cut));
      break;
    }
    parts.unshift(buf);
  }
  if (lineEnd < 0) return { lines: [], end: 0 };
  // Decoded once whole, so a character split between two chunks stays whole.
  const lines = Buffer.concat(parts).toString("utf8").split("\n").filter((l) => l.trim() !== "");
  return { lines: lines.slice(-n), end: lineEnd };
}

export interface FollowHandlers {
  record(r: LoggedRecord, path: string): void;
  problem(p: LineProblem): void;
}

/** One log being followed. */
class Follower {
  private fd: number | undefined;
  private ino = 0;
  private offset = 0;
  /** Bytes after the last newline read: the start of a line still being written. */
  private partial: Buffer = Buffer.alloc(0);

  constructor(
    readonly path: string,
    private readonly handlers: FollowHandlers,
  ) {}

  /** Opens the file; false when it does not exist (yet). */
  open(): boolean {
    try {
      this.fd = openSync(this.path, "r");
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return false;
      throw new Error(`cannot read the event log ${this.path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    const st = fstatSync(this.fd);
    if (st.isDirectory()) {
      closeSync(this.fd);
      this.fd = undefined;
      throw new Error(`cannot read the event log ${this.path}: it is a directory`);
    }
    this.ino = st.ino;
    this.offset = 0;
    this.partial = Buffer.alloc(0);
    return true;
  }

  /** The last `n` records of the file as it is now; following continues after them. */
  loadLast(n: number): LoggedRecord[] {
    if (this.fd === undefined) return [];
    const size = fstatSync(this.fd).size;
    const { lines, end } = lastLines(this.fd, size, n);
    this.offset = end;
    const out: LoggedRecord[] = [];
    for (const text of lines) {
      const r = parseLine(text);
      if (typeof r === "string") this.handlers.problem({ path: this.path, message: r });
      else out.push(r);
    }
    return out;
  }

  private readNew(): void {
    if (this.fd === undefined) return;
    const size = fstatSync(this.fd).size;
    if (size < this.offset) {
      // Truncated: start over.
      this.offset = 0;
      this.partial = Buffer.alloc(0);
    }
    while (this.offset < size) {
      const len = Math.min(CHUNK, size - this.offset);
      const buf = Buffer.allocUnsafe(len);
      const got = readSync(this.fd, buf, 0, len, this.offset);
      if (got <= 0) break;
      this.offset += got;
      const bytes = this.partial.length ? Buffer.concat([this.partial, buf.subarray(0, got)]) : buf.subarray(0, got);
      const last = bytes.lastIndexOf(0x0a);
      if (last < 0) {
        this.partial = Buffer.from(bytes);
        continue;
      }
      this.partial = Buffer.from(bytes.subarray(last + 1));
      const lines = bytes.subarray(0, last).toString("utf8").split("\n");
      for (const l of lines) {
        if (l.trim() === "") continue;
        const r = parseLine(l);
        if (typeof r === "string") this.handlers.problem({ path: this.path, message: r });
        else this.handlers.record(r, this.path);
      }
    }
  }

  /** Reads what was appended; moves to the new file after a rotation. */
  poll(): void {
    if (this.fd === undefined) {
      if (!this.open()) return;
    }
    this.readNew();
    let st;
    try {
      st = statSync(this.path);
    } catch {
      return; // renamed away and not created again yet: keep reading the old one
    }
    if (st.ino !== this.ino) {
      // Rotated: what was written to the old file before the rename is read above; start the new one.
      this.readNew();
      closeSync(this.fd!);
      this.fd = undefined;
      if (this.open()) this.readNew();
    }
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

export interface LogSet {
  /** The last `history` records of all the logs together, oldest first (by received_at). */
  initial: LoggedRecord[];
  /** The logs that did not exist yet (followed once they appear). */
  missing: string[];
  /** Starts following (new records go to `handlers.record`). */
  follow(pollMs?: number): void;
  close(): void;
}

/** Opens the logs; throws for a log that cannot be read (not for one that does not exist yet). */
export function openLogs(paths: readonly string[], history: number, handlers: FollowHandlers): LogSet {
  const followers = paths.map((p) => new Follower(p, handlers));
  const missing: string[] = [];
  let initial: LoggedRecord[] = [];
  try {
    for (const f of followers) {
      if (!f.open()) {
        missing.push(f.path);
        continue;
      }
      initial.push(...f.loadLast(history));
    }
  } catch (e) {
    for (const f of followers) f.close();
    throw e;
  }
  if (followers.length > 1) {
    // Several logs: one timeline. A stable sort keeps each log's own order for equal times.
    initial = initial
      .map((r, i) => ({ r, i }))
      .sort((a, b) => (a.r.record.received_at < b.r.record.received_at ? -1 : a.r.record.received_at > b.r.record.received_at ? 1 : a.i - b.i))
      .map((x) => x.r)
      .slice(-history);
  }
  let timer: NodeJS.Timeout | undefined;
  const watchers: FSWatcher[] = [];
  const pollAll = () => {
    for (const f of followers) {
      try {
        f.poll();
      } catch (e) {
        handlers.problem({ path: f.path, message: (e as Error).message });
      }
    }
  };
  return {
    initial,
    missing,
    follow(pollMs = 250) {
      // A timer, for every file system; a watcher on top, so that appends show at once where it works.
      timer = setInterval(pollAll, pollMs);
      for (const f of followers) {
        try {
          const w = watch(f.path, { persistent: false }, () => pollAll());
          w.on("error", () => w.close());
          watchers.push(w);
        } catch {
          // not there yet, or no watcher here: the timer covers it
        }
      }
    },
    close() {
      clearInterval(timer);
      for (const w of watchers) w.close();
      for (const f of followers) f.close();
    },
  };
}
