/**
 * Reading values out of a payload for facts (pure; nothing here throws, whatever the payload): a
 * missing or malformed value reads as undefined, so an odd payload simply yields less.
 */
import type { Position } from "../types.js";
import { isObject, type Obj } from "../../values.js";

export type { Obj } from "../../values.js";

export function obj(v: unknown): Obj | undefined {
  return isObject(v) ? v : undefined;
}

/** A non-blank string, or a finite number as text. */
export function str(v: unknown): string | undefined {
  if (typeof v === "string") return v.trim() === "" ? undefined : v;
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  return undefined;
}

export function num(v: unknown): number | undefined {
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
}

/** Trims long free text (addresses, descriptions) for a one-line summary. */
export function clip(text: string, max = 60): string {
  const t = text.replace(/\s+/g, " ").trim();
  return t.length > max ? t.slice(0, max - 1) + "…" : t;
}

export function fixed(n: number, digits = 1): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(digits);
}

/** "lat,lon" rounded to 5 decimals, when both are numbers. */
export function coords(lat: unknown, lon: unknown): string | undefined {
  const a = num(lat);
  const b = num(lon);
  if (a === undefined || b === undefined) return undefined;
  return `${Math.round(a * 1e5) / 1e5},${Math.round(b * 1e5) / 1e5}`;
}

export function money(amount: number, currency = "USD"): string {
  const symbol = currency.toUpperCase() === "USD" ? "$" : "";
  return symbol ? `${symbol}${amount.toFixed(2)}` : `${amount.toFixed(2)} ${currency}`;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/**
 * Collects an event's positions for a map: only real coordinates (numbers in range), each place
 * once per role (a vehicle's location that repeats the event's point is not a second marker).
 */
export class Positions {
  private readonly list: Position[] = [];

  add(lat: unknown, lon: unknown, role: Position["role"], time?: number): this {
    const a = num(lat);
    const b = num(lon);
    if (a === undefined || b === undefined || Math.abs(a) > 90 || Math.abs(b) > 180) return this;
    const same = this.list.find((p) => p.role === role && p.lat === a && p.lon === b);
    if (same) {
      if (same.time === undefined && time !== undefined) same.time = time;
      return this;
    }
    this.list.push(time === undefined ? { lat: a, lon: b, role } : { lat: a, lon: b, role, time });
    return this;
  }

  /** "lat,lng" text (Events Push `Coordinates`). */
  addText(text: unknown, role: Position["role"], time?: number): this {
    if (typeof text !== "string") return this;
    const m = /^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$/.exec(text);
    return m ? this.add(Number(m[1]), Number(m[2]), role, time) : this;
  }

  get(): Position[] | undefined {
    return this.list.length ? this.list : undefined;
  }
}

/** The facts object with only the fields that have a value. */
export function facts(id: string | undefined, time: number | undefined, who: string | undefined, summary: string | undefined, positions?: Position[]) {
  const out: { id?: string; time?: number; who?: string; summary?: string; positions?: Position[] } = {};
  if (id) out.id = id;
  if (time !== undefined) out.time = time;
  if (who) out.who = who;
  if (summary) out.summary = summary;
  if (positions?.length) out.positions = positions;
  return out;
}

/** id and time only, with only the fields that have a value. */
export function identity(id: string | undefined, time: number | undefined): { id?: string; time?: number } {
  const out: { id?: string; time?: number } = {};
  if (id) out.id = id;
  if (time !== undefined) out.time = time;
  return out;
}
