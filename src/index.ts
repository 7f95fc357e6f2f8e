/**
 * Programmatic API: `import { sign, verify, providers } from "telematics"`.
 * Both are pure apart from the defaults filled in here (the current time, a new message id).
 */
import { randomBytes } from "node:crypto";
import { providers, type ProviderName } from "./core/providers/index.js";
import type { SchemeOptions } from "./core/providers/types.js";
import type { HeaderBag } from "./core/headers.js";
import type { VerifyResult } from "./core/signing/types.js";

export { providers, providerNames, providerFromHeaders, type ProviderName } from "./core/providers/index.js";
export type { Provider, SchemeOptions, SignInput, VerifyInput, AuthKind } from "./core/providers/types.js";
export type { VerifyResult, Diagnosis, DiagnosisCode } from "./core/signing/types.js";
export type { HeaderBag } from "./core/headers.js";
export { UsageError, CheckFailed } from "./core/errors.js";

const bytes = (body: string | Uint8Array): Uint8Array => (typeof body === "string" ? Buffer.from(body, "utf8") : body);

export interface SignOptions {
  body: string | Uint8Array;
  secret: string;
  /** Standard Webhooks: defaults to a new msg_ id. */
  id?: string;
  /** Standard Webhooks: Unix seconds; defaults to now. */
  timestamp?: number;
  options?: SchemeOptions;
}

/** The headers `provider` would send with `body`. */
export function sign(provider: ProviderName, input: SignOptions): Record<string, string> {
  const id = input.id ?? providers[provider].newDeliveryId?.(randomBytes);
  return providers[provider].sign({
    body: bytes(input.body),
    secret: input.secret,
    ...(id !== undefined && { id }),
    timestamp: input.timestamp ?? Math.floor(Date.now() / 1000),
    ...(input.options && { options: input.options }),
  });
}

export interface VerifyOptions {
  /** The raw body exactly as received. */
  body: string | Uint8Array;
  headers: HeaderBag;
  /** One secret, or several during a rotation. */
  secret: string | readonly string[];
  /** Milliseconds since the epoch; defaults to now. */
  now?: number;
  options?: SchemeOptions;
}

/** Verifies a request; on failure the result's `diagnoses` say the likely cause. */
export function verify(provider: ProviderName, input: VerifyOptions): VerifyResult {
  return providers[provider].verify({
    body: bytes(input.body),
    headers: input.headers,
    secrets: typeof input.secret === "string" ? [input.secret] : input.secret,
    now: input.now ?? Date.now(),
    ...(input.options && { options: input.options }),
  });
}
