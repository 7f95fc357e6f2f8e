/**
 * Small, dependency-free checks for flag values shared by commands. The fast commands (sign,
 * verify-signature) use these instead of zod to keep their cold start low; the rest use zod too.
 * The flags that choose a provider and a signing scheme are in scheme-options.ts, so that commands
 * without them (tail, feed) do not load every provider at start-up.
 */
import { UsageError } from "../core/errors.js";
import { parseHeaderLine } from "../core/headers.js";

export function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`${flag} ${value}: expected one of ${allowed.join(", ")}`);
  return value as T;
}

/** --header "Name: value" lines into a header object (later values of a name win). */
export function headerFlags(lines: readonly string[] | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of lines ?? []) {
    const parsed = parseHeaderLine(line);
    if (!parsed) throw new UsageError(`--header ${JSON.stringify(line.length > 60 ? line.slice(0, 60) + "…" : line)}: expected "Name: value"`);
    headers[parsed[0]] = parsed[1];
  }
  return headers;
}

export function integer(flag: string, value: string | undefined, min = 0): number | undefined {
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value.trim()) || Number(value) < min) throw new UsageError(`${flag} ${value}: expected an integer${min > 0 ? ` of at least ${min}` : min === 0 ? " of 0 or more" : ""}`);
  return Number(value);
}
