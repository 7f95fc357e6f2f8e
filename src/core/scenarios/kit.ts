/**
 * What a scenario is, and the helpers the provider folders build theirs with (pure; no registry
 * here, so that a provider's scenario file can use it without an import cycle).
 */
import { UsageError } from "../errors.js";

export interface ScenarioStep {
  provider: string;
  event: string;
  payload: Record<string, unknown>;
  /** When this event happens after the first one, ms (already divided by the speed). */
  atMs: number;
}

export interface ScenarioOptions {
  /** Time of the first event, ms since the epoch. */
  start: number;
  random: () => number;
  /**
   * How many times faster than real time the scenario runs (default 1). Every time in it shrinks
   * alike: the gaps between events and the spans inside them (a trip's start and end, its
   * duration), so the events agree with each other and with when they are sent.
   */
  speed?: number;
}

export interface Scenario {
  name: string;
  provider: string;
  description: string;
  /** Fixture ids the scenario is made from. */
  fixtures: readonly string[];
  build(templates: Readonly<Record<string, unknown>>, options: ScenarioOptions): ScenarioStep[];
}

export type Obj = Record<string, unknown>;
export const MIN = 60_000;

/** The scenario's clock: epoch ms of a real-time offset from the first event, at the given speed. */
export function clockOf({ start, speed = 1 }: ScenarioOptions): { at: (offsetMs: number) => number; after: (offsetMs: number) => number } {
  return { at: (offset) => Math.round(start + offset / speed), after: (offset) => offset / speed };
}

/** A copy of the fixture `id` from the templates the caller loaded. */
export function template(templates: Readonly<Record<string, unknown>>, id: string): Obj {
  const t = templates[id];
  if (!t || typeof t !== "object") throw new UsageError(`scenario needs the fixture ${id}`);
  return structuredClone(t as Obj);
}

/** Points along a route (linear between waypoints), `n` of them, first and last included. */
export function alongRoute(route: readonly [number, number][], n: number): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < n; i++) {
    const f = n === 1 ? 0 : (i / (n - 1)) * (route.length - 1);
    const a = route[Math.floor(f)]!;
    const b = route[Math.min(route.length - 1, Math.floor(f) + 1)]!;
    const t = f - Math.floor(f);
    out.push([+(a[0] + (b[0] - a[0]) * t).toFixed(6), +(a[1] + (b[1] - a[1]) * t).toFixed(6)]);
  }
  return out;
}

/** Great-circle distance in metres. */
export function metres(a: [number, number], b: [number, number]): number {
  const rad = Math.PI / 180;
  const dLat = (b[0] - a[0]) * rad;
  const dLon = (b[1] - a[1]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[0] * rad) * Math.cos(b[0] * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.sqrt(h));
}
