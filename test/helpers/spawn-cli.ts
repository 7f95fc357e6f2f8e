/**
 * Long-running commands (tail, feed, listen): spawn the binary, read its output as it comes, wait
 * for a line, send signals. Shorter commands use run-cli.ts.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { watchOutput } from "./output-watch.js";
import { BIN, DEFAULT_CWD, cleanEnv } from "./run-cli.js";

export interface Running {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves when `predicate` holds for the output so far (checked on every chunk). */
  waitFor(predicate: (out: { stdout: string; stderr: string }) => boolean, timeoutMs?: number): Promise<void>;
  /** Resolves with the exit code (null when killed by a signal). */
  exit(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal?: NodeJS.Signals): void;
}

export function spawnCli(args: readonly string[], options: { env?: Record<string, string | undefined>; cwd?: string } = {}): Running {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd ?? DEFAULT_CWD, env: cleanEnv(options.env), stdio: ["ignore", "pipe", "pipe"] });
  const watch = watchOutput("process exited before the expected output");
  child.stdout!.setEncoding("utf8").on("data", (d: string) => watch.add("stdout", d));
  child.stderr!.setEncoding("utf8").on("data", (d: string) => watch.add("stderr", d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on("close", (code, signal) => {
    watch.ended();
    resolve({ code, signal });
  }));
  // Never leave a child behind a failed test.
  const guard = setTimeout(() => child.kill("SIGKILL"), 60_000);
  void exited.then(() => clearTimeout(guard));
  return {
    child,
    stdout: () => watch.out.stdout,
    stderr: () => watch.out.stderr,
    waitFor: (predicate, timeoutMs = 15_000) => watch.waitFor(predicate, timeoutMs),
    exit: () => exited,
    kill: (signal = "SIGINT") => void child.kill(signal),
  };
}

/** Parsed NDJSON lines of a stdout. */
export function ndjson<T = Record<string, unknown>>(text: string): T[] {
  return text.split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l) as T);
}
