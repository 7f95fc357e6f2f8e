/**
 * Option declarations that several commands share: the global flags, where secrets come from, the
 * signing-scheme settings, and the checks of common values. Declarations only (no provider code is
 * loaded here), so that `--help` stays cheap.
 */
import { parseHeaderLine } from "../core/headers.js";
import { bool, choice, durationOrOff, Invalid, list, text } from "../core/options.js";

/** Every command accepts these; they show in every command's --help. */
export const GLOBAL_OPTIONS = {
  json: bool("--json", "print results as NDJSON on stdout (one object per line)", { config: false }),
  color: bool("--no-color", "no colours (also NO_COLOR=1)", { default: true, config: false }),
  debug: bool("--debug", "print stack traces for unexpected errors", { env: "TELEMATICS_DEBUG", config: false }),
  config: text("--config <file>", "the config file (default: telematics.config.json here or in the nearest parent)", { env: "TELEMATICS_CONFIG", config: false, complete: "file" }),
  profile: text("--profile <name>", "the config file's profile to use (default: its defaultProfile)", { env: "TELEMATICS_PROFILE", config: false, complete: "profile" }),
} as const;

/** Where signing secrets come from (and, in a project, its config file and dev secrets). */
export const SECRET_OPTIONS = {
  secret: list("--secret <secret>", "secret, token or key (repeatable: several are tried, for rotation)", { env: "TELEMATICS_SECRET", config: false, secret: true }),
  secretEnv: text("--secret-env <name>", "read the secret from this environment variable", { config: false }),
  secretFile: text("--secret-file <path>", "read secrets from a file, one per line", { config: false, complete: "file" }),
} as const;

/** A header name as HTTP allows it. */
export function headerName(name: string): string {
  if (!parseHeaderLine(`${name}: x`)) throw new Invalid("not a valid header name");
  return name;
}

/** A `Name: value` header line. */
export function headerLine(line: string): string {
  if (!parseHeaderLine(line)) throw new Invalid('expected "Name: value"');
  return line;
}

/** The settings of a signing scheme (generic HMAC, and the tolerance of timestamped schemes). */
export const SCHEME_OPTIONS = {
  signatureHeader: text("--signature-header <name>", "hmac: header that carries the signature (default X-Signature)", { config: false, check: headerName }),
  algorithm: choice("--algorithm <alg>", "hmac: digest algorithm (default sha256)", ["sha1", "sha256", "sha512"] as const, { config: false }),
  encoding: choice("--encoding <enc>", "hmac: signature encoding (default hex)", ["hex", "base64"] as const, { config: false }),
  prefix: text("--prefix <text>", 'hmac: text before the signature, e.g. "sha256="', { config: false, allowEmpty: true }),
  tolerance: durationOrOff("--tolerance <duration>", "standard-webhooks, samsara: allowed clock difference (default 5m; off to disable)", { config: false }),
} as const;

/** --header "Name: value" (repeatable). */
export const headerOption = (description: string) => list("--header <line>", description, { check: headerLine, config: false });

/** "http://…" or "https://…". */
export function httpUrl(textValue: string): string {
  let u: URL;
  try {
    u = new URL(textValue);
  } catch {
    throw new Invalid("not a URL (expected e.g. http://localhost:3000/webhooks)");
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") throw new Invalid("expected an http:// or https:// URL");
  return textValue;
}
