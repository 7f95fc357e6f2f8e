import { bool, duration, int, Invalid, list, size, text, type Opt } from "../../core/options.js";
import { providerNames } from "../../core/providers/index.js";
import { httpUrl, SCHEME_OPTIONS, SECRET_OPTIONS } from "../shared.js";
import { command } from "../spec.js";
import { UI_OPTIONS } from "../inspect/spec.js";

export const DEFAULT_LOG = ".telematics/events.ndjson";

function urlPath(path: string): string {
  if (!path.startsWith("/") || /\s/.test(path)) throw new Invalid("expected a URL path starting with /, such as /webhooks/zubie");
  if (/[?#]/.test(path)) throw new Invalid("a path only, without a query string or fragment (requests are matched on their path; the query is ignored)");
  return path;
}

/** --log FILE, --no-log, or "off". */
const logOption = {
  ...text("--log <file>", "append every request to this NDJSON event log (relative to the project)", { env: "TELEMATICS_LOG", complete: "file" }),
  default: DEFAULT_LOG,
  negatable: "keep no event log",
  configType: "string-or-false",
  parse(raw: unknown): string | false {
    if (raw === false) return false;
    if (typeof raw !== "string") throw new Invalid("expected a file name, or false for no log");
    if (["off", "none", "false"].includes(raw.trim().toLowerCase())) return false;
    if (raw.trim() === "") throw new Invalid("is empty (use --no-log to keep no log)");
    return raw;
  },
} as Opt<string | false, true>;

export const LISTEN_OPTIONS = {
  port: int("--port <port>", "port to listen on (0 picks a free one)", { default: 4000, max: 65_535, env: "TELEMATICS_PORT" }),
  host: text("--host <host>", "interface to bind (0.0.0.0 for all, with a warning)", { default: "127.0.0.1", env: "TELEMATICS_HOST" }),
  path: text("--path <path>", "the URL path that receives webhooks when there are no routes; other paths get 404", { default: "/", env: "TELEMATICS_PATH", check: urlPath, display: (p) => p.replace(/[?#].*$/, "…") }),
  provider: text("--provider <name>", `who sends: auto (from the signature headers, then the payload), ${providerNames.join(", ")}, or a provider of the config file`, {
    default: "auto",
    env: "TELEMATICS_PROVIDER",
    complete: "provider",
  }),
  route: list("--route <route>", 'serve a provider at a path: "/zubie=zubie", "GET /positions=traccar" (repeatable; replaces --path and --provider)', { config: false }),
  ...SECRET_OPTIONS,
  token: list("--token <token>", "bearer token expected from Events Push (repeatable)", { env: "TELEMATICS_TOKEN", config: false, secret: true }),
  ...SCHEME_OPTIONS,
  maxBody: size("--max-body <size>", "largest body accepted, e.g. 1mb, 256kb (larger: 413)", { default: 1 << 20, defaultText: "1mb", env: "TELEMATICS_MAX_BODY" }),
  log: logOption,
  lateAfter: duration("--late-after <duration>", "flag events whose own time is older than this on arrival", { default: 5 * 60_000, env: "TELEMATICS_LATE_AFTER" }),
  strict: bool("--strict", "refuse (400) events that do not match their schema, instead of accepting them with warnings", { env: "TELEMATICS_STRICT" }),
  events: text("--events <patterns>", 'show only these event types, e.g. "trip_*,vehicle_*" (! excludes; all are logged)', { env: "TELEMATICS_EVENTS" }),
  verbose: bool("--verbose", "also print each event's body", { env: "TELEMATICS_VERBOSE" }),
  forwardTo: text("--forward-to <url>", "forward each accepted request to your app and answer with its status", { env: "TELEMATICS_FORWARD_TO", check: httpUrl, complete: "url" }),
  forwardSecret: text("--forward-secret <secret>", "re-sign forwarded requests with this secret, the provider's way", { env: "TELEMATICS_FORWARD_SECRET", secret: true, config: false }),
  forwardTimeout: duration("--forward-timeout <duration>", "give up on the app after this long: 504", { default: 10_000, env: "TELEMATICS_FORWARD_TIMEOUT" }),
  respond: int("--respond <status>", "answer accepted events with this status (e.g. 500, 429) to exercise the sender's retries", { min: 200, max: 599, env: "TELEMATICS_RESPOND" }),
  failFirst: int("--fail-first <n>", "answer the first N accepted events with 500 (or --respond's status), then normally", { min: 1, env: "TELEMATICS_FAIL_FIRST" }),
  delay: duration("--delay <ms>", "wait this long before answering, e.g. 1500 or 3s", { unit: "ms", env: "TELEMATICS_DELAY" }),
  tlsCert: text("--tls-cert <file>", "serve HTTPS with this PEM certificate (with --tls-key)", { env: "TELEMATICS_TLS_CERT", complete: "file" }),
  tlsKey: text("--tls-key <file>", "PEM private key for --tls-cert", { env: "TELEMATICS_TLS_KEY", complete: "file" }),
  allowIp: list("--allow-ip <list>", "accept requests only from these addresses or CIDR ranges (repeatable, comma-separated; others: 403)", { env: "TELEMATICS_ALLOW_IP", commas: true }),
  logMaxSize: size("--log-max-size <size>", "rotate the event log to events.1.ndjson when it would grow past this (e.g. 100mb)", { env: "TELEMATICS_LOG_MAX_SIZE" }),
  ui: bool("--ui", "serve the inspector page (every request live, replay, map) on its own port", { env: "TELEMATICS_UI" }),
  ...UI_OPTIONS,
  requestTimeout: duration("--request-timeout <duration>", "a request must arrive in full within this, its headers within 10s (slower: 408)", { default: 30_000, min: 100, env: "TELEMATICS_REQUEST_TIMEOUT" }),
} as const;

export const listenSpec = command({
  name: "listen",
  summary: "receive webhooks locally: verify each signature on the raw bytes, validate, dedupe, log to NDJSON, explain, acknowledge",
  options: LISTEN_OPTIONS,
  interruptible: true,
  notes: "Runs until Ctrl-C: then prints a summary on stderr and exits 130 (0 after SIGTERM; 2 on a usage error).",
  examples: [
    "telematics listen",
    "telematics listen --route /zubie=zubie --route /uber=uber --route /push=events-push",
    "telematics listen --provider uber --secret-file uber-secret.txt --port 4000 --path /webhooks/uber",
    'telematics listen --provider events-push --token "$PUSH_TOKEN" --forward-to http://localhost:3000/events',
    'telematics listen --events "trip_*" --verbose --late-after 10m',
    "telematics listen --fail-first 3 --delay 1500 --no-log",
    "telematics listen --ui --open",
    "telematics listen --json | jq 'select(.verification.verdict != \"valid\")'",
  ],
  load: () => import("./index.js"),
});
