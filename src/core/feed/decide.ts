/**
 * `tail`'s decision for one feed event, as a pure function (like the webhook handler is for
 * listen): which event it is, whether it is shown (--events), whether it repeats one already seen
 * (dedupe on the provider's id, else the body), whether it is late, and the record and view of it.
 */
import { hash } from "node:crypto";
import { eventFacts, eventIdentity, type EventFacts } from "../events/facts.js";
import { feedRecordLine, oneLineJson } from "../events/record.js";
import { duplicateWarning, lateWarning, type EventView } from "../events/view.js";
import { isoFormatter } from "../iso-time.js";
import { detectEvent, type EventRef } from "../schemas/detect.js";
import { RecentDeliveries } from "../webhook/recent.js";

export interface FeedSettings {
  /** --events. */
  wanted: (type: string) => boolean;
  lateAfterMs: number;
  /** Only the id, time and record line are needed (--json): the who/summary text and the view are for people. */
  identityOnly: boolean;
  /** Keep the payload in the view (--verbose). */
  verbose: boolean;
}

/** What tail remembers between events. */
export class FeedState {
  readonly recent = new RecentDeliveries(50_000);
  // Receipt times and event times each keep their own memory of the last second formatted.
  readonly receiptIso = isoFormatter();
  readonly eventIso = isoFormatter();
  constructor(readonly settings: FeedSettings) {}
}

export type FeedDecision =
  | { kind: "filtered" }
  | { kind: "duplicate"; type: string; message: string }
  | { kind: "event"; type: string; ref?: EventRef; facts: EventFacts; late: boolean; line: string; body: string; view?: EventView };

/**
 * One event: `name` is the Socket.IO event name (or the payload's `type`), `text` the payload's JSON
 * as received when the frame held exactly one event.
 */
export function decideFeedEvent(name: string | undefined, payload: unknown, text: string | undefined, receivedAt: number, state: FeedState): FeedDecision {
  const { settings } = state;
  const ref = detectEvent(payload);
  const type = name ?? ref?.event ?? "(unknown)";
  if (!settings.wanted(type)) return { kind: "filtered" };
  const facts: EventFacts = settings.identityOnly ? eventIdentity(ref, payload) : eventFacts(ref, payload);
  // A Socket.IO event without arguments has no payload: it is recorded as null.
  const body = oneLineJson(text, payload ?? null);
  const key = facts.id ?? "sha256:" + hash("sha256", body, "hex");
  const earlier = state.recent.seen(key, state.receiptIso(receivedAt));
  if (earlier !== undefined) return { kind: "duplicate", type, message: `${type} dropped: ${duplicateWarning(earlier, facts.id ? { id: facts.id } : { hash: true })}` };
  const lateBy = facts.time !== undefined ? receivedAt - facts.time : undefined;
  const late = lateBy !== undefined && lateBy > settings.lateAfterMs;
  const line = feedRecordLine(state.receiptIso(receivedAt), body, ref?.provider, type, facts.id, facts.time !== undefined ? state.eventIso(facts.time) : undefined, late ? lateBy : undefined);
  if (settings.identityOnly) return { kind: "event", type, ref, facts, late, line, body };
  const view: EventView = {
    receivedAt,
    source: "feed",
    ...(ref && { provider: ref.provider }),
    event: type,
    ...(facts.who && { who: facts.who }),
    ...(facts.summary && { summary: facts.summary }),
    ...(facts.id && { id: facts.id }),
    warnings: late ? [lateWarning(lateBy!, facts.time!)] : [],
    ...(settings.verbose && { body: payload }),
  };
  return { kind: "event", type, ref, facts, late, line, body, view };
}
