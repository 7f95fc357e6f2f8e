import { bool, choice, duration, int, Invalid, text } from "../../core/options.js";
import { headerOption } from "../shared.js";
import { command } from "../spec.js";
import { UI_OPTIONS } from "../inspect/spec.js";

const namespace = (nsp: string) => {
  if (!nsp.startsWith("/")) throw new Invalid("must start with /");
  return nsp;
};

/** The feed's credentials, shared by tail (to send them) and feed (to expect them). */
export const FEED_TOKEN_OPTIONS = {
  token: text("--token <id:secret>", "token sent as the `token` query parameter, Automatic style", { env: "TELEMATICS_FEED_TOKEN", config: false, secret: true }),
  clientId: text("--client-id <id>", "client id, with --client-secret: the token is id:secret", { config: false }),
  clientSecret: text("--client-secret <secret>", "client secret, with --client-id", { config: false, secret: true }),
} as const;

export const namespaceOption = text("--namespace <nsp>", "Socket.IO namespace", { default: "/", check: namespace });

export const TAIL_OPTIONS = {
  url: text("--url <url>", "the feed URL, when it is not given as the argument", { env: "TELEMATICS_FEED_URL", complete: "url" }),
  ...FEED_TOKEN_OPTIONS,
  header: headerOption('extra header for the websocket upgrade, "Name: value" (repeatable)'),
  protocol: choice("--protocol <protocol>", "feed protocol", ["auto", "socket.io", "raw"] as const, { default: "auto" }),
  eio: choice("--eio <version>", "Engine.IO version for Socket.IO", ["auto", "3", "4"] as const, { default: "auto" }),
  namespace: namespaceOption,
  path: text("--path <path>", "Socket.IO path (default /socket.io/)"),
  events: text("--events <patterns>", 'show only these event types, e.g. "trip:*,notification:*" (! excludes)'),
  max: int("--max <n>", "stop after N events", { min: 1, config: false }),
  save: text("--save <file>", "append events to an NDJSON event log (replay with send --from-log)", { complete: "file" }),
  lateAfter: duration("--late-after <duration>", "flag events older than this when they arrive", { default: 5 * 60_000 }),
  reconnect: bool("--no-reconnect", "exit 1 when the connection drops instead of reconnecting", { default: true }),
  reconnectMax: duration("--reconnect-max <duration>", "longest wait between reconnect attempts (full-jitter backoff)", { default: 30_000 }),
  connectTimeout: duration("--connect-timeout <duration>", "give up on a connection attempt after this long", { default: 10_000 }),
  verbose: bool("--verbose", "also print each event's body"),
  ui: bool("--ui", "show the feed in the inspector page (every event live, search, map)"),
  ...UI_OPTIONS,
} as const;

export const tailSpec = command({
  name: "tail",
  summary: "follow a real-time websocket feed (Socket.IO over Engine.IO v3/v4, or raw JSON frames) with reconnects",
  args: [{ name: "[url]", description: "feed URL: ws://, wss://, http:// or https:// (or --url, TELEMATICS_FEED_URL, tail.url in the config file)", complete: "url" }],
  options: TAIL_OPTIONS,
  interruptible: true,
  examples: [
    'telematics tail https://stream.automatic.com --client-id "$CLIENT_ID" --client-secret "$CLIENT_SECRET" --eio 3',
    'telematics tail http://127.0.0.1:4100 --events "trip:*,notification:*" --save events.ndjson',
    "telematics tail ws://127.0.0.1:4100/ --protocol raw --json | jq .event",
    "telematics tail http://127.0.0.1:4100 --max 10 --no-reconnect",
  ],
  load: () => import("./index.js"),
});
