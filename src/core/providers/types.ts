import type { HeaderBag } from "../headers.js";
import type { HmacAlgorithm, SignatureEncoding } from "../signing/hmac.js";
import type { VerifyResult } from "../signing/types.js";

/** Scheme settings a user can change; each provider reads the ones that apply to it. */
export interface SchemeOptions {
  /** Standard Webhooks: allowed clock difference in seconds; null turns the check off. Default 300. */
  toleranceSeconds?: number | null;
  /** Generic HMAC: header name (default X-Signature). */
  header?: string;
  /** Generic HMAC: sha1, sha256 (default) or sha512. */
  algorithm?: HmacAlgorithm;
  /** Generic HMAC: hex (default) or base64. */
  encoding?: SignatureEncoding;
  /** Generic HMAC: text before the signature, e.g. "sha256=". */
  prefix?: string;
}

export interface SignInput {
  /** The exact bytes that will be sent. */
  body: Uint8Array;
  secret: string;
  /** Standard Webhooks: message id (webhook-id). Required there. */
  id?: string;
  /** Standard Webhooks: Unix seconds (webhook-timestamp). Required there. */
  timestamp?: number;
  options?: SchemeOptions;
}

export interface VerifyInput {
  /** The exact bytes received, before any parsing. */
  body: Uint8Array;
  headers: HeaderBag;
  /** One or more secrets (rotation); the result says which matched. */
  secrets: readonly string[];
  /** Current time in milliseconds since the epoch (verification is a pure function of it). */
  now: number;
  options?: SchemeOptions;
  /** Secrets known but not accepted here, e.g. another provider's; a match is diagnosed. */
  alternateSecrets?: readonly { label: string; secret: string }[];
}

export type AuthKind = "hmac" | "bearer" | "standard-webhooks" | "unsigned";

export interface Provider {
  name: string;
  title: string;
  auth: AuthKind;
  /** What the secret is called in the provider's documentation. */
  secretName: string;
  /** Headers whose presence identifies this provider's requests (lower-case). */
  authHeaders: readonly string[];
  /** The header that carries the signature or token, if any. */
  signatureHeader(options?: SchemeOptions): string | undefined;
  /** One line: how requests are authenticated. */
  describe(options?: SchemeOptions): string;
  /** The headers the provider would send with this body, Content-Type included. */
  sign(input: SignInput): Record<string, string>;
  verify(input: VerifyInput): VerifyResult;
}
