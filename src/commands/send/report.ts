/** How `send` reports: one line (or NDJSON record) per event, a progress line, a summary table. */
import type { Output } from "../../io/output.js";
import type { RunSummary, SendResult, Tally } from "../../io/send-runner.js";

/** One event's result: every one with --json; otherwise only failures when sending many. */
export function reportResult(out: Output, url: URL, r: SendResult, single: boolean): void {
  if (out.json) {
    out.record({ index: r.index, event: r.label, ...(r.eventId && { event_id: r.eventId }), url: url.toString(), status: r.status ?? null, ...(r.error && { error: r.error }), latency_ms: Math.round(r.latencyMs * 10) / 10, attempts: r.attempts, delivered: r.delivered, ...(r.bodyStart !== undefined && { response: r.bodyStart }) });
    return;
  }
  if (!single && r.delivered) return;
  const c = out.chalk;
  const verdict = r.delivered ? c.green("delivered") : c.red("not delivered");
  const status = r.status !== undefined ? String(r.status) : c.red(r.error ?? "failed");
  const problem = r.status !== undefined && r.error ? `: ${c.red(r.error)}` : "";
  out.data(`${status}  ${Math.round(r.latencyMs)}ms  ${r.label}${r.eventId ? ` ${r.eventId}` : ""}  ${verdict}${problem}${r.attempts > 1 ? ` after ${r.attempts} attempts` : ""}${r.bodyStart ? `  ${c.dim(r.bodyStart.replace(/\s+/g, " ").slice(0, 80))}` : ""}`);
}

/** "sent 120/20000 · 2xx 118 · 4xx 0 · 5xx 2 · network 0". */
export function progressLine(tally: Tally, count: number): string {
  return `sent ${tally.sent}${Number.isFinite(count) ? `/${count}` : ""} · 2xx ${tally.ok}${tally.c3 ? ` · 3xx ${tally.c3}` : ""} · 4xx ${tally.c4} · 5xx ${tally.c5} · network ${tally.network}`;
}

export async function printSummary(out: Output, run: RunSummary): Promise<void> {
  const { renderTable } = await import("../../io/table.js");
  const { tally, latencies } = run;
  const ms = (v: number | undefined) => (v === undefined ? "-" : `${Math.round(v)}ms`);
  // A 3xx column only when there were redirects: most runs never see one.
  const redirects = tally.c3 > 0;
  out.info(
    renderTable(out, ["requests", "2xx", ...(redirects ? ["3xx"] : []), "4xx", "5xx", "network errors", "p50", "p90", "p99", "max", "req/s"], [
      [tally.sent, tally.ok, ...(redirects ? [tally.c3] : []), tally.c4, tally.c5, tally.network, ms(latencies.percentile(50)), ms(latencies.percentile(90)), ms(latencies.percentile(99)), ms(latencies.count ? latencies.max : undefined), Math.round(tally.sent / Math.max(run.elapsedMs / 1000, 1e-3))],
    ]),
  );
}
