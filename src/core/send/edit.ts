/**
 * `--set path=value` and `--unset path` on a parsed payload (pure). Paths are dotted with array
 * indexes: `trip.distance`, `dtcs[0].code`, `car.nickname`. A value is parsed as JSON when it can
 * be (`12.5`, `true`, `null`, `{"a":1}`, `"quoted"`), and taken as a string otherwise (`Van 7`).
 */
import { UsageError } from "../errors.js";

export type PathPart = string | number;

export function parsePath(path: string): PathPart[] {
  const parts: PathPart[] = [];
  const re = /([^.[\]]+)|\[(\d+)\]/g;
  let consumed = 0;
  for (let m = re.exec(path); m; m = re.exec(path)) {
    const between = path.slice(consumed, m.index);
    if (between !== "" && between !== ".") throw new UsageError(`path ${JSON.stringify(path)}: cannot read it near ${JSON.stringify(between)}`);
    parts.push(m[2] !== undefined ? Number(m[2]) : m[1]!);
    consumed = re.lastIndex;
  }
  if (parts.length === 0 || consumed !== path.length) throw new UsageError(`path ${JSON.stringify(path)}: expected names separated by dots, e.g. trip.distance or dtcs[0].code`);
  return parts;
}

export function parseValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Splits `path=value` at the first `=`. */
export function parseAssignment(text: string): { path: PathPart[]; value: unknown } {
  const at = text.indexOf("=");
  if (at <= 0) throw new UsageError(`--set ${JSON.stringify(text)}: expected path=value, e.g. trip.distance=12.5`);
  return { path: parsePath(text.slice(0, at).trim()), value: parseValue(text.slice(at + 1)) };
}

type Container = Record<string, unknown> | unknown[];

const isContainer = (v: unknown): v is Container => typeof v === "object" && v !== null;

/**
 * A field of the payload itself, never one inherited: `__proto__` or `constructor` in a path names
 * a field of that name (JSON may have one), not Object.prototype.
 */
const own = (node: Container, part: PathPart): unknown => (Object.hasOwn(node, part) ? (node as Record<string | number, unknown>)[part] : undefined);

/** Sets an own field, even one named `__proto__` (a plain assignment would change the prototype). */
const put = (node: Container, part: PathPart, value: unknown): void => {
  Object.defineProperty(node, part, { value, writable: true, enumerable: true, configurable: true });
};

/** Sets a value, creating objects (or arrays, before an index) on the way. Mutates `root`. */
export function setPath(root: unknown, path: readonly PathPart[], value: unknown): void {
  if (!isContainer(root)) throw new UsageError("--set: the payload is not a JSON object");
  let node: Container = root;
  path.forEach((part, i) => {
    const last = i === path.length - 1;
    if (Array.isArray(node) !== (typeof part === "number")) {
      throw new UsageError(`--set ${path.join(".")}: ${typeof part === "number" ? `[${part}] indexes a value that is not an array` : `${part} names a field of an array`}`);
    }
    if (last) {
      if (Array.isArray(node)) node[part as number] = value;
      else put(node, part, value);
      return;
    }
    let child = own(node, part);
    if (!isContainer(child)) {
      child = typeof path[i + 1] === "number" ? [] : {};
      if (Array.isArray(node)) node[part as number] = child;
      else put(node, part, child);
    }
    node = child as Container;
  });
}

/** Removes a field or array element; a missing one is an error naming the path. Mutates `root`. */
export function unsetPath(root: unknown, path: readonly PathPart[]): void {
  let node: unknown = root;
  for (let i = 0; i < path.length - 1; i++) {
    node = isContainer(node) ? own(node, path[i]!) : undefined;
  }
  const last = path[path.length - 1]!;
  if (Array.isArray(node) && typeof last === "number" && last < node.length) node.splice(last, 1);
  else if (isContainer(node) && !Array.isArray(node) && typeof last === "string" && Object.hasOwn(node, last)) delete node[last];
  else throw new UsageError(`--unset ${path.join(".")}: the payload has no such field`);
}
