import { createHash, timingSafeEqual } from "node:crypto";
import { getHeader, headerNames } from "../../headers.js";
import { missingKey } from "../../signing/results.js";
import type { Diagnosis, VerifyResult } from "../../signing/types.js";
import type { SigningProfile } from "../types.js";

const HEADER = "Authorization";

/** Equal-length digests, so neither the content nor the length of a token leaks through timing. */
function tokenEqual(a: string, b: string): boolean {
  const da = createHash("sha256").update(a).digest();
  const db = createHash("sha256").update(b).digest();
  return timingSafeEqual(da, db);
}

/**
 * GPS-tracker "Events Push API" (seed 002): an optional `Authorization: Bearer <token>`; no
 * signature over the body.
 */
export const bearerSigning: SigningProfile = {
  auth: "bearer",
  secretName: "bearer token",
  secretRequired: false,
  timestamped: false,
  authHeaders: [],
  signatureHeader: () => HEADER,
  describe: () => "Authorization: Bearer <token> (optional; the body is not signed)",
  sign: (input) => ({ "Content-Type": "application/json", [HEADER]: `Bearer ${input.secret}` }),
  verify(input): VerifyResult {
    if (input.secrets.length === 0) return missingKey("events-push", "bearer token");
    const base = { provider: "events-push", header: HEADER };
    const fail = (d: Diagnosis): VerifyResult => ({ ...base, verdict: "invalid", valid: false, reason: d.code, message: d.message, diagnoses: [d] });
    const value = getHeader(input.headers, HEADER);
    if (value === undefined || value.trim() === "") {
      const seen = headerNames(input.headers);
      return fail({ code: "missing-header", message: `no Authorization header; headers seen: ${seen.length ? seen.join(", ") : "none"}` });
    }
    const m = /^(\S+)\s+(.*)$/.exec(value.trim());
    if (!m || m[1]!.toLowerCase() !== "bearer") {
      const scheme = m ? m[1]! : "a bare value";
      return fail({ code: "malformed-header", message: `Authorization uses ${scheme.length > 20 ? "an unknown scheme" : JSON.stringify(scheme)}, expected "Bearer <token>"` });
    }
    const token = m[2]!;
    const matched = input.secrets.findIndex((s) => tokenEqual(s, token));
    if (matched >= 0) {
      return { ...base, verdict: "valid", valid: true, matchedSecret: matched, message: `bearer token matches token ${matched + 1} of ${input.secrets.length}`, diagnoses: [] };
    }
    const cleaned = token.trim().replace(/^["']|["']$/g, "");
    if (input.secrets.some((s) => tokenEqual(s.trim(), cleaned))) {
      return fail({ code: "secret-format", message: "bearer token matches once quotes or whitespace are removed: check how the token was stored or sent" });
    }
    const alt = input.alternateSecrets?.find((a) => tokenEqual(a.secret, token));
    if (alt) return fail({ code: "other-secret", message: `bearer token matches ${alt.label}, not the token given for events-push` });
    return fail({ code: "mismatch", message: `bearer token does not match ${input.secrets.length === 1 ? "the token given" : `any of the ${input.secrets.length} tokens given`}` });
  },
};
