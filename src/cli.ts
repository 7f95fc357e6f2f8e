/**
 * Commander wiring, and nothing else. The error boundary and the exit code live in main.ts, which
 * loads this module for every command except the fast paths. Command modules are imported when they
 * run, so `--help` does not pay for the modules that `listen` or `tail` need.
 */
import { createRequire } from "node:module";
import type { Command as CommandType } from "commander";
import { readFileSync } from "node:fs";
import { runCommand, type Loader, type MainIO, type RunState } from "./context.js";
import { GLOBAL_FLAGS, SCHEME_FLAGS, SECRET_FLAGS, SIGN_FLAGS, TAIL_FLAGS, VERIFY_FLAGS, type FlagSpec } from "./commands/flags.js";

// Loaded with require: commander is CommonJS, and importing it from ESM first runs node's
// CommonJS export scanner over it (about 10 ms of every command's start-up).
const { Command, Option } = createRequire(import.meta.url)("commander") as typeof import("commander");
type Command = CommandType;

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
    if (spec.default !== undefined) option.default(spec.default);
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
      "\nExit codes: 0 ok · 1 check failed · 2 usage error · 130 interrupted\n" +
        examples(
          "telematics sign --provider zubie --secret-env ZUBIE_SECRET --payload body.json",
          'telematics verify-signature --provider uber --secret-env UBER_SECRET --signature "$SIG" --payload body.json',
          "telematics listen",
          "telematics send --fixture trip_end --to http://127.0.0.1:4000/ --secret s3cr3t",
          "telematics validate fixtures",
          "telematics tail http://127.0.0.1:4100 --token demo:s3cret",
        ),
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

function registerListen(program: Command, action: ActionFactory): void {
  const opt = (flags: string, description: string, env?: string) => {
    const o = new Option(flags, description);
    return env ? o.env(env) : o;
  };
  const cmd = program
    .command("listen")
    .description("receive webhooks locally: verify each signature on the raw bytes, validate, dedupe, log to NDJSON, explain, acknowledge")
    .addOption(opt("--port <port>", "port to listen on (0 picks a free one; default 4000)", "TELEMATICS_PORT"))
    .addOption(opt("--host <host>", "interface to bind (default 127.0.0.1; 0.0.0.0 for all, with a warning)", "TELEMATICS_HOST"))
    .addOption(opt("--path <path>", "the URL path that receives webhooks; other paths get 404 (default /)", "TELEMATICS_PATH"))
    .addOption(opt("--provider <name>", "who sends: auto (from signature headers, then the payload), zubie, uber, events-push, automatic, standard-webhooks, hmac (default auto)", "TELEMATICS_PROVIDER"));
  secretOptions(cmd);
  cmd.addOption(opt("--token <token>", "bearer token expected from Events Push (repeatable)", "TELEMATICS_TOKEN").argParser(collect));
  schemeFlags(cmd);
  cmd
    .addOption(opt("--max-body <size>", "largest body accepted, e.g. 1mb, 256kb (default 1mb; larger: 413)", "TELEMATICS_MAX_BODY"))
    .addOption(opt("--log <file>", `append every request to this NDJSON event log (default ${".telematics/events.ndjson"})`, "TELEMATICS_LOG"))
    .option("--no-log", "keep no event log")
    .addOption(opt("--late-after <duration>", "flag events whose own time is older than this on arrival (default 5m)", "TELEMATICS_LATE_AFTER"))
    .addOption(opt("--strict", "refuse (400) events that do not match their schema, instead of accepting them with warnings", "TELEMATICS_STRICT"))
    .addOption(opt("--events <patterns>", 'show only these event types, e.g. "trip_*,vehicle_*" (! excludes; all are logged)', "TELEMATICS_EVENTS"))
    .addOption(opt("--verbose", "also print each event's body", "TELEMATICS_VERBOSE"))
    .addOption(opt("--forward-to <url>", "forward each accepted request to your app and answer with its status", "TELEMATICS_FORWARD_TO"))
    .addOption(opt("--forward-secret <secret>", "re-sign forwarded requests with this secret, the provider's way", "TELEMATICS_FORWARD_SECRET"))
    .addOption(opt("--forward-timeout <duration>", "give up on the app after this long: 504 (default 10s)", "TELEMATICS_FORWARD_TIMEOUT"))
    .addOption(opt("--respond <status>", "answer accepted events with this status (e.g. 500, 429) to exercise the sender's retries", "TELEMATICS_RESPOND"))
    .addOption(opt("--fail-first <n>", "answer the first N accepted events with 500 (or --respond's status), then normally", "TELEMATICS_FAIL_FIRST"))
    .addOption(opt("--delay <ms>", "wait this long before answering, e.g. 1500 or 3s", "TELEMATICS_DELAY"))
    .addOption(opt("--tls-cert <file>", "serve HTTPS with this PEM certificate (with --tls-key)", "TELEMATICS_TLS_CERT"))
    .addOption(opt("--tls-key <file>", "PEM private key for --tls-cert", "TELEMATICS_TLS_KEY"))
    .addOption(opt("--allow-ip <list>", "accept requests only from these addresses or CIDR ranges (repeatable, comma-separated; others: 403)", "TELEMATICS_ALLOW_IP").argParser(collect))
    .addOption(opt("--request-timeout <duration>", "a request must arrive in full within this, its headers within 10s (default 30s; slower: 408)", "TELEMATICS_REQUEST_TIMEOUT"))
    .addHelpText("after", "\nRuns until Ctrl-C: then prints a summary on stderr and exits 130 (0 after SIGTERM; 2 on a usage error).")
    .addHelpText(
      "after",
      examples(
        "telematics listen --secret-env ZUBIE_SECRET",
        "telematics listen --provider uber --secret-file uber-secret.txt --port 4000 --path /webhooks/uber",
        "telematics listen --provider events-push --token \"$PUSH_TOKEN\" --forward-to http://localhost:3000/events",
        "telematics listen --events \"trip_*\" --verbose --late-after 10m",
        "telematics listen --fail-first 3 --delay 1500 --no-log",
        "telematics listen --json | jq 'select(.verification.verdict != \"valid\")'",
      ),
    )
    .action(action(() => import("./commands/listen.js")));
}

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


function registerValidate(program: Command, action: ActionFactory): void {
  program
    .command("validate")
    .description("validate JSON / NDJSON events (files, directories or - for stdin) against the event schemas")
    .argument("[inputs...]", "files, directories, or - for stdin (default: stdin when piped)")
    .option("--schema <provider/event>", "validate every event against this schema instead of the detected one (see `telematics schemas`)")
    .option("--strict", "also report fields the schemas do not know, as warnings")
    .addHelpText(
      "after",
      "\nExit codes: 0 all valid · 1 any invalid (or not JSON) · 2 usage error\n" +
      examples(
        "telematics validate fixtures/zubie/trip_end.json",
        "telematics validate events.ndjson captured/",
        "cat body.json | telematics validate -",
        "telematics validate --schema automatic/trip:finished --strict payload.json",
        "telematics validate events.ndjson --json | jq 'select(.valid | not)'",
      ),
    )
    .action(action(() => import("./commands/validate.js")));
}

function registerFixtures(program: Command, action: ActionFactory): void {
  const fixtures = program
    .command("fixtures")
    .description("list the bundled sample events (one per provider and event type); `fixtures show NAME` prints one")
    .option("--provider <name>", "only this provider's fixtures (zubie, uber, events-push, automatic)")
    .addHelpText(
      "after",
      examples("telematics fixtures", "telematics fixtures --provider automatic --json", "telematics fixtures show trip_end", "telematics fixtures show automatic/trip_finished > trip.json"),
    )
    .action(action(() => import("./commands/fixtures.js")));
  fixtures
    .command("show")
    .description("print one fixture's JSON exactly as bundled")
    .argument("<name>", "trip_end where unique, or provider/name such as zubie/trip_end")
    .addHelpText("after", examples("telematics fixtures show trip_end", "telematics fixtures show uber/driver_online | telematics validate -"))
    .action(action(() => import("./commands/fixtures.js").then((m) => ({ run: m.runShow }))));
}

function registerSchemas(program: Command, action: ActionFactory): void {
  const schemas = program
    .command("schemas")
    .description("list the event schemas; `schemas export` writes them as JSON Schema (draft 2020-12)")
    .option("--provider <name>", "only this provider's schemas (zubie, uber, events-push, automatic)")
    .addHelpText("after", examples("telematics schemas", "telematics schemas --provider zubie --json", "telematics schemas export --out schemas/"))
    .action(action(() => import("./commands/schemas.js")));
  schemas
    .command("export")
    .description("write one JSON Schema (draft 2020-12) per event, for validating in other languages")
    .argument("[names...]", "only these schemas, as provider/event (default: all)")
    .option("--provider <name>", "only this provider's schemas")
    .option("--out <dir>", "write <dir>/<provider>/<event>.json (default: print them to stdout, one per line)")
    .addHelpText(
      "after",
      examples("telematics schemas export --out schemas/", "telematics schemas export --provider uber > uber.schema.json", "telematics schemas export zubie/trip_end automatic/trip:finished --out schemas/"),
    )
    .action(action(() => import("./commands/schemas.js").then((m) => ({ run: m.runExport }))));
}

function registerTail(program: Command, action: ActionFactory): void {
  addFlags(program.command("tail"), TAIL_FLAGS)
    .description("follow a real-time websocket feed (Socket.IO over Engine.IO v3/v4, or raw JSON frames) with reconnects")
    .argument("[url]", "feed URL: ws://, wss://, http:// or https:// (or TELEMATICS_FEED_URL)")
    .addHelpText(
      "after",
      examples(
        "telematics tail https://stream.automatic.com --client-id \"$CLIENT_ID\" --client-secret \"$CLIENT_SECRET\" --eio 3",
        "telematics tail http://127.0.0.1:4100 --events \"trip:*,notification:*\" --save events.ndjson",
        "telematics tail ws://127.0.0.1:4100/ --protocol raw --json | jq .event",
        "telematics tail http://127.0.0.1:4100 --max 10 --no-reconnect",
      ),
    )
    .action(action(() => import("./commands/tail.js")));
}

function registerFeed(program: Command, action: ActionFactory): void {
  program
    .command("feed")
    .description("serve a local real-time feed (Socket.IO for v2 and v4 clients, or raw JSON frames) with fault injection")
    .option("--port <port>", "port (or TELEMATICS_FEED_PORT; 0 picks a free one)", undefined)
    .option("--host <host>", "interface to bind (default 127.0.0.1)")
    .addOption(new Option("--protocol <protocol>", "feed protocol").choices(["socket.io", "raw"]).default("socket.io"))
    .option("--token <id:secret>", "accept only clients sending this token (query `token`, v4 auth, or Bearer)")
    .option("--client-id <id>", "with --client-secret: the token is id:secret")
    .option("--client-secret <secret>", "with --client-id")
    .option("--namespace <nsp>", "Socket.IO namespace", "/")
    .option("--fixture <name>", "send this fixture (repeatable; default: the Automatic fixtures in the order of one drive)", collect)
    .option("--rate <n>", "events per second", "1")
    .option("--loop", "start again after the last event, with new event ids")
    .option("--count <n>", "stop after sending N events")
    .option("--drop-every <n>", "fault: close every connection after each N events")
    .option("--duplicate-rate <p>", "fault: send an event twice with probability p")
    .option("--late-rate <p>", "fault: make an event hours old with probability p")
    .option("--seed <n>", "seed the fault randomness, to repeat a run")
    .addHelpText(
      "after",
      examples(
        "telematics feed --port 4100 --token demo:s3cret",
        "telematics feed --rate 5 --loop",
        "telematics feed --protocol raw --fixture trip_finished --fixture ignition_off --count 2",
        "telematics feed --drop-every 5 --duplicate-rate 0.1 --late-rate 0.2 --seed 7 --loop",
      ),
    )
    .action(action(() => import("./commands/feed.js")));
}

function registerSend(program: Command, action: ActionFactory): void {
  const cmd = program
    .command("send")
    .description("sign and send realistic events to any URL: single, batch, retried, replayed, scenarios")
    .option("--fixture <name>", "a bundled fixture: trip_end, zubie/trip_end, trip:finished (telematics fixtures lists them)")
    .option("--file <path>", "a JSON payload file, or - for stdin (provider detected, or --provider)")
    .option("--from-log <file>", "replay events from an event log written by listen or tail --save")
    .option("--events <patterns>", 'with --from-log: only these event types, e.g. "trip_*,vehicle_*"')
    .option("--since <when>", "with --from-log: only events received in the last DURATION (30m) or since an ISO time")
    .option("--scenario <name>", "a coherent sequence of one provider's events (--list-scenarios)")
    .option("--list-scenarios", "list the scenarios and exit")
    .option("--pace <pace>", "scenario timing: fast (default: no waiting, times end now), real, or Nx (N times faster)")
    .option("--to <url>", "where to POST (or TELEMATICS_SEND_TO)")
    .option("--provider <name>", "sign as this provider (default: the fixture's or the detected one)")
    .option("--as-is", "send the bytes unchanged (default: fresh ids, times moved to now)")
    .option("--set <path=value>", "set a field, e.g. trip.distance=12.5 or car.nickname=\"Van 7\" (repeatable)", collect)
    .option("--unset <path>", "remove a field (repeatable)", collect)
    .option("--token <token>", "bearer token (events-push)")
    .option("--header <line>", 'extra header, "Name: value" (repeatable)', collect)
    .option("--dry-run", "print each request as a curl command (secrets redacted) and send nothing")
    .option("--count <n>", "send N events (cycling through the payloads, each fresh)")
    .option("--concurrency <n>", "requests in flight at once (default 1)")
    .option("--rate <n>", "at most N requests per second")
    .option("--duration <duration>", "keep sending for this long (e.g. 30s)")
    .option("--timeout <duration>", "per-request timeout (default 10s)")
    .option("--retry", "retry network errors, 5xx and 429 on the provider's schedule")
    .option("--retry-schedule <delays>", "retry with these delays instead, e.g. 1s,2s,4s (implies --retry)");
  secretOptions(schemeFlags(cmd))
    .addHelpText(
      "after",
      examples(
        "telematics send --fixture trip_end --to http://127.0.0.1:4000/ --secret-env ZUBIE_SECRET",
        'telematics send --fixture zubie/trip_end --set trip.distance=12.5 --set car.nickname="Van 7" --to http://127.0.0.1:3000/hooks --secret s3cr3t',
        "telematics send --fixture driver_ontrip --to http://127.0.0.1:3000/uber --secret-env UBER_SECRET --retry",
        "telematics send --scenario zubie-trip --pace 10x --to http://127.0.0.1:4000/ --secret s3cr3t",
        "telematics send --from-log .telematics/events.ndjson --events \"trip_*\" --since 1h --to http://127.0.0.1:3000/hooks --secret s3cr3t",
        "telematics send --fixture overspeed --token t0k --count 20000 --concurrency 32 --to http://127.0.0.1:4000/",
        "telematics send --fixture trip_end --secret s3cr3t --to http://127.0.0.1:4000/ --dry-run",
      ),
    )
    .action(action(() => import("./commands/send.js")));
}

function registerInspect(program: Command, action: ActionFactory): void {
  const cmd = program
    .command("inspect")
    .description("a local web page over event logs: every request live, replay and edit-and-replay, copy as curl, a map")
    .argument("[logs...]", "event logs written by listen or tail --save (default .telematics/events.ndjson)")
    .option("--port <port>", "port of the page on 127.0.0.1 (default 4040; 0 picks a free one)")
    .option("--history <n>", "keep the last N events (default 10000)")
    .option("--open", "open the page in the browser")
    .option("--replay-to <url>", "a replay target, NAME=URL or URL (repeatable)", collect)
    .option("--no-follow", "show the logs as they are, without following them");
  secretOptions(cmd)
    .addHelpText("after", "\nRuns until Ctrl-C (exit 130). The printed URL carries a token that signs the browser in.")
    .addHelpText(
      "after",
      examples(
        "telematics inspect",
        "telematics inspect .telematics/events.ndjson feed.ndjson --open",
        "telematics inspect --replay-to listener=http://127.0.0.1:4000/ --replay-to app=http://127.0.0.1:3000/hooks --secret-env ZUBIE_SECRET",
      ),
    )
    .action(action(() => import("./commands/inspect.js")));
}

/** Every command, in the order `--help` lists them. */
const COMMANDS: ((program: Command, action: ActionFactory) => void)[] = [
  registerListen,
  registerSend,
  registerTail,
  registerFeed,
  registerInspect,
  registerValidate,
  registerFixtures,
  registerSchemas,
  registerSign,
  registerVerifySignature,
];
