/**
 * Commands run in-process: `main(argv, io)` with fake streams, the way the binary runs them but
 * without a process per test. `runMain` waits for the exit code; `startMain` is for commands that
 * run until stopped (listen, tail, feed): wait for output, then stop them as Ctrl-C or SIGTERM would.
 * Tests that need a real process (signals, kill -9, a TTY, stdout to a file) use spawn-cli.ts.
 */
import { Readable, Writable } from "node:stream";
import { onTestFinished } from "vitest";
import { main } from "../../src/main.js";
import { watchOutput } from "./output-watch.js";
import { DEFAULT_CWD } from "./run-cli.js";

export interface MainOptions {
  cwd?: string;
  /** The environment: only these variables (nothing leaks in from the developer's shell). */
  env?: Record<string, string | undefined>;
  /** What stdin holds (default: nothing, not a terminal). */
  stdin?: string | Buffer;
  /** stdin and stderr are terminals. */
  tty?: boolean;
  now?: () => number;
}

export interface MainResult {
  code: number;
  stdout: string;
  stderr: string;
}

function sink(append: (s: string) => void, tty: boolean): Writable & { isTTY?: boolean } {
  const w = new Writable({
    write(chunk, _enc, cb) {
      append(String(chunk));
      cb();
    },
  });
  return Object.assign(w, tty ? { isTTY: true } : {});
}

function clean(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp" };
  for (const [k, v] of Object.entries(env)) if (v !== undefined) out[k] = v;
  return out;
}

export interface Started {
  stdout(): string;
  stderr(): string;
  /** Resolves when `predicate` holds for the output so far. */
  waitFor(predicate: (out: { stdout: string; stderr: string }) => boolean, timeoutMs?: number): Promise<void>;
  /** Stops the command as Ctrl-C ("SIGINT") or SIGTERM would, and waits for its exit code. */
  stop(reason?: "SIGINT" | "SIGTERM"): Promise<MainResult>;
  /** The exit code, when the command ends by itself. */
  done: Promise<MainResult>;
}

export function startMain(args: readonly string[], options: MainOptions = {}): Started {
  const watch = watchOutput("the command ended before the expected output");
  const controller = new AbortController();
  const stdin = Object.assign(Readable.from(options.stdin === undefined ? [] : [Buffer.from(options.stdin)]), options.tty ? { isTTY: true } : {});
  let finished = false;
  // The test files share their worker: a command a failed or timed-out test left running would
  // keep its port and files. Started inside a test, it is stopped when the test ends (a no-op
  // when it has ended); started in beforeAll, its afterAll stops it.
  try {
    onTestFinished(() => {
      if (!finished) controller.abort("SIGTERM");
    });
  } catch {
    // not inside a test
  }
  const done = main(args, {
    stdout: sink((s) => watch.add("stdout", s), false),
    stderr: sink((s) => watch.add("stderr", s), options.tty === true),
    stdin,
    env: clean(options.env ?? {}),
    cwd: options.cwd ?? DEFAULT_CWD,
    now: options.now ?? Date.now,
    signal: controller.signal,
  }).then((code) => {
    finished = true;
    watch.ended();
    return { code, stdout: watch.out.stdout, stderr: watch.out.stderr };
  });
  return {
    stdout: () => watch.out.stdout,
    stderr: () => watch.out.stderr,
    waitFor: (predicate, timeoutMs = 10_000) => watch.waitFor(predicate, timeoutMs),
    stop(reason = "SIGINT") {
      controller.abort(reason);
      return done;
    },
    done,
  };
}

/** Runs a command to its end. */
export function runMain(args: readonly string[], options: MainOptions = {}): Promise<MainResult> {
  return startMain(args, options).done;
}

/**
 * A command started in-process, with the same surface as spawn-cli.ts's `Running` (without the
 * child): tests written against a spawned binary run unchanged. `kill` stops the command as the
 * signal would: SIGINT and SIGTERM through the io signal; SIGKILL (cleanup after a test) as
 * SIGTERM, since nothing can kill a function.
 */
export interface Proc {
  stdout(): string;
  stderr(): string;
  waitFor(predicate: (out: { stdout: string; stderr: string }) => boolean, timeoutMs?: number): Promise<void>;
  exit(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal?: NodeJS.Signals): void;
}

export function startProc(args: readonly string[], options: MainOptions = {}): Proc {
  const started = startMain(args, options);
  const exited = started.done.then((r) => ({ code: r.code as number | null, signal: null }));
  return {
    stdout: started.stdout,
    stderr: started.stderr,
    waitFor: started.waitFor,
    exit: () => exited,
    kill: (signal = "SIGINT") => void started.stop(signal === "SIGINT" ? "SIGINT" : "SIGTERM"),
  };
}
