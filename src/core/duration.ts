/**
 * Durations as users type them: "300" (seconds unless a default unit is given), "250ms", "30s",
 * "5m", "2h", "1d", and combinations such as "1m30s". Returns milliseconds, or undefined when the
 * text is not a duration.
 */
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export function parseDuration(text: string, defaultUnit: "ms" | "s" = "s"): number | undefined {
  const t = text.trim().toLowerCase();
  if (t === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t) * UNIT_MS[defaultUnit]!;
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/gy;
  let total = 0;
  let consumed = 0;
  for (let m = re.exec(t); m; m = re.exec(t)) {
    total += Number(m[1]) * UNIT_MS[m[2]!]!;
    consumed = re.lastIndex;
  }
  return consumed === t.length && consumed > 0 ? total : undefined;
}

/** "7m 12s", "1h 5m", "850ms": how we print a span of time to a person. */
export function formatDuration(ms: number): string {
  const sign = ms < 0 ? "-" : "";
  let rest = Math.abs(Math.round(ms));
  if (rest < 1000) return `${sign}${rest}ms`;
  // Under 10 s the tenths matter (a 2.5 s delay is not "3s").
  if (rest < 9_950) return `${sign}${(rest / 1000).toFixed(1).replace(/\.0$/, "")}s`;
  rest = Math.round(rest / 1000);
  const parts: string[] = [];
  for (const [unit, size] of [["d", 86_400], ["h", 3_600], ["m", 60], ["s", 1]] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  return sign + parts.slice(0, 2).join(" ");
}
