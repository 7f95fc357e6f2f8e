/**
 * The one place that writes to the terminal. stdout carries data only (events, results, NDJSON);
 * stderr carries progress, banners, warnings and errors. Every line written passes through
 * redaction, so a secret registered here cannot be printed by any command, in any mode.
 */
import type { ChalkInstance } from "chalk";
import { writeSync } from "node:fs";
import type { Writable } from "node:stream";

export interface Streams {
  stdout: Writable & { isTTY?: boolean; columns?: number };
  stderr: Writable & { isTTY?: boolean };
  /**
   * Set when stdout is a regular file: its descriptor, written with fs.writeSync. Node writes a
   * file stdout synchronously anyway, but through a stream that first copies each string into a
   * new Buffer; writeSync encodes it on the way out (about 3% of `tail --json > file`).
   */
  stdoutFileFd?: number;
}

export interface OutputOptions {
  json: boolean;
  /** false for --no-color; undefined to decide from the environment. */
  color?: boolean;
  env: Readonly<Record<string, string | undefined>>;
}

/**
 * The chalk of an Output without colour: every style (chained too: `red.bold`) is the identity.
 * chalk itself is loaded only when there is colour to print.
 */
const plain = ((...text: unknown[]) => text.join(" ")) as unknown as ChalkInstance & Record<string, unknown>;
for (const style of ["reset", "bold", "dim", "italic", "underline", "inverse", "hidden", "strikethrough", "black", "red", "green", "yellow", "blue", "magenta", "cyan", "white", "gray", "grey", "bgRed", "bgGreen", "bgYellow"]) {
  Object.defineProperty(plain, style, { value: plain });
}
Object.defineProperty(plain, "level", { value: 0 });

export class Output {
  readonly json: boolean;
  /** The one chalk instance (a no-op stand-in when colour is off). */
  readonly chalk: ChalkInstance;
  private readonly secrets = new Set<string>();

  /**
   * Why stdout stopped taking lines: a closed pipe (EPIPE: `| head` had enough) or a failed write
   * (ENOSPC: a full disk). Nothing more is written to it; main() ends the command.
   */
  failure?: NodeJS.ErrnoException;
  private failureListeners: ((e: NodeJS.ErrnoException) => void)[] = [];

  /** Prefer Output.create, which loads chalk when colour is on. */
  constructor(private readonly streams: Streams, options: OutputOptions, chalk: ChalkInstance = plain) {
    this.json = options.json;
    this.chalk = chalk;
    // A stream reports a failed write later, as an event: without a listener it would crash the process.
    streams.stdout.on?.("error", (e: NodeJS.ErrnoException) => this.failed(e));
    streams.stderr.on?.("error", () => {});
  }

  /** Called once when stdout fails. */
  onFailure(listener: (e: NodeJS.ErrnoException) => void): void {
    if (this.failure) listener(this.failure);
    else this.failureListeners.push(listener);
  }

  private failed(e: NodeJS.ErrnoException): void {
    if (this.failure) return;
    this.failure = e;
    this.pending = "";
    for (const l of this.failureListeners.splice(0)) l(e);
  }

  /** Drops what is gathered for stdout (it cannot be written). */
  discard(): void {
    this.pending = "";
  }

  static async create(streams: Streams, options: OutputOptions): Promise<Output> {
    const level = colorLevel(streams, options);
    if (level === 0) return new Output(streams, options);
    const { Chalk } = await import("chalk");
    return new Output(streams, options, new Chalk({ level }));
  }

  get stdoutIsTTY(): boolean {
    return this.streams.stdout.isTTY === true;
  }

  get stderrIsTTY(): boolean {
    return this.streams.stderr.isTTY === true;
  }

  /** Registers a secret: from now on it is replaced by [redacted] in everything written. */
  addSecret(secret: string): void {
    for (const text of new Set([secret, secret.trim()])) {
      if (text.length < 3) continue;
      this.secrets.add(text);
      // The forms it takes inside what we print: a JSON string (--json) and a single-quoted shell
      // word (the curl command of a dry run).
      this.secrets.add(JSON.stringify(text).slice(1, -1));
      this.secrets.add(text.replaceAll("'", "'\\''"));
    }
  }

  redact(text: string): string {
    if (this.secrets.size === 0) return text;
    let out = text;
    for (const s of this.secrets) if (out.includes(s)) out = out.replaceAll(s, "[redacted]");
    return out;
  }

  /** A line of data on stdout. */
  data(line: string): void {
    this.stdout(this.redact(line));
  }

  /** One NDJSON record on stdout. */
  record(value: unknown): void {
    this.jsonLine(JSON.stringify(value));
  }

  /**
   * One NDJSON line, already serialized, on stdout. A secret in it is redacted inside the values
   * (a number that shows one becomes the string "[redacted]"), so the line stays JSON: a plain text
   * replacement could land in the middle of a number or a key.
   */
  jsonLine(line: string): void {
    if (this.secrets.size === 0 || this.redact(line) === line) {
      this.stdout(line);
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      this.stdout(this.redact(line));
      return;
    }
    this.stdout(JSON.stringify(this.redactValue(value)));
  }

  private redactValue(value: unknown): unknown {
    if (typeof value === "string") return this.redact(value);
    if (typeof value === "number") return this.redact(String(value)) === String(value) ? value : "[redacted]";
    if (Array.isArray(value)) return value.map((v) => this.redactValue(v));
    if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [this.redact(k), this.redactValue(v)]));
    return value;
  }

  /**
   * stdout to a terminal is written at once; to a file or pipe, lines are gathered and written
   * together at the end of the current turn of the event loop (or at 64 KiB). One write per event
   * was half of `tail`'s time at 100,000 events. Nothing waits longer than one turn.
   */
  private pending = "";
  private flushQueued = false;

  /** One line (without its newline). */
  private stdout(line: string): void {
    if (this.failure) return;
    if (this.streams.stdout.isTTY) {
      this.streams.stdout.write(line + "\n");
      return;
    }
    // Appended, not pushed to an array and joined: the lines stay pieces of one string that is
    // copied once, when written (a join first copies each line, then all of them again).
    this.pending += line + "\n";
    if (this.pending.length >= 65_536) this.flush();
    else if (!this.flushQueued) {
      this.flushQueued = true;
      setImmediate(() => this.flush());
    }
  }

  /** Writes whatever stdout lines are gathered. */
  flush(): void {
    this.flushQueued = false;
    if (this.pending === "") return;
    const text = this.pending;
    this.pending = "";
    if (this.failure) return;
    if (this.streams.stdoutFileFd === undefined) {
      this.streams.stdout.write(text);
      return;
    }
    try {
      writeSync(this.streams.stdoutFileFd, text);
    } catch (e) {
      this.failed(e as NodeJS.ErrnoException);
    }
  }

  /**
   * Writes what is gathered and waits until stdout has taken it (or failed): a failed write is
   * reported by a stream later, as an event, and the command's exit code depends on it.
   */
  settle(): Promise<void> {
    this.flush();
    if (this.failure || this.streams.stdoutFileFd !== undefined || this.streams.stdout.destroyed) return Promise.resolve();
    return new Promise((resolve) => this.streams.stdout.write("", (e) => {
      if (e) this.failed(e as NodeJS.ErrnoException);
      resolve();
    }));
  }

  /** A message for the person: stderr. Gathered stdout goes first, so the two read in order. */
  info(line: string): void {
    this.flush();
    this.streams.stderr.write(this.redact(line) + "\n");
  }

  warn(line: string): void {
    this.info(this.chalk.yellow("warning: ") + line);
  }

  error(line: string): void {
    this.info(this.chalk.red("error: ") + line);
  }
}

/**
 * NO_COLOR (any non-empty value) and --no-color switch colour off; FORCE_COLOR=0..3 forces a level;
 * otherwise colour only when stdout is a terminal.
 */
export function colorLevel(streams: Streams, options: OutputOptions): 0 | 1 | 2 | 3 {
  if (options.color === false) return 0;
  if (options.env.NO_COLOR) return 0;
  const force = options.env.FORCE_COLOR;
  if (force !== undefined && force !== "") {
    if (force === "false" || force === "0") return 0;
    const n = Number(force);
    return n >= 1 && n <= 3 ? (n as 1 | 2 | 3) : 1;
  }
  if (!streams.stdout.isTTY) return 0;
  const term = options.env.TERM ?? "";
  if (term === "dumb") return 0;
  if (options.env.COLORTERM === "truecolor") return 3;
  return term.includes("256") ? 2 : 1;
}
