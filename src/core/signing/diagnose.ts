/**
 * Verification of "digest" signatures (an HMAC or similar over the raw body, carried in a header),
 * with a diagnosis of why a signature does not match. Provider files describe their
 * scheme with a DigestScheme; everything below is shared.
 */
import { getHeader, headerNames, type HeaderBag } from "../headers.js";
import {
  bytesEqual,
  decode,
  DIGEST_BYTES,
  HMAC_ALGORITHMS,
  type HmacAlgorithm,
  type SignatureEncoding,
} from "./hmac.js";
import type { Diagnosis, VerifyResult } from "./types.js";

export interface DigestScheme {
  provider: string;
  /** Header that carries the signature. */
  header: string;
  encoding: SignatureEncoding;
  algorithm: HmacAlgorithm;
  /** The raw MAC the sender would have produced for this body and secret. */
  digest(body: Uint8Array, secret: string, algorithm: HmacAlgorithm): Buffer;
  /** Splits the header value into candidate encoded signatures; a string explains a malformed header. */
  candidates(value: string): string[] | string;
  /** Other keys the same secret text is commonly (mis)used as, e.g. a whsec_ secret taken literally. */
  secretVariants?(secret: string): { label: string; secret: string }[];
}

export interface DigestInput {
  body: Uint8Array;
  headers: HeaderBag;
  secrets: readonly string[];
  /** Secrets that are known but not accepted here (e.g. another provider's); a match is diagnosed. */
  alternateSecrets?: readonly { label: string; secret: string }[];
}

const other = (e: SignatureEncoding): SignatureEncoding => (e === "hex" ? "base64" : "hex");

function matchesAny(scheme: DigestScheme, sigs: Buffer[], body: Uint8Array, secrets: readonly string[], algorithm = scheme.algorithm): number {
  for (let i = 0; i < secrets.length; i++) {
    const expected = scheme.digest(body, secrets[i]!, algorithm);
    if (sigs.some((s) => bytesEqual(s, expected))) return i;
  }
  return -1;
}

/** Bodies a proxy, framework or editor commonly turns the original into. */
export function bodyVariants(body: Uint8Array): { label: string; body: Uint8Array }[] {
  const text = Buffer.from(body).toString("utf8");
  const out: { label: string; body: string }[] = [];
  try {
    const parsed: unknown = JSON.parse(text);
    out.push({ label: "the body re-serialized with JSON.stringify(JSON.parse(body)): a proxy or framework parsed and re-encoded it before verification", body: JSON.stringify(parsed) });
    out.push({ label: "the body pretty-printed with JSON.stringify(body, null, 2): it was re-formatted before verification", body: JSON.stringify(parsed, null, 2) });
  } catch {
    // not JSON: only whitespace variants apply
  }
  if (text.endsWith("\r\n")) out.push({ label: "the body without its trailing CRLF: the newline was added after signing (or the signer stripped it)", body: text.slice(0, -2) });
  if (text.endsWith("\n")) out.push({ label: "the body without its trailing newline: a newline was added after signing (an editor or `echo` adds one)", body: text.slice(0, -1) });
  else out.push({ label: "the body with a trailing newline: the signer signed a newline that was stripped before verification", body: text + "\n" });
  if (!text.endsWith("\r\n")) out.push({ label: "the body with a trailing CRLF: the signer's body ended with \\r\\n", body: text + "\r\n" });
  if (text.includes("\r\n")) out.push({ label: "the body with LF line endings instead of CRLF", body: text.replaceAll("\r\n", "\n") });
  else if (text.includes("\n")) out.push({ label: "the body with CRLF line endings instead of LF", body: text.replaceAll("\n", "\r\n") });
  const seen = new Set<string>([text]);
  return out
    .filter((v) => !seen.has(v.body) && (seen.add(v.body), true))
    .map((v) => ({ label: v.label, body: Buffer.from(v.body, "utf8") }));
}

function describeHeaders(headers: HeaderBag): string {
  const names = headerNames(headers);
  return names.length ? names.join(", ") : "none";
}

export function verifyDigest(scheme: DigestScheme, input: DigestInput): VerifyResult {
  const fail = (diagnoses: Diagnosis[]): VerifyResult => ({
    provider: scheme.provider,
    header: scheme.header,
    verdict: "invalid",
    valid: false,
    reason: diagnoses[0]!.code,
    message: diagnoses[0]!.message,
    diagnoses,
  });

  const value = getHeader(input.headers, scheme.header);
  if (value === undefined || value.trim() === "") {
    return fail([{ code: "missing-header", message: `no ${scheme.header} header${value === undefined ? "" : " value"}; headers seen: ${describeHeaders(input.headers)}` }]);
  }
  const texts = scheme.candidates(value.trim());
  if (typeof texts === "string") return fail([{ code: "malformed-header", message: `${scheme.header} is malformed: ${texts}` }]);

  const wantBytes = DIGEST_BYTES[scheme.algorithm];
  const decoded = texts.map((t) => decode(t, scheme.encoding)).filter((b): b is Buffer => b !== undefined);
  const matched = matchesAny(scheme, decoded, input.body, input.secrets);
  if (matched >= 0) {
    return {
      provider: scheme.provider,
      header: scheme.header,
      verdict: "valid",
      valid: true,
      matchedSecret: matched,
      message: `${scheme.header} matches secret ${matched + 1} of ${input.secrets.length}`,
      diagnoses: [],
    };
  }

  const diagnoses: Diagnosis[] = [];
  const alg = scheme.algorithm.toUpperCase().replace("SHA", "SHA-");
  const rightLength = decoded.filter((b) => b.byteLength === wantBytes);

  if (rightLength.length === 0) {
    // Not a well-formed signature of this scheme: find out what it is instead.
    const asOther = texts.map((t) => decode(t, other(scheme.encoding))).filter((b): b is Buffer => b !== undefined);
    const otherRight = asOther.filter((b) => b.byteLength === wantBytes);
    if (otherRight.length > 0) {
      const matches = matchesAny(scheme, otherRight, input.body, input.secrets) >= 0;
      diagnoses.push({
        code: "wrong-encoding",
        message: `${scheme.header} is ${other(scheme.encoding)} but ${scheme.provider} signatures are ${scheme.encoding}` +
          (matches ? ` (decoded as ${other(scheme.encoding)} it matches: the sender used the wrong encoding)` : ""),
      });
    } else {
      const lengths = [...decoded, ...asOther].map((b) => b.byteLength);
      const algMatch = HMAC_ALGORITHMS.find((a) => a !== scheme.algorithm && lengths.includes(DIGEST_BYTES[a]));
      if (algMatch) {
        const sigs = [...decoded, ...asOther].filter((b) => b.byteLength === DIGEST_BYTES[algMatch]);
        const matches = matchesAny(scheme, sigs, input.body, input.secrets, algMatch) >= 0;
        diagnoses.push({
          code: "wrong-algorithm",
          message: `${scheme.header} is ${DIGEST_BYTES[algMatch]} bytes, the size of HMAC-${algMatch.toUpperCase()}, not ${alg} (${wantBytes} bytes)` +
            (matches ? `; it matches with HMAC-${algMatch.toUpperCase()}` : ""),
        });
      } else if (decoded.length === 0 && asOther.length === 0) {
        diagnoses.push({ code: "malformed-header", message: `${scheme.header} is neither hex nor base64 (${texts.length} value${texts.length === 1 ? "" : "s"} of ${texts.map((t) => t.length).join("/")} characters)` });
      } else {
        const got = (decoded[0] ?? asOther[0])!.byteLength;
        diagnoses.push({
          code: "wrong-length",
          message: `${scheme.header} decodes to ${got} bytes but an HMAC-${alg} is ${wantBytes} bytes: the header looks ${got < wantBytes ? "truncated" : "padded or concatenated"}`,
        });
      }
    }
    return fail(diagnoses);
  }

  for (const variant of bodyVariants(input.body)) {
    const i = matchesAny(scheme, rightLength, variant.body, input.secrets);
    if (i >= 0) diagnoses.push({ code: "body-modified", message: `signature matches ${variant.label}` });
  }
  for (const alt of input.alternateSecrets ?? []) {
    if (matchesAny(scheme, rightLength, input.body, [alt.secret]) >= 0) {
      diagnoses.push({ code: "other-secret", message: `signature matches ${alt.label}, not the secret given for ${scheme.provider}` });
    }
  }
  for (const secret of input.secrets) {
    const variants = [
      ...(secret.trim() !== secret ? [{ label: "the secret without its surrounding whitespace (check the secret file or variable for a trailing newline)", secret: secret.trim() }] : []),
      ...(scheme.secretVariants?.(secret) ?? []),
    ];
    for (const v of variants) {
      if (matchesAny(scheme, rightLength, input.body, [v.secret]) >= 0) diagnoses.push({ code: "secret-format", message: `signature matches ${v.label}` });
    }
  }
  if (diagnoses.length === 0) {
    diagnoses.push({
      code: "mismatch",
      message: `${scheme.header} does not match the body with ${input.secrets.length === 1 ? "the secret given" : `any of the ${input.secrets.length} secrets given`}: wrong secret, or the body changed in a way we could not reconstruct`,
    });
  }
  return fail(diagnoses);
}
