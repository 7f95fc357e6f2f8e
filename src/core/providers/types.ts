/**
 * A provider's profile: everything the tool knows about one sender, in one folder
 * (src/core/providers/<name>/) and one line of the registry (./index.ts). Commands, the webhook
 * handler, facts, fresh sends, retries and validation read these fields instead of switching on
 * provider names.
 *
 * Nothing here loads zod: a provider's schemas are a function of a Kit (src/core/schemas/common.ts)
 * that the validation registry (src/core/schemas/index.ts) builds and passes in, so detection and
 * facts (tail, listen) never pay for zod.
 */
import type { z } from "zod";
import type { HeaderBag } from "../headers.js";
import type { Kit } from "../schemas/common.js";
import type { Scenario } from "../scenarios/kit.js";
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

/** Random bytes (node:crypto's randomBytes in the commands; a fixed source in tests). */
export type RandomBytes = (n: number) => Uint8Array;

type Obj = Record<string, unknown>;

// ── Events ───────────────────────────────────────────────────────────────────────────────────

/** Where a provider's event names and shapes are: detection (no zod) and schemas (given zod). */
export interface EventCatalogue {
  /** The payload field that names the event type: `event`, `event_type`, `Event`, `type`. */
  typeField: string;
  /** The documented event names, in catalogue order (one schema each). */
  names: readonly string[];
  /**
   * The event type when the payload is this provider's event, else undefined. May be "" when the
   * shape is the provider's but the type field is not a string (Events Push). Cheap: runs per event.
   */
  detect(payload: Obj): string | undefined;
  /**
   * How telling `detect` is: "unique" when it keys on a field only this provider sends (Uber
   * `event_type`, Events Push `IMEI`), "shared" when on a common name (`event`, `type`). Unique
   * rules are tried first, then shared ones, each in registry order.
   */
  evidence: "unique" | "shared";
  /** The rule in words, for "not an event of a known provider (looked for …)": Uber `event_type`. */
  rule: string;
  /**
   * The schema builders (./schemas.ts), loaded only by the validation registry
   * (src/core/schemas/index.ts): `() => import("./schemas.js").then((m) => m.schemaSet)`.
   */
  loadSchemas(): Promise<SchemaSet>;
}

/** A provider's schemas, as functions of the Kit that carries zod (the file imports zod's types only). */
export interface SchemaSet {
  /** The zod schema of each name in the catalogue (default loose; `k.strict` reports unknown fields). */
  events(k: Kit): Record<string, z.ZodType>;
  /**
   * When the list of names is indicative (Events Push): another name is validated against this
   * schema with a warning ("not one of the documented <label> events"), a missing name without one.
   */
  otherEvents?: { label: string; schema(k: Kit): z.ZodType };
}

/** One position an event carries, for a map. */
export interface Position {
  lat: number;
  lon: number;
  /** "at": where the vehicle/driver is (was) at the event; "start"/"end": a trip's ends. */
  role: "at" | "start" | "end";
  /** When it was there, ms since the epoch, if the payload says. */
  time?: number;
}

export interface EventFacts {
  /**
   * The provider's own event id, the dedupe key where the provider has one: Uber `event_id`,
   * Automatic `id`, Zubie's top-level `id` (only some events carry it). Undefined otherwise: dedupe
   * then falls back to a hash of the body (or the Standard Webhooks `webhook-id` header).
   */
  id?: string;
  /**
   * When the event happened, in ms since the epoch: Zubie `timestamp`, Uber `event_time` (ms; a
   * value in seconds is accepted too), Events Push `Device_Time`, Automatic `created_at`.
   */
  time?: number;
  /** Who it is about: vehicle nickname and VIN, device IMEI or serial, driver id. */
  who?: string;
  /** One short line: trip distance, duration and fuel cost; speed and location; geofence; trouble code; driver status. */
  summary?: string;
  /** Every position the payload carries (absent when none). */
  positions?: Position[];
}

/** What matters about one event, read from its payload. Pure, never throws, reports less on odd payloads. */
export interface FactsReader {
  /** Only the dedupe key and the event time: cheap (tail --json runs it per event). */
  identity(event: string, payload: Obj): Pick<EventFacts, "id" | "time">;
  /** Everything: id and time as `identity` reads them, who, summary, positions. */
  facts(event: string, payload: Obj): EventFacts;
}

// ── Fresh sends ──────────────────────────────────────────────────────────────────────────────

/** A field of the payload: a dotted path (`webhook_meta.webhook_msg_uuid`). */
export type FieldPath = string;

/**
 * How a payload becomes a fresh event (send, feed, scenarios). Every ISO 8601 timestamp in it is
 * moved by the same amount, keeping its format; these rules say by how much, which numeric times
 * move too, and which ids are renewed.
 */
export interface FreshRules {
  /**
   * The field the event's time is read from, moved to "now" (the first that reads): its own latest
   * time. `iso` strings, or numbers in `ms` or `s`.
   */
  anchor: readonly { path: FieldPath; unit: "iso" | "ms" | "s" }[];
  /** Numeric times (the ISO sweep does not see numbers): moved with the others, or set to the moment of sending. */
  numericTimes?: readonly { path: FieldPath; unit: "ms" | "s"; to: "shift" | "now" }[];
  /**
   * Ids renewed on every send: a random UUID v4, one shaped like the original string (same prefix,
   * length, alphabet), or a positive integer with as many digits as the original number; `sameAs`
   * copies an id renewed before it (a reference, such as Traccar's `event.positionId`).
   */
  ids?: readonly ({ path: FieldPath; make: "uuid" | "like" | "int" } | { path: FieldPath; sameAs: FieldPath })[];
}

// ── The profile ──────────────────────────────────────────────────────────────────────────────

export interface Provider {
  name: string;
  title: string;

  // Signing and verification
  auth: AuthKind;
  /** What the secret is called in the provider's documentation. */
  secretName: string;
  /** `send` refuses to sign without one (HMAC, Standard Webhooks); a bearer token is optional; unsigned needs none. */
  secretRequired: boolean;
  /** Headers whose presence identifies this provider's requests (lower-case). */
  authHeaders: readonly string[];
  /** The header that carries the signature or token, if any. */
  signatureHeader(options?: SchemeOptions): string | undefined;
  /** One line: how requests are authenticated. */
  describe(options?: SchemeOptions): string;
  /** The headers the provider would send with this body, Content-Type included. */
  sign(input: SignInput): Record<string, string>;
  verify(input: VerifyInput): VerifyResult;
  /** A random development secret in the provider's own format; undefined when it signs nothing. */
  devSecret(randomBytes: RandomBytes): string | undefined;
  /**
   * The signature covers a message id and a timestamp (Standard Webhooks): `sign` needs
   * SignInput.id and .timestamp, each delivery gets a new id, a retry is signed again with a fresh
   * timestamp, and the same bytes do not get the same headers twice.
   */
  timestamped: boolean;
  /** The header that carries a per-delivery id (Standard Webhooks `webhook-id`): receivers dedupe on it. */
  deliveryIdHeader?: string;
  /** A new delivery id for that header (`msg_…`). */
  newDeliveryId?(randomBytes: RandomBytes): string;
  /** The header that carries the signed timestamp (`webhook-timestamp`, `X-Samsara-Timestamp`): verify-signature --timestamp sets it. */
  timestampHeader?: string;

  // Events (absent: any JSON, e.g. Standard Webhooks and generic HMAC carry other providers' events).
  // What only some commands need is loaded when they ask (./facts.ts, ./scenario.ts): `sign` and
  // `verify-signature` start in a few milliseconds, and the entry points (src/core/events/facts.ts,
  // src/core/scenarios/index.ts) load every provider's once.
  events?: EventCatalogue;
  /** `() => import("./facts.js").then((m) => m.reader)` */
  loadFacts?(): Promise<FactsReader>;
  /**
   * How its payloads become fresh events. A payload is freshened by its own provider's rules
   * (detected), whoever signs it; these apply to payloads no catalogue recognizes sent as this provider.
   */
  fresh?: FreshRules;
  /** Delays between retries, as the provider documents them; absent: exponential with full jitter. */
  retrySchedule?: readonly number[];
  /** The fixture used in banners and help (`zubie/trip_end`); another provider's means "send it with --provider <name>". */
  exampleFixture: string;
  /** Coherent sequences of this provider's events (send --scenario). */
  loadScenarios?(): Promise<readonly Scenario[]>;

  // Deliveries that are not "POST a JSON body, get the usual acknowledgement"
  /**
   * An acknowledgement computed from the event (Smartcar's VERIFY challenge): what `listen` answers
   * instead of the usual one, with the route's key. Undefined: the usual acknowledgement.
   */
  answer?(event: string, payload: Obj, key: string | undefined): Answer | undefined;
  /**
   * Checks a receiver's answer to an event that needs a computed one (`send` to your app): a
   * problem in one line (e.g. the challenge answered with the wrong key), or undefined when right.
   */
  checkAnswer?(event: string, payload: Obj, answer: { status: number; body: string }, key: string): string | undefined;
  /**
   * Deliveries as a GET whose query string holds the event (Traccar's position forwarding): the
   * payload read from a query, and the query `send --method GET` builds from a payload.
   */
  query?: {
    toPayload(params: URLSearchParams): Obj;
    fromPayload(payload: Obj): URLSearchParams;
    /** The fixture banners and help send by GET (`traccar/position`). */
    exampleFixture: string;
  };
  /** How long the provider waits for an answer before it counts the delivery as failed (ms). */
  answerWithinMs?: number;
}

/** A computed acknowledgement. */
export interface Answer {
  status: number;
  body: string;
  contentType?: string;
}

/** A provider with payloads of its own: an event catalogue (detection, schemas) and facts. */
export type CataloguedProvider = Provider & Required<Pick<Provider, "events" | "loadFacts">>;

/** The signing and verification part of a profile (common/hmac.ts builds one for an HMAC header). */
export type SigningProfile = Pick<Provider, "auth" | "secretName" | "secretRequired" | "authHeaders" | "signatureHeader" | "describe" | "sign" | "verify" | "timestamped">;
