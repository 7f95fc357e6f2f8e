/**
 * The one event renderer, shared by `listen` (an HTTP request) and `tail` (a websocket frame): one
 * readable block per event.
 *
 *   14:03:07.412  zubie trip_end  ✔ verified  HO787189 (VIN 5FNRL38249B044393)  → 200
 *     14.4 mi in 35m 35s · fuel $2.54 · top 52.8 mph · 0 hard brakes, 0 rapid accels
 *     ! late by 6h 3m (event time 2019-09-27T17:35:35.000Z)
 *     ! duplicate of the delivery received at 2026-11-24T14:03:01.200Z (event 6f0d8726-…)
 *
 * Line 1: receipt time (local), provider and event type, the signature verdict, who the event is
 * about, the HTTP status answered. Line 2: what matters for this event (src/core/events/facts.ts).
 * Then errors (why a request was refused), warnings (lateness, duplicates, schema problems,
 * signature diagnosis) and notes (forwarding), one per line; `verbose` adds the pretty-printed body.
 *
 * The input is a plain EventView that both an HTTP request and a websocket frame can fill; every
 * field but `receivedAt` and `warnings` is optional.
 */
import type { ChalkInstance } from "chalk";
import type { EventView } from "../core/events/view.js";
import type { Output } from "./output.js";

export type { EventView } from "../core/events/view.js";
export { lateWarning, futureWarning, duplicateWarning } from "../core/events/view.js";

export interface RenderOptions {
  verbose?: boolean;
}

const MAX_RAW = 2_000;

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** HH:MM:SS.mmm in local time. */
export function clockTime(ms: number): string {
  const d = new Date(ms);
  const milli = d.getMilliseconds();
  return `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}.${milli < 10 ? "00" : milli < 100 ? "0" : ""}${milli}`;
}

function verdictText(view: EventView, c: ChalkInstance): string | undefined {
  switch (view.verdict) {
    case "valid":
      return c.green("✔ verified");
    case "invalid":
      return c.red.bold("✖ bad signature");
    case "unsigned":
      return c.dim("unsigned");
    case "skipped":
      return c.yellow("not verified");
    default:
      return undefined;
  }
}

function statusText(status: number, c: ChalkInstance): string {
  const text = `→ ${status}`;
  return status >= 200 && status < 300 ? c.green(text) : status >= 500 ? c.red(text) : c.yellow(text);
}

function indent(text: string, prefix: string): string {
  return text
    .split("\n")
    .map((l) => prefix + l)
    .join("\n");
}

/** The body pretty-printed; a body nested too deeply for JSON.stringify's recursion is said to be. */
function pretty(body: unknown): string {
  try {
    return JSON.stringify(body, null, 2) ?? String(body);
  } catch (e) {
    return `(the body cannot be pretty-printed: ${(e as Error).message})`;
  }
}

/** The block of one event, lines joined with "\n" (no trailing newline). */
export function formatEvent(view: EventView, c: ChalkInstance, options: RenderOptions = {}): string {
  const head: string[] = [c.dim(clockTime(view.receivedAt))];
  const what = view.event ?? (view.method ? `${view.method} ${view.path ?? ""}`.trim() : "(unknown event)");
  head.push(view.provider ? `${c.cyan(view.provider)} ${c.bold(what)}` : c.bold(what));
  const verdict = verdictText(view, c);
  if (verdict) head.push(verdict);
  if (view.who) head.push(view.who);
  if (view.id) head.push(c.dim(`id ${view.id}`));
  if (view.status !== undefined) head.push(statusText(view.status, c));
  const lines = [head.join("  ")];
  if (view.summary) lines.push(`  ${view.summary}`);
  for (const e of view.errors ?? []) lines.push(c.red(`  ✖ ${e}`));
  for (const w of view.warnings) lines.push(c.yellow(`  ! ${w}`));
  for (const n of view.notes ?? []) lines.push(c.dim(`  → ${n}`));
  if (options.verbose) {
    if (view.body !== undefined) lines.push(indent(pretty(view.body), "    "));
    else if (view.rawBody !== undefined && view.rawBody !== "") {
      const raw = view.rawBody.length > MAX_RAW ? `${view.rawBody.slice(0, MAX_RAW)}… (${view.rawBody.length - MAX_RAW} more characters)` : view.rawBody;
      lines.push(indent(raw, "    "));
    }
  }
  return lines.join("\n");
}

/** Prints one event block on stdout (events are the data of listen and tail). */
export function renderEvent(out: Output, view: EventView, options: RenderOptions = {}): void {
  out.data(formatEvent(view, out.chalk, options));
}
