/**
 * The entry point: main(argv) is the only error boundary and the only place that decides the exit
 * code (DESIGN.md §5: 0 ok, 1 check failed, 2 usage error, 130 interrupted). It never calls
 * process.exit.
 *
 * `sign` and `verify-signature` are CI one-shots, and `tail` is started for a feed that may be
 * busy from its first second: they take a fast path that parses their declared flags with
 * node:util's parseArgs and skips loading commander (about 10 ms of a ~90 ms start).
 * Anything the fast path does not understand (--help, an unknown or malformed flag) falls back to
 * commander, so help and error messages are the same either way.
 */
import { fstatSync } from "node:fs";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { CheckFailed, EXIT, UsageError } from "./core/errors.js";
import { runCommand, type Loader, type MainIO, type RunState } from "./context.js";
import { describeFlag, GLOBAL_FLAGS, SIGN_FLAGS, TAIL_FLAGS, VERIFY_FLAGS, type FlagSpec } from "./commands/flags.js";
import { Output } from "./io/output.js";

export type { MainIO } from "./context.js";

/** `positionals`: how many arguments the command takes (none by default), given to it as `args`. */
const FAST: Record<string, { flags: readonly FlagSpec[]; load: Loader; positionals?: number }> = {
  "verify-signature": { flags: VERIFY_FLAGS, load: () => import("./commands/verify-signature.js") },
  sign: { flags: SIGN_FLAGS, load: () => import("./commands/sign.js") },
  tail: { flags: TAIL_FLAGS, load: () => import("./commands/tail.js"), positionals: 1 },
};

/** Parses with parseArgs; undefined when anything is unusual (commander then reports it). */
export function fastParse(argv: readonly string[], specs: readonly FlagSpec[], positionals = 0): Record<string, unknown> | undefined {
  const options: NonNullable<ParseArgsConfig["options"]> = {};
  const byLong = new Map<string, ReturnType<typeof describeFlag> & { spec: FlagSpec }>();
  for (const spec of specs) {
    const d = describeFlag(spec);
    byLong.set(d.long, { ...d, spec });
    options[d.long] = { type: d.takesValue ? "string" : "boolean", multiple: spec.repeatable === true };
  }
  if (argv.some((a) => a === "-h" || a === "--help" || a === "--")) return undefined;
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options, strict: true, allowPositionals: positionals > 0 });
  } catch {
    return undefined;
  }
  if (parsed.positionals.length > positionals) return undefined;
  const flags: Record<string, unknown> = { args: parsed.positionals };
  for (const [long, value] of Object.entries(parsed.values)) {
    const d = byLong.get(long)!;
    if (d.spec.choices && typeof value === "string" && !d.spec.choices.includes(value)) return undefined;
    flags[d.key] = d.negated ? false : value;
  }
  return flags;
}

function defaultIO(): MainIO {
  // `telematics … | head` closes the pipe early: stop writing quietly instead of crashing.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (e: NodeJS.ErrnoException) => {
      if (e.code !== "EPIPE") throw e;
    });
  }
  const io: MainIO = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd(), now: Date.now };
  try {
    if (fstatSync(1).isFile()) io.stdoutFileFd = 1;
  } catch {
    // no stdout at all: the stream reports it when written
  }
  return io;
}

/** Runs the CLI and returns the exit code. */
export async function main(argv: readonly string[], io: MainIO = defaultIO()): Promise<number> {
  const state: RunState = { code: EXIT.ok };
  const debug = argv.includes("--debug") || Boolean(io.env.TELEMATICS_DEBUG);
  const out = () => state.out ?? new Output(io, { json: false, color: false, env: io.env });
  try {
    const fast = FAST[argv[0] ?? ""];
    const flags = fast && fastParse(argv.slice(1), [...GLOBAL_FLAGS, ...fast.flags], fast.positionals);
    if (fast && flags) {
      await runCommand(fast.load, flags, io, state);
    } else {
      const { buildProgram } = await import("./cli.js");
      await buildProgram(io, state).parseAsync([...argv], { from: "user" });
    }
    return state.code;
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && code.startsWith("commander.")) {
      if (code === "commander.helpDisplayed" || code === "commander.version" || code === "commander.help") return EXIT.ok;
      return EXIT.usage; // commander already printed its message on stderr
    }
    // Ctrl-C at a prompt (@inquirer/prompts): an interruption like any other.
    if ((e as Error | undefined)?.name === "ExitPromptError") return EXIT.interrupted;
    if (e instanceof UsageError) {
      out().error(e.message);
      return EXIT.usage;
    }
    if (e instanceof CheckFailed) {
      out().error(e.message);
      return EXIT.failed;
    }
    const err = e instanceof Error ? e : new Error(String(e));
    out().error(`unexpected failure: ${err.message}${debug ? "" : " (run with --debug for the stack trace)"}`);
    if (debug && err.stack) out().info(err.stack);
    return EXIT.failed;
  }
}
