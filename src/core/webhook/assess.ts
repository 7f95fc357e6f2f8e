/**
 * What an authenticated event is: its type and schema, its facts (id, time, who, summary), whether
 * it repeats an earlier delivery, and whether it arrived late. Each adds to the record and the view.
 */
import type { EventRecord } from "../events/record.js";
import { eventFacts } from "../events/facts.js";
import { duplicateWarning, futureWarning, lateWarning, type EventView } from "../events/view.js";
import { getHeader, type HeaderBag } from "../headers.js";
import { isoTime } from "../iso-time.js";
import { getProvider, type ProviderName } from "../providers/index.js";
import { detectEvent, formatPath, validateEvent, type EventRef, type Issue } from "../schemas/index.js";
import { sha256, type Tally, type WebhookState } from "./types.js";
import { isObject } from "../values.js";

export interface Assessed {
  /** Schema errors, as "$.path: message" lines. */
  schemaErrors: string[];
  dedupeKey: string;
}

function issueText(issue: Issue): string {
  return `${formatPath(issue.path)}: ${issue.message}`;
}

export interface AssessInput {
  payload: unknown;
  body: Uint8Array;
  headers: HeaderBag;
  receivedAt: number;
  providerName: ProviderName | undefined;
  /** The event detected while identifying the sender, if any. */
  ref: EventRef | undefined;
  lateAfterMs: number;
}

export function assess(input: AssessInput, record: EventRecord, view: EventView, tally: Tally, state: WebhookState): Assessed {
  const { payload, providerName } = input;
  view.body = payload;
  const ref = input.ref ?? detectEvent(payload);
  const provider = providerName ? getProvider(providerName) : undefined;
  const schemaProvider = provider?.events ? providerName : undefined;
  if (ref && schemaProvider && ref.provider !== schemaProvider) {
    view.warnings.push(`the payload looks like a ${ref.provider} event (${ref.event}), but the request came as ${schemaProvider}`);
  }

  // ── Event type and schema ──
  let eventType = ref?.event;
  if (eventType === undefined && isObject(payload) && typeof payload.type === "string") eventType = payload.type; // Standard Webhooks convention
  if (eventType !== undefined) {
    record.event = eventType;
    view.event = eventType;
  }
  tally.type = eventType ?? "(other)";
  let schemaErrors: string[] = [];
  if (ref || schemaProvider) {
    const validation = validateEvent(payload, ref ? { schema: ref } : {});
    schemaErrors = validation.errors.map(issueText);
    const warnings = validation.warnings.map(issueText);
    record.validation = { valid: validation.valid, errors: schemaErrors, warnings };
    if (!validation.valid || warnings.length > 0) {
      const shown = schemaErrors.slice(0, 5).map((e) => `schema: ${e}`);
      if (schemaErrors.length > 5) shown.push(`schema: … and ${schemaErrors.length - 5} more problems`);
      view.warnings.push(...shown, ...warnings.map((w) => `schema: ${w}`));
    }
  }

  // ── Facts: id, time, who, summary ──
  const facts = eventFacts(ref, payload);
  if (facts.id) {
    record.event_id = facts.id;
    view.id = facts.id;
  }
  if (facts.time !== undefined) record.event_time = isoTime(facts.time);
  if (facts.who) view.who = facts.who;
  if (facts.summary) view.summary = facts.summary;

  // ── Duplicate ──
  const webhookId = provider?.deliveryIdHeader ? getHeader(input.headers, provider.deliveryIdHeader)?.trim() : undefined;
  const dedupeKey = facts.id ? `${providerName ?? "?"}:id:${facts.id}` : webhookId ? `webhook-id:${webhookId}` : `sha256:${sha256(input.body)}`;
  const first = state.recent.get(dedupeKey);
  if (first !== undefined) {
    record.duplicate_of = first;
    tally.duplicate = true;
    view.warnings.push(duplicateWarning(first, { ...(facts.id && { id: facts.id }), ...(webhookId && { webhookId }) }));
  }

  // ── Lateness ──
  if (facts.time !== undefined) {
    const lateBy = input.receivedAt - facts.time;
    if (lateBy > input.lateAfterMs) {
      record.late_by_ms = lateBy;
      tally.late = true;
      view.warnings.push(lateWarning(lateBy, facts.time));
    } else if (-lateBy > input.lateAfterMs) {
      view.warnings.push(futureWarning(-lateBy, facts.time));
    }
  }
  return { schemaErrors, dedupeKey };
}
