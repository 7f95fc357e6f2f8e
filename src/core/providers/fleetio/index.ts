/**
 * Fleetio (fleet maintenance platform) webhooks. Facts and where they come from:
 *
 * - `X-Fleetio-Webhook-Signature` = lowercase hex of HMAC-SHA256(the webhook's secret key, raw HTTP
 *   body): https://developer.fleetio.com/docs/guides/webhooks/receiving-a-webhook-event-payload
 *   ("computes the HMAC SHA-256 digest with the message body … compare it with the
 *   X-Fleetio-Webhook-Signature HTTP header"; Ruby: OpenSSL::HMAC.hexdigest('sha256', shared_key,
 *   body)). The key is shown by "View Secret Key" in the webhook's menu.
 * - Fleetio can also pass a configured `Authorization` value through as the Authorization header:
 *   that value is not the signing key (https://developer.fleetio.com/docs/overview/webhooks).
 * - Every body is `{id, event, timestamp, triggered_by, payload}`: `timestamp` is ISO 8601 in the
 *   account's time zone (Central Time when none is set), `triggered_by` the User who caused it or
 *   null for background jobs (older examples show the user's email), `payload` the record that
 *   fired it (https://developer.fleetio.com/docs/overview/webhooks, .../webhook-event-reference).
 * - Delivery: asynchronous, possibly late or out of order, update events coalesced for a while.
 *   Fleetio publishes no retry schedule and no answer deadline, so `send --retry` uses the generic
 *   exponential backoff with full jitter (no retrySchedule) and there is no answerWithinMs.
 *
 * Folder: this profile (signing, catalogue, fresh-send rules) in one module; facts.ts, schemas.ts
 * (zod from the Kit) and scenario.ts are loaded when asked for.
 */
import { getHeader } from "../../headers.js";
import type { VerifyResult } from "../../signing/types.js";
import { hmacSigning } from "../common/hmac.js";
import { randomText } from "../common/random.js";
import type { CataloguedProvider, VerifyInput } from "../types.js";
import { isObject } from "../../values.js";

export const SIGNATURE_HEADER = "X-Fleetio-Webhook-Signature";

/**
 * The events with a schema here. dtc_alert_created, issue_*, fuel_entry_* are named in Fleetio's
 * Webhook Event Reference and in the Create Webhook request body (API 2023-03-01); vehicle_* and
 * work_order_* follow the same reference (vehicle_updated is the overview's own example). Fleetio
 * has many more (contact_*, part_*, purchase_order_*, …): those are validated by the envelope,
 * with a warning.
 */
export const FLEETIO_EVENTS = [
  "vehicle_created",
  "vehicle_updated",
  "dtc_alert_created",
  "issue_created",
  "issue_updated",
  "issue_resolved",
  "issue_closed",
  "work_order_created",
  "work_order_updated",
  "work_order_completed",
  "fuel_entry_created",
  "fuel_entry_updated",
] as const;

/**
 * The record kinds of Fleetio's event reference (the event is `<kind>_<action>`), for detection:
 * an `event` that starts with none of them is not taken as Fleetio's.
 */
export const FLEETIO_PREFIXES = [
  "contact_",
  "dtc_alert_",
  "equipment_",
  "expense_entry_",
  "fault_",
  "fuel_entry_",
  "import_",
  "issue_",
  "location_entry_",
  "meter_entry_",
  "part_",
  "place_",
  "purchase_order_",
  "service_entry_",
  "submitted_inspection_form_",
  "vehicle_",
  "work_order_",
] as const;

export function hasFleetioPrefix(event: string): boolean {
  return FLEETIO_PREFIXES.some((p) => event.startsWith(p) && event.length > p.length);
}

const signing = hmacSigning({
  name: "fleetio",
  title: "Fleetio",
  secretName: "webhook secret key",
  header: SIGNATURE_HEADER,
  algorithm: "sha256",
  encoding: "hex",
});

/** The Authorization value Fleetio passes through, with any scheme word ("Bearer", "Token") removed. */
function authorizationValues(input: VerifyInput): string[] {
  const a = getHeader(input.headers, "authorization")?.trim();
  if (!a) return [];
  const bare = a.replace(/^(bearer|token|basic)\s+/i, "");
  return bare === a ? [a] : [a, bare];
}

/**
 * Fleetio's own mistake on top of the shared diagnoses: verifying with the Authorization value
 * Fleetio passes through (configured on the same webhook) instead of its secret key.
 */
function withAuthorizationNote(input: VerifyInput, r: VerifyResult): VerifyResult {
  if (r.valid || r.reason === "missing-header" || r.reason === "missing-key") return r;
  const auth = authorizationValues(input);
  if (!input.secrets.some((s) => auth.includes(s.trim()))) return r;
  const note = {
    code: "secret-format" as const,
    message: `the secret given is the webhook's Authorization value (sent as the Authorization header), not its secret key: Fleetio signs ${SIGNATURE_HEADER} with the key shown by "View Secret Key"`,
  };
  const diagnoses = [note, ...r.diagnoses.filter((d) => d.code !== "mismatch")];
  return { ...r, diagnoses, reason: note.code, message: note.message };
}

export const fleetio: CataloguedProvider = {
  name: "fleetio",
  title: "Fleetio",
  ...signing,
  verify: (input) => withAuthorizationNote(input, signing.verify(input)),
  /** The key's format is not documented: 32 letters and digits. */
  devSecret: (randomBytes) => randomText(randomBytes, 32),
  events: {
    typeField: "event",
    names: FLEETIO_EVENTS,
    /** `event` of a Fleetio record kind (`issue_created`) with `triggered_by` (maybe null) and the record in `payload`. */
    detect(p) {
      const event = p.event;
      return typeof event === "string" && "triggered_by" in p && isObject(p.payload) && hasFleetioPrefix(event) ? event : undefined;
    },
    evidence: "unique",
    rule: "Fleetio `event` with `triggered_by` and `payload`",
    loadSchemas: () => import("./schemas.js").then((m) => m.schemaSet),
  },
  loadFacts: () => import("./facts.js").then((m) => m.reader),
  // `timestamp` is the event's; the record's times move with it. Each send is a new delivery id
  // (an integer, like Fleetio's); the record keeps its id (a record has many events).
  fresh: { anchor: [{ path: "timestamp", unit: "iso" }], ids: [{ path: "id", make: "int" }] },
  exampleFixture: "fleetio/issue_created",
  loadScenarios: () => import("./scenario.js").then((m) => [m.fleetioRepair]),
};
