/**
 * The entry point: main(argv, io) is the only error boundary and the only place that decides the
 * exit code (0 ok, 1 check failed, 2 usage error, 130 interrupted). It never calls process.exit.
 *
 * One path for every command: commander reads the command line (src/cli.ts), the project's config
 * file is found and read, each option is resolved from its flag, variable, config layers or default
 * (src/core/options.ts), and the command's module is loaded and run with its values.
 */
import { fstatSync } from "node:fs";
import { CheckFailed, EXIT, UsageError } from "./core/errors.js";
import { resolve, type Source, type Table } from "./core/options.js";
import { parse } from "./cli.js";
import { configSections } from "./commands/registry.js";
import { GLOBAL_OPTIONS } from "./commands/shared.js";
import { emptyProject, loadProject } from "./io/project.js";
import type { Context, MainIO, StopReason } from "./context.js";
import { Output } from "./io/output.js";

export type { MainIO } from "./context.js";

function defaultIO(): MainIO {
  // `telematics … | head` closes the pipe early: commander's help, or anything written before the
  // Output (which watches stdout itself) exists, must not crash on it.
  for (const stream of [process.stdout, process.stderr]) stream.on("error", () => {});
  const io: MainIO = {
    stdout: process.stdout,
    stderr: process.stderr,
    // A getter: process.stdin opens a stream (and loads its module) on first use, and most
    // commands never read it.
    get stdin() {
      return process.stdin;
    },
    env: process.env,
    cwd: process.cwd(),
    now: Date.now,
  };
  try {
    if (fstatSync(1).isFile()) io.stdoutFileFd = 1;
  } catch {
    // no stdout at all: the stream reports it when written
  }
  return io;
}

/** Turns SIGINT and SIGTERM into `controller.abort(reason)` while `run` runs. */
async function withProcessSignals<T>(controller: AbortController, run: () => Promise<T>): Promise<T> {
  const onInt = () => controller.abort("SIGINT" satisfies StopReason);
  const onTerm = () => controller.abort("SIGTERM" satisfies StopReason);
  process.on("SIGINT", onInt);
  process.on("SIGTERM", onTerm);
  try {
    return await run();
  } finally {
    process.off("SIGINT", onInt);
    process.off("SIGTERM", onTerm);
  }
}

/** Runs the CLI and returns the exit code. */
export async function main(argv: readonly string[], io: MainIO = defaultIO()): Promise<number> {
  let out: Output | undefined;
  const fallback = () => (out ??= new Output(io, { json: false, color: false, env: io.env }));
  const debug = argv.includes("--debug") || /^(1|true|yes|on)$/i.test(io.env.TELEMATICS_DEBUG ?? "");
  try {
    if (argv[0] === "__complete") return await completion(argv.slice(1), io);
    const invocation = parse(argv, io);
    const { spec } = invocation;

    const global = resolve(GLOBAL_OPTIONS, { flags: invocation.flags, env: io.env, layers: [] });
    out = await Output.create(io, { json: global.values.json === true, color: global.values.color === false ? false : undefined, env: io.env });

    const project = await loadProject({
      cwd: io.cwd,
      env: io.env,
      ...(global.values.config !== undefined && { config: { file: global.values.config, source: global.sources.config as Source } }),
      ...(global.values.profile !== undefined && { profile: { name: global.values.profile, source: global.sources.profile as Source } }),
      sections: () => configSections(),
    });
    const section = spec.section === false ? undefined : (spec.section ?? invocation.path[0]!);
    const { values, sources } = resolve(spec.options as Table, { flags: invocation.flags, env: io.env, layers: section ? project.layers(section) : [] });

    // The command stops when asked to (a signal, or the test's io.signal) and when stdout fails.
    const controller = new AbortController();
    const output = out;
    output.onFailure((e) => controller.abort(e.code === "EPIPE" ? "EPIPE" : "STDOUT"));
    const signal = io.signal ? AbortSignal.any([io.signal, controller.signal]) : controller.signal;
    const run = async () => {
      const ctx: Context = {
        out: output,
        env: io.env,
        get stdin() {
          return io.stdin;
        },
        stderr: io.stderr,
        now: io.now,
        cwd: io.cwd,
        signal,
        project,
        debug: global.values.debug === true,
      };
      const mod = await spec.load();
      return mod.run({ args: invocation.args, values, sources }, ctx);
    };
    let code = spec.interruptible && !io.signal ? await withProcessSignals(controller, run) : await run();
    await output.settle();
    if (output.failure && output.failure.code !== "EPIPE") {
      const { fileProblem } = await import("./io/files.js");
      output.error(`cannot write to stdout: ${fileProblem(output.failure)}${output.failure.code ? ` (${output.failure.code})` : ""}`);
      code = EXIT.failed;
    }
    return code;
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && code.startsWith("commander.")) {
      if (code === "commander.helpDisplayed" || code === "commander.version" || code === "commander.help") return EXIT.ok;
      return EXIT.usage; // commander already printed its message on stderr
    }
    // Ctrl-C at a prompt (@inquirer/prompts): an interruption like any other.
    if ((e as Error | undefined)?.name === "ExitPromptError") return EXIT.interrupted;
    if (e instanceof UsageError) {
      report(fallback(), () => fallback().error(e.message));
      return EXIT.usage;
    }
    if (e instanceof CheckFailed) {
      report(fallback(), () => fallback().error(e.message));
      return EXIT.failed;
    }
    const err = e instanceof Error ? e : new Error(String(e));
    report(fallback(), () => {
      fallback().error(`unexpected failure: ${err.message}${debug ? "" : " (run with --debug for the stack trace)"}`);
      if (debug && err.stack) fallback().info(err.stack);
    });
    return EXIT.failed;
  }
}

/** Writes an error, even when stdout cannot take the lines gathered before it (a full disk). */
function report(out: Output, write: () => void): void {
  try {
    write();
  } catch {
    out.discard();
    write();
  }
}

/** `telematics __complete WORDS…` (the shell scripts' helper): never fails, prints candidates. */
async function completion(words: readonly string[], io: MainIO): Promise<number> {
  const out = new Output(io, { json: false, color: false, env: io.env });
  const { runComplete } = await import("./commands/completion/index.js");
  const project = await loadProject({ cwd: io.cwd, env: io.env, sections: configSections }).catch(() => emptyProject(io.cwd));
  await runComplete(words, { out, project }).catch(() => undefined);
  out.flush();
  return EXIT.ok;
}
