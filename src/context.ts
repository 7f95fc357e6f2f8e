import type { Readable } from "node:stream";
import type { Output } from "./io/output.js";

/** What a command gets from the outside world; tests and the bin fill it the same way. */
export interface Context {
  out: Output;
  env: Readonly<Record<string, string | undefined>>;
  stdin: Readable & { isTTY?: boolean };
  /** Milliseconds since the epoch. */
  now(): number;
  cwd: string;
}

/** Global flags every command accepts. */
export interface GlobalOptions {
  json?: boolean;
  color?: boolean;
  debug?: boolean;
}

export interface MainIO {
  stdout: import("./io/output.js").Streams["stdout"];
  stderr: import("./io/output.js").Streams["stderr"];
  /** Set when stdout is a regular file (see Streams). */
  stdoutFileFd?: number;
  stdin: Readable & { isTTY?: boolean };
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  now: () => number;
}

/** What main() learns from a run: the exit code, and the Output used (for error messages). */
export interface RunState {
  code: number;
  out?: Output;
}

/** A command module: `run(flags, ctx)` returns the exit code. Flags include `args` (positionals). */
export type Loader = () => Promise<{ run: (flags: never, ctx: Context) => Promise<number> }>;

/** Builds the Output and Context for parsed flags, then runs the lazily loaded command. */
export async function runCommand(load: Loader, flags: GlobalOptions & Record<string, unknown>, io: MainIO, state: RunState): Promise<void> {
  const { Output: OutputClass } = await import("./io/output.js");
  const out = await OutputClass.create(io, { json: flags.json === true, color: flags.color === false ? false : undefined, env: io.env });
  state.out = out;
  const ctx: Context = { out, env: io.env, stdin: io.stdin, now: io.now, cwd: io.cwd };
  const mod = await load();
  state.code = await (mod.run as (flags: unknown, ctx: Context) => Promise<number>)(flags, ctx);
}
