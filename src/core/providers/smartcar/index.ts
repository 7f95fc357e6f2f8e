/**
 * Smartcar webhooks (connected cars). Facts and where they come from:
 *
 * - `SC-Signature` = lowercase hex of HMAC-SHA256(application management token, raw body):
 *   https://smartcar.com/docs/integrations/webhooks/payload-verification and the official SDKs'
 *   helpers (smartcar/node-sdk index.js `hashChallenge` + `verifyPayload`, smartcar/python-sdk
 *   smartcar/smartcar.py `hash_challenge` + `verify_payload`: hmac.new(amt, body, sha256).hexdigest()).
 * - The one-time `VERIFY` event carries a challenge (v4: `data.challenge`; 2.0: `payload.challenge`)
 *   that the receiver answers with 200, `Content-Type: application/json` and
 *   `{"challenge": hex(HMAC-SHA256(token, challenge))}`, within 15 s:
 *   https://smartcar.com/docs/integrations/webhooks/callback-verification.
 * - Every delivery is a POST with SC-Signature; an answer must come within 15 s; failures are
 *   retried 3 times, 25 s, 50 s and 100 s apart; `eventId` stays the same across retries (the dedupe
 *   key) while `meta.deliveryId` and `meta.deliveredAt` change per attempt:
 *   https://smartcar.com/docs/api-reference/webhooks/delivery-behavior.
 * - Payloads (v4): https://smartcar.com/docs/api-reference/webhooks/events/vehicle-state and
 *   .../vehicle-error (see schemas.ts).
 *
 * Beware: the Node SDK's `verifyPayload(amt, signature, body)` hashes `JSON.stringify(body)` of the
 * parsed object, not the bytes received; we verify the raw bytes (as Smartcar's own manual examples
 * do), and say so when a signature only matches the re-serialized body.
 *
 * Folder: this profile (signing, the VERIFY challenge, catalogue, fresh-send rules) in one module,
 * so that the registry stays small; facts.ts, schemas.ts (zod from the Kit) and scenario.ts are
 * loaded when asked for.
 */
import { createHash } from "node:crypto";
import { hmac, type HmacAlgorithm } from "../../signing/hmac.js";
import { hmacSigning } from "../common/hmac.js";
import type { Answer, CataloguedProvider } from "../types.js";
import { isObject, type Obj } from "../../values.js";

export const SMARTCAR_EVENTS = ["VERIFY", "VEHICLE_STATE", "VEHICLE_ERROR"] as const;
const SMARTCAR_SET: ReadonlySet<string> = new Set(SMARTCAR_EVENTS);


// ── Signing ──────────────────────────────────────────────────────────────────────────────────

/** The re-serialized-body diagnosis, with what it means for Smartcar's Node SDK. */
const SDK_NOTE =
  "; Smartcar's Node SDK verifyPayload(amt, signature, body) checks exactly this, JSON.stringify of the parsed body, so it accepts what the raw bytes do not: the bytes were changed between signing and here";

const signing = hmacSigning({
  name: "smartcar",
  title: "Smartcar",
  secretName: "application management token",
  header: "SC-Signature",
  algorithm: "sha256",
  encoding: "hex",
  note: (d) => (d.code === "body-modified" && d.message.includes("JSON.stringify(JSON.parse(body))") ? SDK_NOTE : undefined),
});

// ── The VERIFY challenge ─────────────────────────────────────────────────────────────────────

/** The challenge of a VERIFY event: `data.challenge` (v4) or `payload.challenge` (2.0). */
export function challengeOf(payload: Obj): string | undefined {
  const c = (isObject(payload.data) ? payload.data.challenge : undefined) ?? (isObject(payload.payload) ? payload.payload.challenge : undefined);
  return typeof c === "string" ? c : undefined;
}

const mac = (algorithm: HmacAlgorithm, key: string, message: string) => hmac(algorithm, key, Buffer.from(message, "utf8"));

/** hex(HMAC-SHA256(token, challenge)): what the SDKs' hashChallenge / hash_challenge return. */
export function challengeResponse(token: string, challenge: string): string {
  return mac("sha256", token, challenge).toString("hex");
}

const errorBody = (message: string) => JSON.stringify({ status: "error", message });

/** What `listen` answers to a VERIFY: the challenge's HMAC keyed with the route's token. */
function answer(event: string, payload: Obj, key: string | undefined): Answer | undefined {
  if (event !== "VERIFY") return undefined;
  const challenge = challengeOf(payload);
  if (challenge === undefined) return { status: 400, body: errorBody("a VERIFY event without a challenge (data.challenge, or payload.challenge in 2.0 payloads)"), contentType: "application/json" };
  if (!key) return { status: 500, body: errorBody("no application management token to answer Smartcar's VERIFY challenge with (give --secret)"), contentType: "application/json" };
  return { status: 200, body: JSON.stringify({ challenge: challengeResponse(key, challenge) }), contentType: "application/json" };
}

const sameHex = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** What a wrong answer to the challenge most likely is, in words; undefined when nothing fits. */
function explain(value: string, challenge: string, token: string, payload: Obj): string | undefined {
  const want = mac("sha256", token, challenge);
  const field = isObject(payload.payload) && !isObject(payload.data) ? "payload.challenge" : "data.challenge";
  if (value === challenge) return `echoed the challenge back unchanged: answer its HMAC-SHA256 keyed with the application management token, in hex`;
  if (value === want.toString("base64") || value === want.toString("base64url")) return `the right HMAC-SHA256, but base64-encoded: Smartcar expects it hex-encoded`;
  for (const body of [JSON.stringify(payload), JSON.stringify(payload, null, 2)]) {
    if (sameHex(value, mac("sha256", token, body).toString("hex"))) return `an HMAC of the whole request body instead of the challenge: hash only ${field}`;
  }
  if (sameHex(value, mac("sha256", challenge, token).toString("hex"))) return `key and message swapped: it is HMAC-SHA256 keyed with the challenge over the token; Smartcar expects the token as the key and the challenge as the message`;
  if (sameHex(value, createHash("sha256").update(challenge).digest("hex"))) return `a plain SHA-256 of the challenge, not an HMAC keyed with the application management token`;
  if (sameHex(value, mac("sha256", token, JSON.stringify(challenge)).toString("hex"))) return `the HMAC of the challenge with its JSON quotes: hash the challenge string itself`;
  for (const algorithm of ["sha1", "sha512"] as const) {
    if (sameHex(value, mac(algorithm, token, challenge).toString("hex"))) return `HMAC-${algorithm.toUpperCase()} instead of HMAC-SHA256`;
  }
  return undefined;
}

/**
 * A receiver's answer to a VERIFY, checked (send to your app): a problem in one line, undefined
 * when right. What cannot be known is said so: a 64-hex-digit answer that matches none of the usual
 * mistakes was keyed with another key (the client secret, another application's token), and which
 * one cannot be told from the answer.
 */
function checkAnswer(event: string, payload: Obj, reply: { status: number; body: string }, key: string): string | undefined {
  if (event !== "VERIFY") return undefined;
  const challenge = challengeOf(payload);
  if (challenge === undefined) return undefined;
  const want = challengeResponse(key, challenge);
  const expected = `{"challenge": "${want}"} for the token used to sign`;
  if (reply.status !== 200) return `VERIFY answered ${reply.status}: Smartcar expects 200 with ${expected}`;
  const text = reply.body.trim();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    if (sameHex(text, want)) return `VERIFY answered with the right HMAC as plain text: Smartcar expects a JSON body ${expected}`;
    return `VERIFY answered with a body that is not JSON (${JSON.stringify(text.slice(0, 60))}): Smartcar expects ${expected}`;
  }
  if (!isObject(parsed)) return `VERIFY answered with JSON that is not an object: Smartcar expects ${expected}`;
  const value = parsed.challenge;
  if (value === undefined) {
    const moved = Object.entries(parsed).find(([, v]) => typeof v === "string" && sameHex(v, want));
    if (moved) return `VERIFY answered with the right HMAC under "${moved[0]}": Smartcar reads the "challenge" field`;
    const keys = Object.keys(parsed);
    return `VERIFY answered without a "challenge" field (${keys.length ? `fields: ${keys.slice(0, 6).join(", ")}` : "an empty object"}): Smartcar expects ${expected}`;
  }
  if (typeof value !== "string") return `VERIFY answered "challenge" as ${value === null ? "null" : typeof value}: Smartcar expects the hex string ${want}`;
  if (sameHex(value, want)) return undefined;
  const why = explain(value, challenge, key, payload);
  if (why) return `VERIFY challenge answered wrong: ${why} (expected ${want})`;
  if (/^[0-9a-f]{64}$/i.test(value)) {
    return `VERIFY challenge answered with an HMAC-SHA256 of another key: not keyed with the token used to sign (expected ${want}); the client secret or another application's token instead of this application's management token? Which key it was cannot be told from the answer`;
  }
  return `VERIFY challenge answered with ${value.length} characters that are not hex(HMAC-SHA256(token, challenge)): expected ${want}`;
}

// ── The profile ──────────────────────────────────────────────────────────────────────────────

export const smartcar: CataloguedProvider = {
  name: "smartcar",
  title: "Smartcar",
  ...signing,
  /** The token's format is not documented (the SDK tests use short text): a UUID, like Smartcar's other ids. */
  devSecret(randomBytes) {
    const b = Buffer.from(randomBytes(16));
    b[6] = (b[6]! & 0x0f) | 0x40;
    b[8] = (b[8]! & 0x3f) | 0x80;
    const h = b.toString("hex");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  },
  events: {
    typeField: "eventType",
    names: SMARTCAR_EVENTS,
    /**
     * v4: `eventType` with the delivery `meta` (deliveryId, version) or a Smartcar event name with
     * `data`. 2.0: `eventName` with `version: "2.0"`, `webhookId` and `payload` ("verify" reads as VERIFY).
     */
    detect(p) {
      const t = p.eventType;
      if (typeof t === "string") {
        const meta = p.meta;
        if (isObject(meta) && (typeof meta.deliveryId === "string" || typeof meta.version === "string")) return t;
        return SMARTCAR_SET.has(t) && isObject(p.data) ? t : undefined;
      }
      if (typeof p.eventName === "string" && p.version === "2.0" && "webhookId" in p && isObject(p.payload)) return p.eventName === "verify" ? "VERIFY" : p.eventName;
      return undefined;
    },
    evidence: "unique",
    rule: "Smartcar `eventType` with `meta.deliveryId`",
    loadSchemas: () => import("./schemas.js").then((m) => m.schemaSet),
  },
  loadFacts: () => import("./facts.js").then((m) => m.reader),
  fresh: {
    // deliveredAt (Unix ms) is the latest time in a delivery: a fresh send is delivered now.
    anchor: [
      { path: "meta.deliveredAt", unit: "ms" },
      { path: "meta.deliveredAt", unit: "iso" },
    ],
    numericTimes: [{ path: "meta.deliveredAt", unit: "ms", to: "now" }],
    // A new event each send (eventId), delivered once (deliveryId). A VERIFY keeps its challenge:
    // the answer is computed from whatever it is.
    ids: [
      { path: "eventId", make: "uuid" },
      { path: "meta.deliveryId", make: "uuid" },
    ],
  },
  /** 3 retries, 25 s, 50 s and 100 s after the failed attempt before. */
  retrySchedule: [25_000, 50_000, 100_000],
  answerWithinMs: 15_000,
  answer,
  checkAnswer,
  exampleFixture: "smartcar/vehicle_state",
  loadScenarios: () => import("./scenario.js").then((m) => [m.smartcarDrive]),
};
