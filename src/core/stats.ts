/** Percentiles over recorded samples (nearest-rank), for latency and handling-time summaries. */
export function percentile(sorted: readonly number[], p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

/**
 * Collects samples and answers percentiles. Memory stays bounded: beyond `capacity` samples it keeps
 * a uniform reservoir sample, so a listener that runs for days does not grow.
 */
export class Samples {
  private readonly values: number[] = [];
  private seen = 0;
  max = -Infinity;
  min = Infinity;
  sum = 0;

  constructor(private readonly capacity = 100_000, private readonly random: () => number = Math.random) {}

  add(value: number): void {
    this.seen++;
    this.sum += value;
    if (value > this.max) this.max = value;
    if (value < this.min) this.min = value;
    if (this.values.length < this.capacity) this.values.push(value);
    else {
      const j = Math.floor(this.random() * this.seen);
      if (j < this.capacity) this.values[j] = value;
    }
  }

  get count(): number {
    return this.seen;
  }

  percentile(p: number): number | undefined {
    return percentile([...this.values].sort((a, b) => a - b), p);
  }
}
