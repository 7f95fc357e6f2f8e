import { bool, choice, duration, int, list, number, text } from "../../core/options.js";
import { headerOption, httpUrl, SCHEME_OPTIONS, SECRET_OPTIONS } from "../shared.js";
import { command } from "../spec.js";

export const SEND_OPTIONS = {
  fixture: text("--fixture <name>", "a bundled fixture: trip_end, zubie/trip_end, trip:finished (telematics fixtures lists them)", { config: false, complete: "fixture" }),
  file: text("--file <path>", "a JSON payload file, or - for stdin (provider detected, or --provider)", { config: false, complete: "file" }),
  fromLog: text("--from-log <file>", "replay events from an event log written by listen or tail --save", { config: false, complete: "file" }),
  events: text("--events <patterns>", 'with --from-log: only these event types, e.g. "trip_*,vehicle_*"', { config: false }),
  since: text("--since <when>", "with --from-log: only events received in the last DURATION (30m) or since an ISO time", { config: false }),
  scenario: text("--scenario <name>", "a coherent sequence of one provider's events (--list-scenarios)", { config: false, complete: "scenario" }),
  listScenarios: bool("--list-scenarios", "list the scenarios and exit", { config: false }),
  pace: text("--pace <pace>", "scenario timing: fast (no waiting, times end now), real, or Nx (N times faster)", { default: "fast" }),
  to: text("--to <url>", "where to POST", { env: "TELEMATICS_SEND_TO", check: httpUrl, complete: "url" }),
  provider: text("--provider <name>", "sign as this provider (default: the fixture's or the detected one)", { env: "TELEMATICS_PROVIDER", complete: "provider" }),
  method: choice("--method <method>", "POST the event as JSON, or GET with the event in the query string (traccar's position forwarding)", ["POST", "GET"] as const, { default: "POST" }),
  asIs: bool("--as-is", "send the bytes unchanged (default: fresh ids, times moved to now)"),
  set: list("--set <path=value>", 'set a field, e.g. trip.distance=12.5 or car.nickname="Van 7" (repeatable)', { config: false }),
  unset: list("--unset <path>", "remove a field (repeatable)", { config: false }),
  token: text("--token <token>", "bearer token (events-push)", { env: "TELEMATICS_TOKEN", config: false, secret: true }),
  header: headerOption('extra header, "Name: value" (repeatable)'),
  dryRun: bool("--dry-run", "print each request as a curl command (secrets redacted) and send nothing", { config: false }),
  count: int("--count <n>", "send N events (cycling through the payloads, each fresh)", { min: 1 }),
  concurrency: int("--concurrency <n>", "requests in flight at once", { default: 1, min: 1 }),
  rate: number("--rate <n>", "at most N requests per second", { min: 0, above: true, expected: "requests per second, more than 0" }),
  duration: duration("--duration <duration>", "keep sending for this long (e.g. 30s)", { min: 0, above: true }),
  timeout: duration("--timeout <duration>", "per-request timeout", { default: 10_000, min: 0, above: true }),
  retry: bool("--retry", "retry network errors, 5xx and 429 on the provider's schedule"),
  retrySchedule: text("--retry-schedule <delays>", "retry with these delays instead, e.g. 1s,2s,4s (implies --retry)"),
  ...SECRET_OPTIONS,
  ...SCHEME_OPTIONS,
} as const;

export const sendSpec = command({
  name: "send",
  summary: "sign and send realistic events to any URL: single, batch, retried, replayed, scenarios",
  options: SEND_OPTIONS,
  interruptible: true,
  notes: "To a loopback URL (127.0.0.0/8, ::1, localhost) with no secret given or configured, events are signed with the project's dev secret, the one `listen` checks them with.",
  examples: [
    "telematics send --fixture trip_end --to http://127.0.0.1:4000/",
    "telematics send --fixture trip_end --to https://hooks.example.com/zubie --secret-env ZUBIE_SECRET",
    'telematics send --fixture zubie/trip_end --set trip.distance=12.5 --set car.nickname="Van 7" --to http://127.0.0.1:3000/hooks --secret s3cr3t',
    "telematics send --fixture driver_ontrip --to http://127.0.0.1:3000/uber --secret-env UBER_SECRET --retry",
    "telematics send --scenario zubie-trip --pace 10x --to http://127.0.0.1:4000/",
    'telematics send --from-log .telematics/events.ndjson --events "trip_*" --since 1h --to http://127.0.0.1:3000/hooks --secret s3cr3t',
    "telematics send --fixture overspeed --token t0k --count 20000 --concurrency 32 --to http://127.0.0.1:4000/",
    "telematics send --fixture trip_end --secret s3cr3t --to http://127.0.0.1:4000/ --dry-run",
  ],
  load: () => import("./index.js"),
});
