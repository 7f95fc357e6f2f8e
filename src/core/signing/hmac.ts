import { createHmac, timingSafeEqual } from "node:crypto";

export type HmacAlgorithm = "sha1" | "sha256" | "sha512";
export type SignatureEncoding = "hex" | "base64";

export const HMAC_ALGORITHMS: readonly HmacAlgorithm[] = ["sha1", "sha256", "sha512"];
export const DIGEST_BYTES: Record<HmacAlgorithm, number> = { sha1: 20, sha256: 32, sha512: 64 };

export function hmac(algorithm: HmacAlgorithm, key: string | Uint8Array, data: Uint8Array | string): Buffer {
  return createHmac(algorithm, key).update(data).digest();
}

export function encode(bytes: Uint8Array, encoding: SignatureEncoding): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString(encoding);
}

const HEX = /^(?:[0-9a-fA-F]{2})+$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2,3})?$/;
const BASE64URL = /^[A-Za-z0-9_-]+={0,2}$/;

/**
 * Strict decoding of a signature text. Node's Buffer.from silently skips bad characters, which
 * would turn a garbled header into a short, wrong digest; we refuse instead.
 */
export function decode(text: string, encoding: SignatureEncoding): Buffer | undefined {
  if (text.length === 0) return undefined;
  if (encoding === "hex") return HEX.test(text) ? Buffer.from(text, "hex") : undefined;
  if (BASE64.test(text)) return Buffer.from(text, "base64");
  if (BASE64URL.test(text)) return Buffer.from(text, "base64url");
  return undefined;
}

/** Constant-time comparison of decoded bytes; unequal lengths are simply unequal. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && timingSafeEqual(a, b);
}
