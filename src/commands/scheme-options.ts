/**
 * Flags that choose a provider and a signing scheme (--provider, --signature-header, --algorithm,
 * --encoding, --prefix, --tolerance), for the commands that sign or verify. Apart from options.ts
 * because it loads every provider.
 */
import { UsageError } from "../core/errors.js";
import { parseDuration } from "../core/duration.js";
import { parseHeaderLine } from "../core/headers.js";
import { getProvider, providerNames, type Provider, type SchemeOptions } from "../core/providers/index.js";
import { HMAC_ALGORITHMS, type HmacAlgorithm, type SignatureEncoding } from "../core/signing/hmac.js";
import { oneOf } from "./options.js";

export function requireProvider(name: string | undefined, env: Readonly<Record<string, string | undefined>>): Provider {
  const value = name ?? env.TELEMATICS_PROVIDER;
  if (!value) throw new UsageError(`--provider is required (one of: ${providerNames.join(", ")})`);
  const provider = getProvider(value);
  if (!provider) throw new UsageError(`--provider ${value}: unknown provider (one of: ${providerNames.join(", ")})`);
  return provider;
}

/** Seconds from "300", "300s" or "5m"; null for "off" (no timestamp check). */
export function toleranceSeconds(value: string | undefined): number | null | undefined {
  if (value === undefined) return undefined;
  if (value === "off" || value === "none") return null;
  const ms = parseDuration(value, "s");
  if (ms === undefined || ms < 0) throw new UsageError(`--tolerance ${value}: expected seconds or a duration such as 300, 5m or off`);
  return ms / 1000;
}

export interface SchemeFlags {
  signatureHeader?: string;
  algorithm?: string;
  encoding?: string;
  prefix?: string;
  tolerance?: string;
}

export function schemeOptions(flags: SchemeFlags): SchemeOptions {
  const options: SchemeOptions = {};
  if (flags.signatureHeader !== undefined) {
    if (!parseHeaderLine(`${flags.signatureHeader}: x`)) throw new UsageError(`--signature-header ${flags.signatureHeader}: not a valid header name`);
    options.header = flags.signatureHeader;
  }
  const algorithm = oneOf<HmacAlgorithm>("--algorithm", flags.algorithm, HMAC_ALGORITHMS);
  if (algorithm) options.algorithm = algorithm;
  const encoding = oneOf<SignatureEncoding>("--encoding", flags.encoding, ["hex", "base64"]);
  if (encoding) options.encoding = encoding;
  if (flags.prefix !== undefined) options.prefix = flags.prefix;
  const tolerance = toleranceSeconds(flags.tolerance);
  if (tolerance !== undefined) options.toleranceSeconds = tolerance;
  return options;
}
