import type { Readable, Writable } from "node:stream";
import type { Output, Streams } from "./io/output.js";
import type { Project } from "./io/project.js";

/** What a command gets from the outside world; tests and the bin fill it the same way. */
export interface Context {
  out: Output;
  env: Readonly<Record<string, string | undefined>>;
  stdin: Readable & { isTTY?: boolean };
  /** Where prompts and progress lines go (stderr). */
  stderr: Writable & { isTTY?: boolean };
  /** Milliseconds since the epoch. */
  now(): number;
  cwd: string;
  /**
   * Aborted when the command is asked to stop: Ctrl-C (reason "SIGINT": exit 130) or SIGTERM
   * (reason "SIGTERM"). main() wires it to the process's signals for the commands that run until
   * stopped; tests abort it themselves.
   */
  signal: AbortSignal;
  /** The project: config file, profile, root (where .telematics/ lives). */
  project: Project;
  /** --debug: stack traces for unexpected errors. */
  debug: boolean;
}

export interface MainIO extends Streams {
  stdin: Readable & { isTTY?: boolean };
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  now: () => number;
  /** Stops the command (tests); without it, main() listens for SIGINT and SIGTERM itself. */
  signal?: AbortSignal;
}

/** Why a command was stopped: the abort reason main() gives. */
export type StopReason = "SIGINT" | "SIGTERM";

/** The exit code of a stopped command: 130 after Ctrl-C, 0 after SIGTERM or a closed stdout pipe. */
export function stopCode(signal: AbortSignal): number {
  return signal.reason === "SIGINT" ? 130 : 0;
}

/** Resolves when the signal is aborted (at once if it already is). */
export function stopped(signal: AbortSignal): Promise<StopReason> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(signal.reason as StopReason);
    signal.addEventListener("abort", () => resolve(signal.reason as StopReason), { once: true });
  });
}
