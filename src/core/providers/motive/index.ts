/**
 * Motive (formerly KeepTruckin) company webhooks. Facts and where they come from: Motive's webhook
 * overview (https://developer.gomotive.com/reference/company-webhooks-overview, also at
 * developer-docs.gomotive.com and the older developer.keeptruckin.com):
 *
 * - `X-KT-Webhook-Signature` = the HMAC-SHA1 hex digest of the JSON payload with the webhook's shared
 *   secret; the page's example: body `["fault_code_closed"]`, secret
 *   `d9d36bea41c44ae49d1bfc4a48ba2abe`, header `f04a8386a21a6cba0447024e83b3f0983352bb72`. We verify
 *   the raw bytes (lowercase hex is what Motive sends; upper case decodes too), in constant time.
 *   Beware: the page's `openssl dgst -sha1 -hmac "f04a83…"` line passes the *signature* as the key;
 *   the key is the secret (`-hmac d9d36bea…` prints f04a83…).
 * - "You can respond with 403 if the signature does not match": `listen` answers 401, as it does for
 *   every provider.
 * - The receiver "must accept the connection and respond within 3 seconds or the request will be
 *   assumed to have failed" (the older KeepTruckin page said 5 s to connect, 10 s to answer).
 * - The body is JSON naming its `action` (vehicle_location_updated, fault_code_opened, …), with the
 *   action's attributes. The page lists the actions and their payloads; the search index held only
 *   the overview, so the per-action shapes in ./schemas.ts and the fixtures follow the overview's
 *   conventions (integer ids, `vehicle` {id, number, …}, `driver`/user {id, first_name, last_name},
 *   `lat`/`lon`, ISO 8601 times such as `located_at`, `start_time`) and are loose: unknown fields
 *   are accepted.
 * - No event or delivery id: `id` is the record's (a fault code's opening and closing carry the same
 *   one, every duty-status change the user's), so dedupe falls back to a hash of the body.
 *
 * Retries: the overview says a failed request is assumed failed but, as far as it could be read
 * here, publishes no retry schedule, so `send --retry` uses the generic exponential backoff with full
 * jitter (no retrySchedule), as for Samsara.
 *
 * Folder: this profile (signing, catalogue, fresh-send rules); facts.ts, schemas.ts (zod from the
 * Kit) and scenario.ts are loaded when asked for.
 */
import { hmacSigning } from "../common/hmac.js";
import type { CataloguedProvider } from "../types.js";
import { isObject } from "../../values.js";

export const SIGNATURE_HEADER = "X-KT-Webhook-Signature";

/** The actions with a schema here: the ones fleet integrations subscribe to most. */
export const MOTIVE_ACTIONS = [
  "vehicle_location_updated",
  "engine_toggle_event",
  "user_duty_status_updated",
  "hos_violation_upserted",
  "speeding_event_created",
  "fault_code_opened",
  "fault_code_closed",
  "vehicle_geofence_event",
] as const;
const ACTIONS: ReadonlySet<string> = new Set(MOTIVE_ACTIONS);

/** What Motive's own documents say, added to the shared diagnoses that it explains. */
const NOTES: Record<string, string> = {
  "wrong-algorithm": `; Motive signs ${SIGNATURE_HEADER} with HMAC-SHA1 (40 hex digits), not the HMAC-SHA256 most other providers and webhook libraries default to`,
  "wrong-encoding": `; Motive sends the hex digest (its documents: OpenSSL::HMAC.hexdigest), 40 hex digits, not base64`,
};

// ── Signing ──────────────────────────────────────────────────────────────────────────────────

const signing = hmacSigning({
  name: "motive",
  title: "Motive",
  secretName: "webhook secret",
  header: SIGNATURE_HEADER,
  algorithm: "sha1",
  encoding: "hex",
  // Motive's secrets are 32 hex digits: the key is that text, not the 16 bytes it spells.
  secretVariants: (secret) =>
    /^(?:[0-9a-f]{2})+$/i.test(secret.trim())
      ? [{ label: "the secret hex-decoded into bytes: Motive keys the HMAC with the secret's text as shown (its hex digits), not the bytes they spell", secret: Buffer.from(secret.trim(), "hex").toString("latin1") }]
      : [],
  note: (d) => NOTES[d.code],
});

// ── The profile ──────────────────────────────────────────────────────────────────────────────

/** A vehicle or a person object, as Motive's payloads carry them: an integer `id` with a `number` or a name. */
function motiveShaped(p: Record<string, unknown>): boolean {
  const v = p.vehicle;
  if (isObject(v) && typeof v.id === "number" && "number" in v) return true;
  for (const k of ["driver", "user"] as const) {
    const u = p[k];
    if (isObject(u) && typeof u.id === "number" && "first_name" in u) return true;
  }
  // user_duty_status_updated is the user object itself.
  return typeof p.id === "number" && "duty_status" in p && "first_name" in p;
}

export const motive: CataloguedProvider = {
  name: "motive",
  title: "Motive",
  ...signing,
  /** 32 lowercase hex digits, like the secret in Motive's example. */
  devSecret: (randomBytes) => Buffer.from(randomBytes(16)).toString("hex"),
  events: {
    typeField: "action",
    names: MOTIVE_ACTIONS,
    /**
     * `action`, one of Motive's (other senders use the name too: GitHub's `action` is "opened"…), in
     * a Motive-shaped payload: a `vehicle` with an integer id and a `number`, a driver or user with
     * an integer id and `first_name`, or the user object itself (duty status).
     */
    detect(p) {
      const a = p.action;
      return typeof a === "string" && ACTIONS.has(a) && motiveShaped(p) ? a : undefined;
    },
    evidence: "shared",
    rule: "Motive `action` such as vehicle_location_updated with a `vehicle` or `driver`",
    loadSchemas: () => import("./schemas.js").then((m) => m.schemaSet),
  },
  loadFacts: () => import("./facts.js").then((m) => m.reader),
  fresh: {
    // The action's own latest time; every other time moves with it. Ids are kept: they are the
    // records' (the user's, the fault code's), and the moved times already make a new body, the
    // dedupe key.
    anchor: [
      { path: "located_at", unit: "iso" },
      { path: "last_observed_at", unit: "iso" },
      { path: "end_time", unit: "iso" },
      { path: "start_time", unit: "iso" },
      { path: "updated_at", unit: "iso" },
    ],
  },
  answerWithinMs: 3_000,
  exampleFixture: "motive/vehicle_location_updated",
  loadScenarios: () => import("./scenario.js").then((m) => [m.motiveRun]),
};
