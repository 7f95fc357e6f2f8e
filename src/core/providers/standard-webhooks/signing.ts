/**
 * Standard Webhooks (standardwebhooks.com): webhook-id, webhook-timestamp (Unix seconds) and
 * webhook-signature over `${id}.${timestamp}.${body}`. `v1,<base64>` is HMAC-SHA256 keyed with the
 * base64 secret after `whsec_`; `v1a,<base64>` is ed25519 (secret key `whsk_`, public key `whpk_`).
 * Several space-separated signatures may be sent (key rotation).
 */
import { createPrivateKey, createPublicKey, sign as edSign, verify as edVerify, type KeyObject } from "node:crypto";
import { getHeader, headerNames } from "../../headers.js";
import { verifyDigest, type DigestScheme } from "../../signing/diagnose.js";
import { decode, encode, hmac } from "../../signing/hmac.js";
import { missingKey } from "../../signing/results.js";
import { DEFAULT_TOLERANCE_SECONDS, timestampProblem, withTimestamp } from "../../signing/timestamp.js";
import type { Diagnosis, VerifyResult } from "../../signing/types.js";
import { UsageError } from "../../errors.js";
import type { SigningProfile, SignInput, VerifyInput } from "../types.js";

export { DEFAULT_TOLERANCE_SECONDS };
const PKCS8_ED25519 = Buffer.from("302e020100300506032b657004220420", "hex");
const SPKI_ED25519 = Buffer.from("302a300506032b6570032100", "hex");

const isPublic = (s: string) => s.startsWith("whpk_");
const isPrivate = (s: string) => s.startsWith("whsk_");

/** The HMAC key of a v1 secret: base64 after the optional `whsec_` prefix (as the reference library does). */
export function v1Key(secret: string): Buffer {
  const raw = secret.startsWith("whsec_") ? secret.slice(6) : secret;
  return Buffer.from(raw, "base64");
}

function keyBytes(secret: string): Buffer {
  const bytes = decode(secret.slice(5), "base64");
  if (!bytes) throw new UsageError(`${secret.slice(0, 5)} key is not valid base64`);
  return bytes;
}

export function ed25519PrivateKey(secret: string): KeyObject {
  const bytes = keyBytes(secret);
  if (bytes.byteLength !== 32 && bytes.byteLength !== 64) {
    throw new UsageError(`whsk_ key must hold a 32-byte ed25519 seed (or 64-byte seed+public key), got ${bytes.byteLength} bytes`);
  }
  return createPrivateKey({ key: Buffer.concat([PKCS8_ED25519, bytes.subarray(0, 32)]), format: "der", type: "pkcs8" });
}

export function ed25519PublicKey(secret: string): KeyObject {
  if (isPrivate(secret)) return createPublicKey(ed25519PrivateKey(secret));
  const bytes = keyBytes(secret);
  if (bytes.byteLength !== 32) throw new UsageError(`whpk_ key must hold a 32-byte ed25519 public key, got ${bytes.byteLength} bytes`);
  return createPublicKey({ key: Buffer.concat([SPKI_ED25519, bytes]), format: "der", type: "spki" });
}

/** The public key text (`whpk_...`) of a `whsk_` secret key. */
export function publicKeyOf(secret: string): string {
  const der = ed25519PublicKey(secret).export({ format: "der", type: "spki" });
  return "whpk_" + der.subarray(SPKI_ED25519.byteLength).toString("base64");
}

function signedContent(id: string, timestamp: string, body: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from(`${id}.${timestamp}.`, "utf8"), body]);
}

function signHeaders(input: SignInput): Record<string, string> {
  if (!input.id) throw new UsageError("standard-webhooks needs a message id (webhook-id)");
  if (input.timestamp === undefined || !Number.isInteger(input.timestamp)) throw new UsageError("standard-webhooks needs an integer Unix timestamp in seconds");
  const content = signedContent(input.id, String(input.timestamp), input.body);
  let signature: string;
  if (isPrivate(input.secret)) {
    signature = "v1a," + edSign(null, content, ed25519PrivateKey(input.secret)).toString("base64");
  } else if (isPublic(input.secret)) {
    throw new UsageError("a whpk_ public key can only verify; signing needs the whsk_ secret key or a whsec_ secret");
  } else {
    signature = "v1," + encode(hmac("sha256", v1Key(input.secret), content), "base64");
  }
  return {
    "Content-Type": "application/json",
    "webhook-id": input.id,
    "webhook-timestamp": String(input.timestamp),
    "webhook-signature": signature,
  };
}

function verifyHeaders(input: VerifyInput): VerifyResult {
  const provider = "standard-webhooks";
  if (input.secrets.length === 0) return missingKey(provider, "secret (whsec_) or public key (whpk_)");
  const fail = (diagnoses: Diagnosis[]): VerifyResult => ({
    provider, header: "webhook-signature", verdict: "invalid", valid: false, reason: diagnoses[0]!.code, message: diagnoses[0]!.message, diagnoses,
  });
  const id = getHeader(input.headers, "webhook-id");
  const ts = getHeader(input.headers, "webhook-timestamp");
  const sig = getHeader(input.headers, "webhook-signature");
  const missing = [["webhook-id", id], ["webhook-timestamp", ts], ["webhook-signature", sig]].filter(([, v]) => !v?.trim()).map(([n]) => n);
  if (missing.length) {
    const seen = headerNames(input.headers);
    return fail([{ code: "missing-header", message: `no ${missing.join(", ")} header${missing.length > 1 ? "s" : ""}; headers seen: ${seen.length ? seen.join(", ") : "none"}` }]);
  }
  if (!/^\d{1,12}$/.test(ts!.trim())) {
    return fail([{ code: "malformed-header", message: `webhook-timestamp must be Unix seconds, got ${JSON.stringify(ts!.slice(0, 40))}` }]);
  }
  const timestamp = ts!.trim();
  const entries = sig!.trim().split(/\s+/).map((part) => {
    const comma = part.indexOf(",");
    return comma < 0 ? { version: "", value: part } : { version: part.slice(0, comma), value: part.slice(comma + 1) };
  });
  const v1 = entries.filter((e) => e.version === "v1").map((e) => e.value);
  const v1a = entries.filter((e) => e.version === "v1a").map((e) => e.value);
  const content = signedContent(id!.trim(), timestamp, input.body);

  const timeProblem = timestampProblem("webhook-timestamp", Number(timestamp), input.now, input.options?.toleranceSeconds);
  const withTime = (r: VerifyResult): VerifyResult => withTimestamp(r, timeProblem);

  // v1a: ed25519 against every public key (or secret key) given.
  if (v1a.length > 0) {
    for (let i = 0; i < input.secrets.length; i++) {
      const s = input.secrets[i]!;
      if (!isPublic(s) && !isPrivate(s)) continue;
      const key = ed25519PublicKey(s);
      for (const value of v1a) {
        const bytes = decode(value, "base64");
        if (bytes && bytes.byteLength === 64 && edVerify(null, content, key, bytes)) {
          return withTime({ provider, header: "webhook-signature", verdict: "valid", valid: true, scheme: "v1a", matchedSecret: i, message: `webhook-signature v1a (ed25519) matches key ${i + 1} of ${input.secrets.length}`, diagnoses: [] });
        }
      }
    }
  }

  if (v1.length === 0) {
    if (v1a.length > 0) {
      const hasKey = input.secrets.some((s) => isPublic(s) || isPrivate(s));
      return withTime(fail([hasKey
        ? { code: "mismatch", message: "webhook-signature v1a (ed25519) does not verify with the public key(s) given" }
        : { code: "missing-key", message: "webhook-signature is v1a (ed25519): give the sender's whpk_ public key to verify it" }]));
    }
    const versions = [...new Set(entries.map((e) => e.version || "(none)"))].join(", ");
    return withTime(fail([{ code: "malformed-header", message: `webhook-signature has no v1 or v1a signature (versions seen: ${versions}); expected "v1,<base64>"` }]));
  }

  const scheme: DigestScheme = {
    provider,
    header: "webhook-signature",
    encoding: "base64",
    algorithm: "sha256",
    digest: (body, secret) => (isPublic(secret) || isPrivate(secret) ? Buffer.alloc(0) : hmac("sha256", v1Key(secret), signedContent(id!.trim(), timestamp, body))),
    candidates: () => v1,
    // Variants go back through digest(), which base64-decodes them: encode the literal text.
    secretVariants: (secret) =>
      isPublic(secret) || isPrivate(secret)
        ? []
        : [
            { label: "the whole secret used as literal text (including whsec_) instead of base64-decoding the part after whsec_", secret: Buffer.from(secret, "utf8").toString("base64") },
            { label: "the secret after whsec_ used as literal text instead of being base64-decoded", secret: Buffer.from(secret.replace(/^whsec_/, ""), "utf8").toString("base64") },
          ],
  };
  const result = verifyDigest(scheme, { ...input, headers: { "webhook-signature": sig } });
  if (result.valid) return withTime({ ...result, scheme: "v1", message: `webhook-signature v1 matches secret ${result.matchedSecret! + 1} of ${input.secrets.length}` });
  return withTime(result);
}

export const standardWebhooksSigning: SigningProfile = {
  auth: "standard-webhooks",
  secretName: "secret (whsec_…) or ed25519 key (whsk_…/whpk_…)",
  secretRequired: true,
  authHeaders: ["webhook-signature"],
  signatureHeader: () => "webhook-signature",
  describe: () => "webhook-id, webhook-timestamp, webhook-signature: v1,<base64 HMAC-SHA256> or v1a,<base64 ed25519> of id.timestamp.body",
  sign: signHeaders,
  verify: verifyHeaders,
  timestamped: true,
};
