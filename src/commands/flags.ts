/**
 * Flag declarations shared by commander (src/cli.ts) and the fast path in src/main.ts, which parses
 * `sign`, `verify-signature` and `tail` with node:util's parseArgs so that CI one-shots and a feed
 * consumer do not pay for loading commander. One list, two parsers: they cannot drift apart.
 */
export interface FlagSpec {
  /** Commander syntax: "--name <value>" or "--name". */
  flags: string;
  description: string;
  /** May be given several times; the values are collected in order. */
  repeatable?: boolean;
  choices?: readonly string[];
  /**
   * Shown in --help and given by commander. The fast path leaves the flag undefined, so a command
   * with such a flag treats undefined as this same default.
   */
  default?: string;
}

export const PROVIDER_NAMES = ["zubie", "uber", "events-push", "automatic", "standard-webhooks", "hmac"] as const;

export const GLOBAL_FLAGS: readonly FlagSpec[] = [
  { flags: "--json", description: "print results as NDJSON on stdout (one object per line)" },
  { flags: "--no-color", description: "no colours (also NO_COLOR=1)" },
  { flags: "--debug", description: "print stack traces for unexpected errors" },
];

export const SECRET_FLAGS: readonly FlagSpec[] = [
  { flags: "--secret <secret>", description: "secret, token or key (repeatable: several are tried, for rotation)", repeatable: true },
  { flags: "--secret-env <name>", description: "read the secret from this environment variable" },
  { flags: "--secret-file <path>", description: "read secrets from a file, one per line" },
];

export const SCHEME_FLAGS: readonly FlagSpec[] = [
  { flags: "--signature-header <name>", description: "hmac: header that carries the signature (default X-Signature)" },
  { flags: "--algorithm <alg>", description: "hmac: digest algorithm (default sha256)", choices: ["sha1", "sha256", "sha512"] },
  { flags: "--encoding <enc>", description: "hmac: signature encoding (default hex)", choices: ["hex", "base64"] },
  { flags: "--prefix <text>", description: 'hmac: text before the signature, e.g. "sha256="' },
  { flags: "--tolerance <duration>", description: "standard-webhooks: allowed clock difference (default 5m; off to disable)" },
];

const PROVIDER: FlagSpec = { flags: "--provider <name>", description: `provider: ${PROVIDER_NAMES.join(", ")}` };

export const SIGN_FLAGS: readonly FlagSpec[] = [
  PROVIDER,
  { flags: "--payload <file>", description: "payload file, or - for stdin (default: stdin when piped)" },
  { flags: "--id <id>", description: "standard-webhooks: webhook-id (default: a new msg_ id)" },
  { flags: "--timestamp <seconds>", description: "standard-webhooks: webhook-timestamp (default: now)" },
  ...SCHEME_FLAGS,
  ...SECRET_FLAGS,
];

export const VERIFY_FLAGS: readonly FlagSpec[] = [
  PROVIDER,
  { flags: "--payload <file>", description: "payload file, or - for stdin (the exact bytes received)" },
  { flags: "--signature <value>", description: "the signature header's value (or the bearer token)" },
  { flags: "--header <line>", description: 'a received header, "Name: value" (repeatable)', repeatable: true },
  { flags: "--id <id>", description: "standard-webhooks: the webhook-id header" },
  { flags: "--timestamp <seconds>", description: "standard-webhooks: the webhook-timestamp header" },
  ...SCHEME_FLAGS,
  ...SECRET_FLAGS,
];

export const TAIL_FLAGS: readonly FlagSpec[] = [
  { flags: "--token <id:secret>", description: "token sent as the `token` query parameter, Automatic style (or TELEMATICS_FEED_TOKEN)" },
  { flags: "--client-id <id>", description: "client id, sent with --client-secret as token=id:secret" },
  { flags: "--client-secret <secret>", description: "client secret, with --client-id" },
  { flags: "--header <line>", description: 'extra header for the websocket upgrade, "Name: value" (repeatable)', repeatable: true },
  { flags: "--protocol <protocol>", description: "feed protocol", choices: ["auto", "socket.io", "raw"], default: "auto" },
  { flags: "--eio <version>", description: "Engine.IO version for Socket.IO", choices: ["auto", "3", "4"], default: "auto" },
  { flags: "--namespace <nsp>", description: "Socket.IO namespace", default: "/" },
  { flags: "--path <path>", description: "Socket.IO path (default /socket.io/)" },
  { flags: "--events <patterns>", description: 'show only these event types, e.g. "trip:*,notification:*" (! excludes)' },
  { flags: "--max <n>", description: "stop after N events" },
  { flags: "--save <file>", description: "append events to an NDJSON event log (replay with send --from-log)" },
  { flags: "--late-after <duration>", description: "flag events older than this when they arrive", default: "5m" },
  { flags: "--no-reconnect", description: "exit 1 when the connection drops instead of reconnecting" },
  { flags: "--reconnect-max <duration>", description: "longest wait between reconnect attempts (full-jitter backoff)", default: "30s" },
  { flags: "--connect-timeout <duration>", description: "give up on a connection attempt after this long", default: "10s" },
  { flags: "--verbose", description: "also print each event's body" },
];

/** "--secret-env <name>" → { long: "secret-env", key: "secretEnv", takesValue: true, negated: false } */
export function describeFlag(spec: FlagSpec): { long: string; key: string; takesValue: boolean; negated: boolean } {
  const m = /^--([a-z0-9-]+)(\s+<[^>]+>)?$/.exec(spec.flags);
  if (!m) throw new Error(`bad flag spec ${spec.flags}`);
  const long = m[1]!;
  const negated = long.startsWith("no-");
  const name = negated ? long.slice(3) : long;
  return { long, key: name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()), takesValue: m[2] !== undefined, negated };
}
