/**
 * The inspector's memory: the last N event records (default 10,000), each with an increasing id
 * and what the page shows about it, derived once when it is added: provider, event type, verdict,
 * who and summary (the facts line), flags and positions. Filters, the summary and live
 * subscriptions work on it. No I/O here.
 */
import type { EventRecord } from "../../core/events/record.js";
import { eventFacts } from "../../core/events/facts.js";
import { eventFilter } from "../../core/glob.js";
import { detectEvent } from "../../core/schemas/detect.js";
import type { Position } from "../../core/providers/index.js";

export type { Position } from "../../core/providers/index.js";

/** Kept in memory beside a record, never sent to the page. */
export interface EntryExtras {
  /**
   * The headers as received, credentials included, so that a replay sends what the provider sent
   * (the record's headers are redacted). Without them a replay sends the record's headers less the
   * redacted ones.
   */
  headers?: Record<string, string | readonly string[] | undefined>;
  /** A feed record's body text exactly as received (readEventLog's `bodyText`). */
  bodyText?: string;
}

export interface Flags {
  duplicate: boolean;
  late: boolean;
  /** Schema errors (warnings are counted apart). */
  schema_errors: number;
  schema_warnings: number;
  forwarded: boolean;
  /** The request was refused or could not be read (listen's `error`). */
  error: boolean;
}

/** One line of the list. */
export interface Row {
  id: number;
  received_at: string;
  source: EventRecord["source"];
  provider?: string;
  event?: string;
  event_id?: string;
  verdict?: NonNullable<EventRecord["verification"]>["verdict"];
  who?: string;
  summary?: string;
  status?: number;
  method?: string;
  path?: string;
  handling_ms?: number;
  flags: Flags;
  positions: Position[];
}

export interface Entry {
  id: number;
  record: EventRecord;
  row: Row;
  /** The body as text exactly as received (undefined for a body that is not UTF-8). */
  text?: string;
  /** The body parsed as JSON, when it is. */
  payload?: unknown;
  extras?: EntryExtras;
}

/** What the list, the summary, the map and the export can be narrowed to (all optional). */
export interface Filter {
  /** Provider names, comma-separated. */
  provider?: string;
  /** Event-type patterns, as --events takes them: "trip_*,!vehicle_*". */
  event?: string;
  /** Verdicts, comma-separated: valid, invalid, unsigned, skipped, none. */
  verdict?: string;
  /** Statuses, comma-separated: 200, 401, 2xx, 4xx, none. */
  status?: string;
  /** Free text, case-insensitive, over the body (and the who/summary line and event id). */
  q?: string;
}

export interface Summary {
  total: number;
  /** Entries per event type, most first. */
  types: { event: string; count: number }[];
  verified: number;
  /** Bad signature or token. */
  failed: number;
  /** Answered 4xx/5xx, or not answered. */
  refused: number;
  duplicates: number;
  late: number;
  /** Handling time percentiles, ms (undefined without any timed entry). */
  p50?: number;
  p99?: number;
}

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

function bodyOf(record: EventRecord, extras: EntryExtras | undefined): { text?: string; payload?: unknown } {
  if (record.body_encoding === "json") {
    const text = extras?.bodyText ?? (JSON.stringify(record.body) ?? "null");
    return { text, payload: record.body };
  }
  let text: string | undefined;
  if (record.body_encoding === "base64") {
    try {
      text = utf8.decode(Buffer.from(String(record.body), "base64"));
    } catch {
      return {};
    }
  } else text = String(record.body ?? "");
  try {
    return { text, payload: JSON.parse(text) as unknown };
  } catch {
    return { text };
  }
}

/** The page's view of one record. */
export function deriveRow(id: number, record: EventRecord, payload: unknown): Row {
  const ref = payload === undefined ? undefined : detectEvent(payload);
  let facts: ReturnType<typeof eventFacts> = {};
  try {
    facts = eventFacts(ref, payload);
  } catch {
    // facts never throw by design; a row must exist whatever the payload
  }
  const provider = record.provider ?? ref?.provider;
  const event = record.event ?? ref?.event;
  const row: Row = {
    id,
    received_at: record.received_at,
    source: record.source,
    flags: {
      duplicate: record.duplicate_of !== undefined,
      late: record.late_by_ms !== undefined,
      schema_errors: record.validation?.errors.length ?? 0,
      schema_warnings: record.validation?.warnings.length ?? 0,
      forwarded: record.forward !== undefined,
      error: record.error !== undefined,
    },
    positions: facts.positions ?? [],
  };
  if (provider !== undefined) row.provider = provider;
  if (event !== undefined && event !== "") row.event = event;
  const eventId = record.event_id ?? facts.id;
  if (eventId !== undefined) row.event_id = eventId;
  if (record.verification) row.verdict = record.verification.verdict;
  if (facts.who) row.who = facts.who;
  if (facts.summary) row.summary = facts.summary;
  if (record.status !== undefined) row.status = record.status;
  if (record.method !== undefined) row.method = record.method;
  if (record.path !== undefined) row.path = record.path;
  if (record.handling_ms !== undefined) row.handling_ms = record.handling_ms;
  return row;
}

function list(text: string | undefined): string[] {
  return (text ?? "").split(",").map((s) => s.trim().toLowerCase()).filter(Boolean);
}

/** A predicate for a filter; every part given must hold. */
export function matcher(filter: Filter): (entry: Entry) => boolean {
  const tests: ((e: Entry) => boolean)[] = [];
  const providers = list(filter.provider);
  if (providers.length) tests.push((e) => providers.includes((e.row.provider ?? "none").toLowerCase()));
  if (filter.event?.trim()) {
    const f = eventFilter(filter.event);
    tests.push((e) => f(e.row.event));
  }
  const verdicts = list(filter.verdict);
  if (verdicts.length) tests.push((e) => verdicts.includes(e.row.verdict ?? "none"));
  const statuses = list(filter.status);
  if (statuses.length) {
    tests.push((e) => {
      const s = e.row.status;
      return statuses.some((want) => (s === undefined ? want === "none" : want === String(s) || (/^[1-5]xx$/.test(want) && Math.floor(s / 100) === Number(want[0]))));
    });
  }
  const q = filter.q?.trim();
  if (q) {
    const re = new RegExp(q.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "i");
    tests.push((e) => (e.text !== undefined && re.test(e.text)) || (e.row.summary !== undefined && re.test(e.row.summary)) || (e.row.who !== undefined && re.test(e.row.who)) || (e.row.event_id !== undefined && re.test(e.row.event_id)));
  }
  if (tests.length === 0) return () => true;
  return (e) => tests.every((t) => t(e));
}

function percentile(sorted: readonly number[], p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export function summarize(entries: Iterable<Entry>): Summary {
  const types = new Map<string, number>();
  const times: number[] = [];
  const s: Summary = { total: 0, types: [], verified: 0, failed: 0, refused: 0, duplicates: 0, late: 0 };
  for (const { row } of entries) {
    s.total++;
    const type = row.event ?? (row.method ? `${row.method} ${row.path ?? ""}`.trim() : "(unknown)");
    types.set(type, (types.get(type) ?? 0) + 1);
    if (row.verdict === "valid") s.verified++;
    if (row.verdict === "invalid") s.failed++;
    if (row.source === "webhook" && (row.status === undefined || row.status >= 400)) s.refused++;
    if (row.flags.duplicate) s.duplicates++;
    if (row.flags.late) s.late++;
    if (row.handling_ms !== undefined) times.push(row.handling_ms);
  }
  s.types = [...types.entries()].map(([event, count]) => ({ event, count })).sort((a, b) => b.count - a.count || a.event.localeCompare(b.event));
  times.sort((a, b) => a - b);
  const p50 = percentile(times, 50);
  const p99 = percentile(times, 99);
  if (p50 !== undefined) s.p50 = p50;
  if (p99 !== undefined) s.p99 = p99;
  return s;
}

/** The last `capacity` entries, oldest evicted first. Ids start at 1 and never repeat. */
export class InspectorStore {
  private readonly buf: (Entry | undefined)[];
  private start = 0;
  private count = 0;
  private nextId = 1;
  private readonly listeners = new Set<(entry: Entry) => void>();

  constructor(readonly capacity = 10_000) {
    if (!(capacity >= 1)) throw new Error(`the inspector's history must hold at least 1 entry (got ${capacity})`);
    this.buf = new Array<Entry | undefined>(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** The id the next entry will get. */
  get lastId(): number {
    return this.nextId - 1;
  }

  /** Adds a record (newest); tells the subscribers. */
  add(record: EventRecord, extras?: EntryExtras): Entry {
    const id = this.nextId++;
    const { text, payload } = bodyOf(record, extras);
    const entry: Entry = { id, record, row: deriveRow(id, record, payload) };
    if (text !== undefined) entry.text = text;
    if (payload !== undefined) entry.payload = payload;
    if (extras && (extras.headers || extras.bodyText !== undefined)) entry.extras = extras;
    if (this.count < this.capacity) {
      this.buf[(this.start + this.count) % this.capacity] = entry;
      this.count++;
    } else {
      this.buf[this.start] = entry;
      this.start = (this.start + 1) % this.capacity;
    }
    for (const l of this.listeners) {
      try {
        l(entry);
      } catch {
        // one subscriber's failure is not the store's
      }
    }
    return entry;
  }

  get(id: number): Entry | undefined {
    const oldest = this.nextId - this.count;
    if (!Number.isInteger(id) || id < oldest || id >= this.nextId) return undefined;
    return this.buf[(this.start + (id - oldest)) % this.capacity];
  }

  /** Newest first; ids below `before` only, when given. */
  *newest(before?: number): Generator<Entry> {
    for (let i = this.count - 1; i >= 0; i--) {
      const e = this.buf[(this.start + i) % this.capacity]!;
      if (before !== undefined && e.id >= before) continue;
      yield e;
    }
  }

  /** Oldest first; ids above `after` only, when given. */
  *oldest(after?: number): Generator<Entry> {
    const oldestId = this.nextId - this.count;
    const skip = after === undefined ? 0 : Math.max(0, Math.min(this.count, after - oldestId + 1));
    for (let i = skip; i < this.count; i++) yield this.buf[(this.start + i) % this.capacity]!;
  }

  /** Calls `listener` with each entry added from now on; returns the unsubscribe function. */
  subscribe(listener: (entry: Entry) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
