/**
 * Retry and reconnect delays. One implementation for `send --retry` and `tail`'s reconnects:
 * exponential backoff with full jitter (delay = random(0, min(cap, base * 2^attempt))), or a fixed
 * schedule such as a provider's documented retry intervals.
 */
export interface BackoffOptions {
  /** First delay ceiling in ms. */
  baseMs: number;
  /** Largest delay in ms. */
  capMs: number;
  /** Full jitter (default true): a uniform delay between 0 and the ceiling. */
  jitter?: boolean;
}

/** Delay before retry number `attempt` (0 = first retry). `random` returns [0, 1). */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number = Math.random): number {
  const ceiling = Math.min(options.capMs, options.baseMs * 2 ** Math.max(0, attempt));
  return options.jitter === false ? ceiling : Math.floor(random() * ceiling);
}

/** A doubling schedule: first, first*2, ... `count` delays (e.g. Uber: 30 s doubling, 7 retries). */
export function doublingSchedule(firstMs: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => firstMs * 2 ** i);
}
