/**
 * Samsara's webhook signature ("v1"), as the official SDK implements it — samsarahq/samsara-dotnet
 * src/Samsara.Net/Webhooks/Utils/WebhooksHelper.cs (pinned to Samsara's backend signer
 * ComputeV1Signature), documented at https://developers.samsara.com/docs/webhooks#webhook-signatures:
 *
 *   X-Samsara-Signature: v1=<lowercase hex of HMAC-SHA256(key, "v1:" + X-Samsara-Timestamp + ":" + raw body)>
 *   X-Samsara-Timestamp: Unix seconds
 *   key: the webhook's secret key, base64-decoded (the dashboard shows it base64)
 *
 * Samsara also sends X-Samsara-Request (a request id) and X-Samsara-Event-Type (the body's
 * eventType). The timestamp is checked against a tolerance (default 5 minutes, --tolerance), the
 * way Standard Webhooks receivers do; a receiver that skips the check still verifies.
 */
import { UsageError } from "../../errors.js";
import { getHeader, headerNames } from "../../headers.js";
import { verifyDigest, type DigestScheme } from "../../signing/diagnose.js";
import { bytesEqual, decode, hmac, type HmacAlgorithm } from "../../signing/hmac.js";
import { missingKey } from "../../signing/results.js";
import { DEFAULT_TOLERANCE_SECONDS, timestampProblem, withTimestamp } from "../../signing/timestamp.js";
import type { Diagnosis, VerifyResult } from "../../signing/types.js";
import type { SigningProfile, SignInput, VerifyInput } from "../types.js";

export const SIGNATURE_HEADER = "X-Samsara-Signature";
export const TIMESTAMP_HEADER = "X-Samsara-Timestamp";
export const REQUEST_HEADER = "X-Samsara-Request";
export const EVENT_TYPE_HEADER = "X-Samsara-Event-Type";
export { DEFAULT_TOLERANCE_SECONDS };
const PROVIDER = "samsara";
const SECRET_NAME = "webhook secret key (base64)";

const STRICT_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The HMAC key: the secret base64-decoded (whitespace around it carries no bits). */
export function samsaraKey(secret: string): Buffer {
  return Buffer.from(secret.trim(), "base64");
}

function signedContent(timestamp: string, body: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from(`v1:${timestamp}:`, "utf8"), body]);
}

/** The body's eventType, for X-Samsara-Event-Type (nothing when the body is not such JSON). */
function eventTypeOf(body: Uint8Array): string | undefined {
  if (body.byteLength === 0 || body[0] !== 0x7b) return undefined;
  try {
    const p: unknown = JSON.parse(Buffer.from(body).toString("utf8"));
    const t = typeof p === "object" && p !== null ? (p as Record<string, unknown>).eventType : undefined;
    return typeof t === "string" && !/[\r\n]/.test(t) ? t : undefined;
  } catch {
    return undefined;
  }
}

function sign(input: SignInput): Record<string, string> {
  if (input.timestamp === undefined || !Number.isInteger(input.timestamp)) throw new UsageError("samsara needs an integer Unix timestamp in seconds (X-Samsara-Timestamp)");
  const timestamp = String(input.timestamp);
  const signature = hmac("sha256", samsaraKey(input.secret), signedContent(timestamp, input.body)).toString("hex");
  const type = eventTypeOf(input.body);
  return {
    "Content-Type": "application/json",
    [SIGNATURE_HEADER]: `v1=${signature}`,
    [TIMESTAMP_HEADER]: timestamp,
    ...(input.id && { [REQUEST_HEADER]: input.id }),
    ...(type && { [EVENT_TYPE_HEADER]: type }),
  };
}

const fail = (diagnoses: Diagnosis[]): VerifyResult => ({
  provider: PROVIDER,
  header: SIGNATURE_HEADER,
  verdict: "invalid",
  valid: false,
  reason: diagnoses[0]!.code,
  message: diagnoses[0]!.message,
  diagnoses,
});

function seen(input: VerifyInput): string {
  const names = headerNames(input.headers);
  return names.length ? names.join(", ") : "none";
}

/** Whether any of the decoded signatures is `mac`. */
const anyIs = (sigs: Buffer[], mac: Buffer) => sigs.some((s) => bytesEqual(s, mac));

function verify(input: VerifyInput): VerifyResult {
  if (input.secrets.length === 0) return missingKey(PROVIDER, SECRET_NAME);
  const sig = getHeader(input.headers, SIGNATURE_HEADER)?.trim();
  const ts = getHeader(input.headers, TIMESTAMP_HEADER)?.trim();
  if (!sig && !ts) return fail([{ code: "missing-header", message: `no ${SIGNATURE_HEADER}, ${TIMESTAMP_HEADER} headers; headers seen: ${seen(input)}` }]);
  if (!sig) return fail([{ code: "missing-header", message: `no ${SIGNATURE_HEADER} header; headers seen: ${seen(input)}` }]);
  if (!ts) {
    return fail([{ code: "missing-header", message: `no ${TIMESTAMP_HEADER} header: Samsara signs "v1:<timestamp>:<body>", so the signature cannot be checked without it (a proxy that drops X- headers, or a request made by hand?); headers seen: ${seen(input)}` }]);
  }
  if (!/^\d{1,16}$/.test(ts)) return fail([{ code: "malformed-header", message: `${TIMESTAMP_HEADER} must be Unix seconds, got ${JSON.stringify(ts.slice(0, 40))}` }]);

  // The time: Unix seconds, within the tolerance. Milliseconds (13 digits) is a mistake of its own.
  const timeProblem: Diagnosis | undefined =
    ts.length >= 12
      ? { code: "malformed-header", message: `${TIMESTAMP_HEADER} is ${ts.length} digits, milliseconds rather than the Unix seconds Samsara sends` }
      : timestampProblem(TIMESTAMP_HEADER, Number(ts), input.now, input.options?.toleranceSeconds);
  const withTime = (r: VerifyResult): VerifyResult => withTimestamp(r, timeProblem);

  const scheme = (candidates: string[]): DigestScheme => ({
    provider: PROVIDER,
    header: SIGNATURE_HEADER,
    encoding: "hex",
    algorithm: "sha256",
    digest: (body, secret, algorithm: HmacAlgorithm) => hmac(algorithm, samsaraKey(secret), signedContent(ts, body)),
    candidates: () => candidates,
    // Variants go back through digest(), which base64-decodes them: encode the literal text.
    secretVariants: (secret) => [{ label: "the secret used as literal text instead of base64-decoded: Samsara's secrets are base64, and the HMAC key is the decoded bytes", secret: Buffer.from(secret, "utf8").toString("base64") }],
  });

  const entries = sig.split(/[\s,]+/).filter(Boolean);
  const v1 = entries.filter((e) => e.startsWith("v1=")).map((e) => e.slice(3));
  if (v1.length === 0) {
    // No v1= prefix: say so, and whether the bare value would have matched.
    const bare = entries.map((e) => e.replace(/^(?:sha256=|v1,|v1:)/i, ""));
    const r = verifyDigest(scheme(bare), input);
    const other = /^(sha256=|v1,|v1:)/i.exec(entries[0] ?? "")?.[1];
    const how = other ? `it starts with "${other}"` : "it is the bare signature";
    const message = r.valid
      ? `${SIGNATURE_HEADER} has no "v1=" prefix (${how}): Samsara sends "v1=<hex>"; without the prefix it matches secret ${r.matchedSecret! + 1}, so the sender dropped or changed it`
      : `${SIGNATURE_HEADER} has no "v1=" prefix (${how}): Samsara sends "v1=<hex>"`;
    return withTime(fail([{ code: "malformed-header", message }, ...(r.valid ? [] : r.diagnoses.filter((d) => d.code !== "mismatch"))]));
  }

  const result = verifyDigest(scheme(v1), input);
  if (result.valid) return withTime(result);

  // What else the signature may be: other content signed, a secret that is not base64.
  const extra: Diagnosis[] = [];
  const sigs = v1.map((t) => decode(t, "hex")).filter((b): b is Buffer => b !== undefined && b.byteLength === 32);
  if (sigs.length) {
    for (const secret of input.secrets) {
      const key = samsaraKey(secret);
      if (anyIs(sigs, hmac("sha256", key, input.body))) {
        extra.push({ code: "signed-content", message: `${SIGNATURE_HEADER} matches an HMAC of the body alone: Samsara signs "v1:<timestamp>:<body>" (the sender left out the "v1:" and the timestamp)` });
      } else if (anyIs(sigs, hmac("sha256", key, Buffer.concat([Buffer.from(`${ts}.`), input.body])))) {
        extra.push({ code: "signed-content", message: `${SIGNATURE_HEADER} matches an HMAC of "<timestamp>.<body>": Samsara signs "v1:<timestamp>:<body>"` });
      }
    }
  }
  if (input.secrets.some((s) => !STRICT_BASE64.test(s.trim()))) {
    extra.push({ code: "secret-format", message: `the secret given is not valid base64: Samsara's webhook secret keys are base64 (copy it exactly from the webhook's settings); it was decoded leniently here` });
  }
  if (extra.length === 0) return withTime(result);
  const diagnoses = result.reason === "mismatch" ? [...extra, ...result.diagnoses.filter((d) => d.code !== "mismatch" || extra.every((e) => e.code === "secret-format"))] : [...result.diagnoses, ...extra];
  return withTime({ ...result, reason: diagnoses[0]!.code, message: diagnoses[0]!.message, diagnoses });
}

export const samsaraSigning: SigningProfile = {
  auth: "hmac",
  secretName: SECRET_NAME,
  secretRequired: true,
  authHeaders: [SIGNATURE_HEADER.toLowerCase(), TIMESTAMP_HEADER.toLowerCase()],
  signatureHeader: () => SIGNATURE_HEADER,
  describe: () => `${SIGNATURE_HEADER}: v1=<hex HMAC-SHA256(base64-decoded secret, "v1:" + ${TIMESTAMP_HEADER} + ":" + raw body)>`,
  sign,
  verify,
  timestamped: true,
};
