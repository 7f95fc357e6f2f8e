/**
 * Commander wiring, and nothing else. main() is the only error boundary and the only place that
 * decides the exit code (DESIGN.md §5). Commands are imported when they run, so `--help` and
 * `verify-signature` do not pay for the modules that `listen` or `tail` need.
 */
import { Command, CommanderError, Option } from "commander";
import { readFileSync } from "node:fs";
import type { Readable } from "node:stream";
import { CheckFailed, EXIT, UsageError } from "./core/errors.js";
import { providerNames } from "./core/providers/index.js";
import type { Context, GlobalOptions } from "./context.js";
import { Output, type Streams } from "./io/output.js";

export interface MainIO extends Streams {
  stdin: Readable & { isTTY?: boolean };
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  now: () => number;
}

type Run = (flags: Record<string, unknown>, ctx: Context) => Promise<number>;
/** A command module: `run(flags, ctx)` returns the exit code. Flags include `args` (positionals). */
type Loader = () => Promise<{ run: (flags: never, ctx: Context) => Promise<number> }>;
/** Wraps a lazily loaded command module as a commander action. */
export type ActionFactory = (load: Loader) => (...args: unknown[]) => Promise<void>;

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
}

export function examples(...lines: string[]): string {
  return `\nExamples:\n${lines.map((l) => `  $ ${l}`).join("\n")}\n`;
}

export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

export function secretOptions(cmd: Command): Command {
  return cmd
    .option("--secret <secret>", "secret, token or key (repeatable: several are tried, for rotation)", collect)
    .option("--secret-env <name>", "read the secret from this environment variable")
    .option("--secret-file <path>", "read secrets from a file, one per line");
}

export function schemeFlags(cmd: Command): Command {
  return cmd
    .option("--signature-header <name>", "hmac: header that carries the signature (default X-Signature)")
    .addOption(new Option("--algorithm <alg>", "hmac: digest algorithm (default sha256)").choices(["sha1", "sha256", "sha512"]))
    .addOption(new Option("--encoding <enc>", "hmac: signature encoding (default hex)").choices(["hex", "base64"]))
    .option("--prefix <text>", 'hmac: text before the signature, e.g. "sha256="')
    .option("--tolerance <duration>", "standard-webhooks: allowed clock difference (default 5m; off to disable)");
}

export function buildProgram(io: MainIO, state: { code: number; out?: Output }): Command {
  const program = new Command("telematics")
    .description("Receive, send, verify and validate vehicle-telematics webhooks and real-time feeds, offline.")
    .version(version(), "-V, --version")
    .option("--json", "print results as NDJSON on stdout (one object per line)")
    .option("--no-color", "no colours (also NO_COLOR=1)")
    .option("--debug", "print stack traces for unexpected errors")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
    .addHelpText(
      "after",
      examples(
        "telematics sign --provider zubie --secret-env ZUBIE_SECRET --payload body.json",
        'telematics verify-signature --provider uber --secret-env UBER_SECRET --signature "$SIG" --payload body.json',
      ) + "\nExit codes: 0 ok · 1 check failed · 2 usage error · 130 interrupted\n",
    );

  const action: ActionFactory = (load) => async (...args: unknown[]) => {
    const cmd = args[args.length - 1] as Command;
    const flags = { ...cmd.optsWithGlobals(), args: cmd.args } as GlobalOptions & Record<string, unknown>;
    const out = new Output(io, { json: flags.json === true, color: flags.color === false ? false : undefined, env: io.env });
    state.out = out;
    const ctx: Context = { out, env: io.env, stdin: io.stdin, now: io.now, cwd: io.cwd };
    const mod = await load();
    state.code = await (mod.run as Run)(flags, ctx);
  };

  for (const register of COMMANDS) register(program, action);
  return program;
}

// ── Commands ────────────────────────────────────────────────────────────────────────────────
// One register function per command; each loads its module only when it runs.

function registerSign(program: Command, action: ActionFactory): void {
  secretOptions(
    schemeFlags(
      program
        .command("sign")
        .description("print the headers a provider would send with a payload (for curl and tests)")
        .option("--provider <name>", `provider: ${providerNames.join(", ")}`)
        .option("--payload <file>", "payload file, or - for stdin (default: stdin when piped)")
        .option("--id <id>", "standard-webhooks: webhook-id (default: a new msg_ id)")
        .option("--timestamp <seconds>", "standard-webhooks: webhook-timestamp (default: now)"),
    ),
  )
    .addHelpText(
      "after",
      examples(
        "telematics sign --provider zubie --secret-env ZUBIE_SECRET --payload fixtures/zubie/trip_end.json",
        "curl -X POST localhost:4000 --data-binary @body.json $(telematics sign --provider uber --secret s3cr3t --payload body.json | sed 's/^/-H\\n/' | tr '\\n' ' ')",
        "telematics sign --provider standard-webhooks --secret whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw --payload body.json --json",
        'telematics sign --provider hmac --signature-header X-Hub-Signature-256 --prefix "sha256=" --secret s --payload body.json',
      ),
    )
    .action(action(() => import("./commands/sign.js")));
}

function registerVerifySignature(program: Command, action: ActionFactory): void {
  secretOptions(
    schemeFlags(
      program
        .command("verify-signature")
        .description("check a payload's signature: exit 0 valid, 1 invalid (with the likely cause), 2 usage error")
        .option("--provider <name>", `provider: ${providerNames.join(", ")}`)
        .option("--payload <file>", "payload file, or - for stdin (the exact bytes received)")
        .option("--signature <value>", "the signature header's value (or the bearer token)")
        .option("--header <line>", 'a received header, "Name: value" (repeatable)', collect)
        .option("--id <id>", "standard-webhooks: the webhook-id header")
        .option("--timestamp <seconds>", "standard-webhooks: the webhook-timestamp header"),
    ),
  )
    .addHelpText(
      "after",
      examples(
        'telematics verify-signature --provider zubie --secret-env ZUBIE_SECRET --signature "$SIG" --payload body.json',
        'cat body.json | telematics verify-signature --provider uber --secret "$OLD" --secret "$NEW" --signature "$SIG" --payload -',
        'telematics verify-signature --provider standard-webhooks --secret-file secrets.txt --header "webhook-id: msg_1" --header "webhook-timestamp: 1700000000" --header "webhook-signature: v1,..." --payload body.json --tolerance off',
        "telematics verify-signature --provider zubie --secret s --signature \"$SIG\" --payload body.json --json | jq .reason",
      ),
    )
    .action(action(() => import("./commands/verify-signature.js")));
}


/** Every command, in the order `--help` lists them. */
const COMMANDS: ((program: Command, action: ActionFactory) => void)[] = [
  registerSign,
  registerVerifySignature,
];

function defaultIO(): MainIO {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd(), now: Date.now };
}

/** Runs the CLI and returns the exit code. Never calls process.exit. */
export async function main(argv: readonly string[], io: MainIO = defaultIO()): Promise<number> {
  const state: { code: number; out?: Output } = { code: EXIT.ok };
  const debug = argv.includes("--debug") || Boolean(io.env.TELEMATICS_DEBUG);
  const program = buildProgram(io, state);
  const out = () => state.out ?? new Output(io, { json: false, color: argv.includes("--no-color") ? false : undefined, env: io.env });
  try {
    await program.parseAsync([...argv], { from: "user" });
    return state.code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help") return EXIT.ok;
      if (e.code === "commander.executeSubCommandAsync") return EXIT.ok;
      return EXIT.usage; // commander already printed the message on stderr
    }
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
