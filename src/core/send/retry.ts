/**
 * When `send --retry` tries again (pure policy). Network errors, 5xx and 429 are retried; other
 * 4xx are not (the request itself is wrong). Delays follow the provider's documented schedule
 * (its profile's retrySchedule: Uber 30 s, then doubling, 7 retries; Standard Webhooks 5 s, 5 m,
 * 30 m, 2 h, 5 h, 10 h, 10 h after the immediate first attempt); others exponential with full
 * jitter. A Retry-After header on 429/503 takes precedence. `--retry-schedule 1s,2s,4s` replaces the schedule.
 */
import { backoffDelay } from "../backoff.js";
import { getProvider } from "../providers/index.js";

export type Outcome = { kind: "response"; status: number; retryAfter?: string } | { kind: "network"; message: string };

export function retryable(outcome: Outcome): boolean {
  if (outcome.kind === "network") return true;
  return outcome.status >= 500 || outcome.status === 429 || outcome.status === 408;
}

export function delivered(outcome: Outcome): boolean {
  return outcome.kind === "response" && outcome.status >= 200 && outcome.status < 300;
}

/** The provider's documented retry delays (its profile's retrySchedule); undefined: exponential with full jitter. */
export function providerSchedule(provider: string): number[] | undefined {
  const schedule = getProvider(provider)?.retrySchedule;
  return schedule ? [...schedule] : undefined;
}

/** Seconds or an HTTP date, in ms from `now`; undefined when unreadable. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export interface RetryPolicy {
  /** Fixed delays (a provider's or --retry-schedule); undefined: exponential full jitter. */
  schedule?: readonly number[];
  /** Retries when there is no fixed schedule. */
  maxRetries: number;
  baseMs: number;
  capMs: number;
}

export function policyFor(provider: string, override?: readonly number[]): RetryPolicy {
  const schedule = override ?? providerSchedule(provider);
  return { ...(schedule && { schedule }), maxRetries: schedule?.length ?? 5, baseMs: 1_000, capMs: 60_000 };
}

/** Delay before retry number `retry` (0-based) after `outcome`, or undefined to give up. */
export function nextDelay(policy: RetryPolicy, retry: number, outcome: Outcome, now: number, random: () => number = Math.random): number | undefined {
  if (!retryable(outcome) || retry >= policy.maxRetries) return undefined;
  const after = outcome.kind === "response" && (outcome.status === 429 || outcome.status === 503) ? parseRetryAfter(outcome.retryAfter, now) : undefined;
  if (after !== undefined) return after;
  return policy.schedule ? policy.schedule[retry] : backoffDelay(retry, { baseMs: policy.baseMs, capMs: policy.capMs }, random);
}
