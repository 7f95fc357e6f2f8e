/**
 * Commander wiring, and nothing else: the program is built from the command declarations
 * (src/commands/registry.ts) and their option tables. Parsing a command line yields what to run —
 * the command, its arguments and the flags actually given — and main.ts runs it: the error
 * boundary, precedence (flag > env > config > default) and the exit code live there.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { packageRoot } from "./io/package-root.js";
import type { Command as CommandType, Option as OptionType } from "commander";
import { helpText, type Opt, type Table } from "./core/options.js";
import { GLOBAL_OPTIONS } from "./commands/shared.js";
import { COMMANDS } from "./commands/registry.js";
import type { AnyCommand } from "./commands/spec.js";
import type { MainIO } from "./context.js";

// commander is CommonJS: required, not imported (importing a CommonJS module from ESM first runs
// node's export scanner over it).
const { Command, Option } = createRequire(import.meta.url)("commander") as typeof import("commander");

/** What a command line asks for. */
export interface Invocation {
  spec: AnyCommand;
  /** The command's path, e.g. ["fixtures", "show"]. */
  path: string[];
  args: string[];
  /** Options given on the command line, by key (the command's and the global ones). */
  flags: Record<string, unknown>;
}

export function examples(lines: readonly string[]): string {
  return lines.length ? `\nExamples:\n${lines.map((l) => `  $ ${l}`).join("\n")}\n` : "";
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function options(key: string, opt: Opt): OptionType[] {
  const o = new Option(opt.flag, helpText(opt));
  if (opt.choices) o.choices([...opt.choices]);
  if (opt.repeatable) o.argParser(collect);
  if (opt.hidden) o.hideHelp();
  o.attributeName = () => key;
  const all = [o];
  if (opt.negatable) {
    const long = opt.flag.replace(/^--/, "").split(/\s/)[0]!;
    const no = new Option(`--no-${long}`, typeof opt.negatable === "string" ? opt.negatable : `no ${long}`);
    no.attributeName = () => key;
    all.push(no);
  }
  return all;
}

function addOptions(cmd: CommandType, table: Table): void {
  for (const [key, opt] of Object.entries(table)) for (const o of options(key, opt)) cmd.addOption(o);
}

/** The options given on the command line (not commander's defaults), by key. */
function given(cmd: CommandType, table: Table): Record<string, unknown> {
  const flags: Record<string, unknown> = {};
  const values = cmd.optsWithGlobals();
  for (const key of Object.keys(table)) {
    if (cmd.getOptionValueSourceWithGlobals(key) === "cli") flags[key] = values[key];
  }
  return flags;
}

function version(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), "package.json"), "utf8")) as { version: string }).version;
}

/**
 * Adds a command. Only the command being run (`full`) gets its options, arguments and help text:
 * the others are a name and a summary for the list in --help, which is all they are needed for.
 */
function register(parent: CommandType, spec: AnyCommand, path: string[], found: (i: Invocation) => void, full: boolean): void {
  const cmd = parent.command(spec.name, { hidden: spec.hidden === true }).description(spec.summary);
  if (!full) {
    // The listing shows the arguments too; an unknown option is never parsed for it.
    for (const arg of spec.args ?? []) cmd.argument(arg.name, arg.description);
    return;
  }
  for (const arg of spec.args ?? []) cmd.argument(arg.name, arg.description);
  addOptions(cmd, spec.options);
  const after = [spec.notes ? `\n${spec.notes}\n` : "", examples(spec.examples ?? [])].join("");
  if (after) cmd.addHelpText("after", after);
  const here = [...path, spec.name];
  cmd.action((...args: unknown[]) => {
    const c = args[args.length - 1] as CommandType;
    found({ spec, path: here, args: [...c.args], flags: given(c, { ...GLOBAL_OPTIONS, ...spec.options }) });
  });
  for (const sub of spec.subcommands ?? []) register(cmd, sub, here, found, true);
}

/** Parses a command line. Help, version and usage errors are written by commander, and thrown. */
export function parse(argv: readonly string[], io: Pick<MainIO, "stdout" | "stderr">): Invocation {
  let invocation: Invocation | undefined;
  const program = new Command("telematics")
    .description("Receive, send, verify and validate vehicle-telematics webhooks and real-time feeds, offline.")
    .version(version(), "-V, --version")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride()
    .configureHelp({ showGlobalOptions: true })
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .addHelpText(
      "after",
      "\nExit codes: 0 ok · 1 check failed · 2 usage error · 130 interrupted\n" +
        examples([
          "telematics listen",
          "telematics send --fixture trip_end --to http://127.0.0.1:4000/",
          'telematics verify-signature --provider uber --secret-env UBER_SECRET --signature "$SIG" --payload body.json',
          "telematics validate fixtures",
          "telematics tail http://127.0.0.1:4100 --token demo:s3cret",
          "telematics init",
        ]),
    );
  addOptions(program, GLOBAL_OPTIONS);
  // The command named first (or after `help`) is the one that needs its options; the global
  // options that take a value are skipped with it.
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--config" || a === "--profile") i++;
    else if (!a.startsWith("-")) words.push(a);
  }
  const named = words[0] === "help" ? words[1] : words[0];
  for (const spec of COMMANDS) register(program, spec, [], (i) => (invocation = i), spec.name === named);
  program.parse([...argv], { from: "user" });
  if (!invocation) {
    // `telematics` alone, or only global flags: the help, as a usage error.
    program.outputHelp({ error: true });
    throw Object.assign(new Error("no command"), { code: "commander.missingCommand" });
  }
  return invocation;
}

/** Every command's path and spec, for completion and `telematics config`. */
export function allCommands(): { path: string[]; spec: AnyCommand }[] {
  const out: { path: string[]; spec: AnyCommand }[] = [];
  const walk = (spec: AnyCommand, path: string[]) => {
    out.push({ path: [...path, spec.name], spec });
    for (const sub of spec.subcommands ?? []) walk(sub, [...path, spec.name]);
  };
  for (const spec of COMMANDS) walk(spec, []);
  return out;
}
