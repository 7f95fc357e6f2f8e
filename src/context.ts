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
