/**
 * Small, dependency-free checks for flag values shared by commands. The fast commands (sign,
 * verify-signature) use these instead of zod to keep their cold start low; the rest use zod too.
 */
import { UsageError } from "../core/errors.js";
import { parseDuration } from "../core/duration.js";
import { parseHeaderLine } from "../core/headers.js";
import { getProvider, providerNames, type Provider, type SchemeOptions } from "../core/providers/index.js";
import { HMAC_ALGORITHMS, type HmacAlgorithm, type SignatureEncoding } from "../core/signing/hmac.js";

export function requireProvider(name: string | undefined, env: Readonly<Record<string, string | undefined>>): Provider {
  const value = name ?? env.TELEMATICS_PROVIDER;
  if (!value) throw new UsageError(`--provider is required (one of: ${providerNames.join(", ")})`);
  const provider = getProvider(value);
  if (!provider) throw new UsageError(`--provider ${value}: unknown provider (one of: ${providerNames.join(", ")})`);
  return provider;
}

export function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`${flag} ${value}: expected one of ${allowed.join(", ")}`);
  return value as T;
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

/** --header "Name: value" lines into a header object (later values of a name win). */
export function headerFlags(lines: readonly string[] | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of lines ?? []) {
    const parsed = parseHeaderLine(line);
    if (!parsed) throw new UsageError(`--header ${JSON.stringify(line.length > 60 ? line.slice(0, 60) + "…" : line)}: expected "Name: value"`);
    headers[parsed[0]] = parsed[1];
  }
  return headers;
}

export function integer(flag: string, value: string | undefined, min = 0): number | undefined {
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value.trim()) || Number(value) < min) throw new UsageError(`${flag} ${value}: expected an integer${min > 0 ? ` of at least ${min}` : min === 0 ? " of 0 or more" : ""}`);
  return Number(value);
}
