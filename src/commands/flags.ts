/**
 * Flag declarations shared by commander (src/cli.ts) and the fast path in src/main.ts, which parses
 * `sign` and `verify-signature` with node:util's parseArgs so that CI one-shots do not pay for
 * loading commander. One list, two parsers: they cannot drift apart.
 */
export interface FlagSpec {
  /** Commander syntax: "--name <value>" or "--name". */
  flags: string;
  description: string;
  /** May be given several times; the values are collected in order. */
  repeatable?: boolean;
  choices?: readonly string[];
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

/** "--secret-env <name>" → { long: "secret-env", key: "secretEnv", takesValue: true, negated: false } */
export function describeFlag(spec: FlagSpec): { long: string; key: string; takesValue: boolean; negated: boolean } {
  const m = /^--([a-z0-9-]+)(\s+<[^>]+>)?$/.exec(spec.flags);
  if (!m) throw new Error(`bad flag spec ${spec.flags}`);
  const long = m[1]!;
  const negated = long.startsWith("no-");
  const name = negated ? long.slice(3) : long;
  return { long, key: name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()), takesValue: m[2] !== undefined, negated };
}
