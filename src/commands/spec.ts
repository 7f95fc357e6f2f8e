/**
 * What a command declares about itself: its name, arguments, option table, help text, and how to
 * load the code that runs it. src/cli.ts builds commander from these declarations; completion and
 * `telematics config` read them too. A spec imports nothing heavier than the option builders.
 */
import type { Context } from "../context.js";
import type { Completer, Sources, Table, Values } from "../core/options.js";

export interface ArgSpec {
  /** Commander syntax: "<name>", "[url]", "[inputs...]". */
  name: string;
  description: string;
  complete?: Completer | readonly string[];
}

/** What a command's run gets: its arguments, and its options' values with where each came from. */
export interface CommandInput<T extends Table> {
  args: string[];
  values: Values<T>;
  sources: Sources<T>;
}

export type RunFunction<T extends Table> = (input: CommandInput<T>, ctx: Context) => Promise<number>;

export interface CommandSpec<T extends Table = Table> {
  /** As typed: "listen", or "show" under "fixtures". */
  name: string;
  summary: string;
  args?: readonly ArgSpec[];
  options: T;
  examples?: readonly string[];
  /** Text after the examples in --help. */
  notes?: string;
  /** The command's section in the config file (default: its name); false: it reads none. */
  section?: string | false;
  /**
   * Runs until interrupted: main turns SIGINT/SIGTERM into ctx.signal for it. Other commands keep
   * the default behaviour of the signals (they end at once).
   */
  interruptible?: boolean;
  load(): Promise<{ run: RunFunction<T> }>;
  subcommands?: readonly AnyCommand[];
  hidden?: boolean;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a command of any option table
export type AnyCommand = CommandSpec<any>;

/** Declares a command (a function only so that the table's type is kept). */
export function command<T extends Table>(spec: CommandSpec<T>): CommandSpec<T> {
  return spec;
}
