/**
 * Long-running commands (tail, feed, listen): spawn the binary, read its output as it comes, wait
 * for a line, send signals. Shorter commands use run-cli.ts.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { BIN, ROOT, cleanEnv } from "./run-cli.js";

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
  const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd ?? ROOT, env: cleanEnv(options.env), stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  const waiters = new Set<() => void>();
  const poke = () => {
    for (const w of [...waiters]) w();
  };
  child.stdout!.setEncoding("utf8").on("data", (d: string) => {
    stdout += d;
    poke();
  });
  child.stderr!.setEncoding("utf8").on("data", (d: string) => {
    stderr += d;
    poke();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on("close", (code, signal) => {
    poke();
    resolve({ code, signal });
  }));
  // Never leave a child behind a failed test.
  const guard = setTimeout(() => child.kill("SIGKILL"), 60_000);
  void exited.then(() => clearTimeout(guard));
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    waitFor(predicate, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (predicate({ stdout, stderr })) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve();
          } else if (child.exitCode !== null || child.signalCode !== null) {
            waiters.delete(check);
            clearTimeout(timer);
            reject(new Error(`process exited before the expected output\nstdout: ${stdout}\nstderr: ${stderr}`));
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out waiting for output\nstdout: ${stdout}\nstderr: ${stderr}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    exit: () => exited,
    kill: (signal = "SIGINT") => void child.kill(signal),
  };
}

/** Parsed NDJSON lines of a stdout. */
export function ndjson<T = Record<string, unknown>>(text: string): T[] {
  return text.split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l) as T);
}
