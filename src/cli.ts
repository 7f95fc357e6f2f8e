/**
 * Commander wiring, and nothing else. The error boundary and the exit code live in main.ts, which
 * loads this module for every command except the fast paths. Command modules are imported when they
 * run, so `--help` does not pay for the modules that `listen` or `tail` need.
 */
import { Command, Option } from "commander";
import { readFileSync } from "node:fs";
import { runCommand, type Loader, type MainIO, type RunState } from "./context.js";
import { GLOBAL_FLAGS, SCHEME_FLAGS, SECRET_FLAGS, SIGN_FLAGS, VERIFY_FLAGS, type FlagSpec } from "./commands/flags.js";

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

/** Adds declared flags (src/commands/flags.ts) to a command. */
export function addFlags(cmd: Command, specs: readonly FlagSpec[]): Command {
  for (const spec of specs) {
    const option = new Option(spec.flags, spec.description);
    if (spec.choices) option.choices(spec.choices);
    if (spec.repeatable) option.argParser(collect);
    cmd.addOption(option);
  }
  return cmd;
}

/** --secret (repeatable), --secret-env, --secret-file. */
export function secretOptions(cmd: Command): Command {
  return addFlags(cmd, SECRET_FLAGS);
}

/** --signature-header, --algorithm, --encoding, --prefix, --tolerance. */
export function schemeFlags(cmd: Command): Command {
  return addFlags(cmd, SCHEME_FLAGS);
}

export function buildProgram(io: MainIO, state: RunState): Command {
  const program = addFlags(
    new Command("telematics")
      .description("Receive, send, verify and validate vehicle-telematics webhooks and real-time feeds, offline.")
      .version(version(), "-V, --version"),
    GLOBAL_FLAGS,
  )
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
    await runCommand(load, { ...cmd.optsWithGlobals(), args: cmd.args }, io, state);
  };

  for (const register of COMMANDS) register(program, action);
  return program;
}

// ── Commands ────────────────────────────────────────────────────────────────────────────────
// One register function per command; each loads its module only when it runs.

function registerSign(program: Command, action: ActionFactory): void {
  addFlags(program.command("sign").description("print the headers a provider would send with a payload (for curl and tests)"), SIGN_FLAGS)
    .addHelpText(
      "after",
      examples(
        "telematics sign --provider zubie --secret-env ZUBIE_SECRET --payload fixtures/zubie/trip_end.json",
        'mapfile -t H < <(telematics sign --provider uber --secret-env UBER_SECRET --payload body.json); curl --data-binary @body.json "${H[@]/#/-H}" http://127.0.0.1:4000/',
        "telematics sign --provider standard-webhooks --secret whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw --payload body.json --json",
        'telematics sign --provider hmac --signature-header X-Hub-Signature-256 --prefix "sha256=" --secret s --payload body.json',
      ),
    )
    .action(action(() => import("./commands/sign.js")));
}

function registerVerifySignature(program: Command, action: ActionFactory): void {
  addFlags(
    program.command("verify-signature").description("check a payload's signature: exit 0 valid, 1 invalid (with the likely cause), 2 usage error"),
    VERIFY_FLAGS,
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
