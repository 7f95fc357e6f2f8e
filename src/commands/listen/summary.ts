/** The table `listen` prints on stderr when it stops: per event type, what was received and how. */
import type { Context } from "../../context.js";
import type { TypeStats } from "../../io/listen-service.js";

export async function printSummary(ctx: Context, stats: Map<string, TypeStats>, handled: number, logPath: string | undefined, logLines: number | undefined): Promise<void> {
  const { out } = ctx;
  if (handled === 0) {
    out.info("no requests received");
    return;
  }
  const { renderTable } = await import("../../io/table.js");
  const ms = (v: number | undefined) => (v === undefined ? undefined : `${v < 1 ? v.toFixed(2) : v < 10 ? v.toFixed(1) : Math.round(v)}ms`);
  const rows = [...stats.entries()]
    .sort(([a], [b]) => (a.startsWith("(") === b.startsWith("(") ? a.localeCompare(b) : a.startsWith("(") ? 1 : -1))
    .map(([type, s]) => [type, s.received, s.verified, s.failed, s.duplicates, s.late, ms(s.handling.percentile(50)), ms(s.handling.percentile(99))] as const);
  const sum = (i: 1 | 2 | 3 | 4 | 5) => rows.reduce((n, r) => n + r[i], 0);
  out.info(renderTable(out, ["event", "received", "verified", "failed", "duplicates", "late", "p50", "p99"], [...rows, ["total", sum(1), sum(2), sum(3), sum(4), sum(5), undefined, undefined]]));
  if (logPath) out.info(`${logLines ?? 0} record${logLines === 1 ? "" : "s"} appended to ${logPath}`);
}
