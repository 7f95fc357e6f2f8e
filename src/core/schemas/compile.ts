/**
 * Compiles a zod schema into a plain JavaScript predicate (valid or not), the way ajv compiles a
 * JSON Schema: one straight-line function per schema, no allocation on the happy path. The zod
 * schema stays the single source of truth — this only reads its definition — and it still produces
 * the messages: validateEvent runs zod only when the predicate says "invalid".
 *
 * Anything this compiler does not understand (a format without a pattern such as url, an unknown
 * node type, a refinement without a registered predicate) is delegated to zod for that subtree, so
 * the predicate never accepts what zod rejects. A differential test checks that they agree.
 */
import type { z } from "zod";
import { PREDICATES } from "./common.js";

type Def = Record<string, unknown> & { type: string; checks?: { _zod: { def: Record<string, unknown> } }[] };
type Node = z.ZodType;

export type Predicate = (value: unknown) => boolean;

interface Ctx {
  /** Values the generated code refers to: regexes, sets, zod nodes, predicates. */
  refs: unknown[];
  counter: number;
}

const defOf = (node: Node): Def => (node as unknown as { _zod: { def: Def } })._zod.def;

function ref(ctx: Ctx, value: unknown): string {
  let i = ctx.refs.indexOf(value);
  if (i < 0) i = ctx.refs.push(value) - 1;
  return `R[${i}]`;
}

function fresh(ctx: Ctx): string {
  return `v${ctx.counter++}`;
}

/** Delegates one subtree to zod. */
function viaZod(node: Node, v: string, ctx: Ctx): string {
  return `if (!${ref(ctx, node)}.safeParse(${v}).success) return false;\n`;
}

/** Checks attached to a node (min/max, formats, refinements); "" when all are handled inline. */
function checks(node: Node, def: Def, v: string, ctx: Ctx): string | undefined {
  let code = "";
  for (const check of def.checks ?? []) {
    const c = check._zod.def;
    switch (c.check) {
      case "min_length":
        code += `if (${v}.length < ${Number(c.minimum)}) return false;\n`;
        break;
      case "max_length":
        code += `if (${v}.length > ${Number(c.maximum)}) return false;\n`;
        break;
      case "length_equals":
        code += `if (${v}.length !== ${Number(c.length)}) return false;\n`;
        break;
      case "greater_than":
        code += `if (!(${v} ${c.inclusive ? ">=" : ">"} ${Number(c.value)})) return false;\n`;
        break;
      case "less_than":
        code += `if (!(${v} ${c.inclusive ? "<=" : "<"} ${Number(c.value)})) return false;\n`;
        break;
      case "number_format":
        if (c.format === "safeint") code += `if (!Number.isSafeInteger(${v})) return false;\n`;
        else return undefined;
        break;
      case "string_format":
        if (c.pattern instanceof RegExp && !c.pattern.global && !c.pattern.sticky) code += `if (!${ref(ctx, c.pattern)}.test(${v})) return false;\n`;
        else return undefined;
        break;
      case "custom": {
        const test = PREDICATES.get(check);
        if (!test) return undefined;
        code += `if (!${ref(ctx, test)}(${v})) return false;\n`;
        break;
      }
      default:
        return undefined;
    }
  }
  return code;
}

function gen(node: Node, v: string, ctx: Ctx): string {
  const def = defOf(node);
  switch (def.type) {
    case "string": {
      let code = `if (typeof ${v} !== "string") return false;\n`;
      if (def.format !== undefined) {
        const pattern = def.pattern;
        if (!(pattern instanceof RegExp) || pattern.global || pattern.sticky) return viaZod(node, v, ctx);
        code += `if (!${ref(ctx, pattern)}.test(${v})) return false;\n`;
      }
      const more = checks(node, def, v, ctx);
      return more === undefined ? viaZod(node, v, ctx) : code + more;
    }
    case "number": {
      const more = checks(node, def, v, ctx);
      if (more === undefined) return viaZod(node, v, ctx);
      return `if (typeof ${v} !== "number" || !Number.isFinite(${v})) return false;\n` + more;
    }
    case "boolean":
      return def.checks?.length ? viaZod(node, v, ctx) : `if (typeof ${v} !== "boolean") return false;\n`;
    case "null":
      return `if (${v} !== null) return false;\n`;
    case "literal": {
      const values = def.values as unknown[];
      if (!values.every((x) => x === null || ["string", "number", "boolean"].includes(typeof x))) return viaZod(node, v, ctx);
      return `if (!(${values.map((x) => `${v} === ${JSON.stringify(x)}`).join(" || ")})) return false;\n`;
    }
    case "enum": {
      const values = new Set(Object.values(def.entries as Record<string, unknown>));
      return `if (!${ref(ctx, values)}.has(${v})) return false;\n`;
    }
    case "nullable":
      return `if (${v} !== null) {\n${gen(def.innerType as Node, v, ctx)}}\n`;
    case "optional":
      return `if (${v} !== undefined) {\n${gen(def.innerType as Node, v, ctx)}}\n`;
    case "array": {
      const item = fresh(ctx);
      const i = fresh(ctx);
      const more = checks(node, def, v, ctx);
      if (more === undefined) return viaZod(node, v, ctx);
      return `if (!Array.isArray(${v})) return false;\n${more}for (let ${i} = 0; ${i} < ${v}.length; ${i}++) {\nconst ${item} = ${v}[${i}];\n${gen(def.element as Node, item, ctx)}}\n`;
    }
    case "object": {
      const catchall = def.catchall as Node | undefined;
      if (catchall && defOf(catchall).type !== "unknown") return viaZod(node, v, ctx);
      let code = `if (typeof ${v} !== "object" || ${v} === null || Array.isArray(${v})) return false;\n`;
      for (const [key, child] of Object.entries(def.shape as Record<string, Node>)) {
        const c = fresh(ctx);
        const optional = defOf(child).type === "optional";
        code += `{\nconst ${c} = ${v}[${JSON.stringify(key)}];\n`;
        if (!optional) code += `if (${c} === undefined) return false;\n`;
        code += gen(child, c, ctx) + "}\n";
      }
      const more = checks(node, def, v, ctx);
      return more === undefined ? viaZod(node, v, ctx) : code + more;
    }
    case "union": {
      const fns = (def.options as Node[]).map((option) => ref(ctx, compile(option)));
      return `if (!(${fns.map((f) => `${f}(${v})`).join(" || ")})) return false;\n`;
    }
    default:
      return viaZod(node, v, ctx);
  }
}

/** A predicate with exactly the verdict of `schema.safeParse(value).success`. */
export function compile(schema: Node): Predicate {
  const ctx: Ctx = { refs: [], counter: 0 };
  const body = gen(schema, "value", ctx) + "return true;\n";
  const factory = new Function("R", `return function valid(value) {\n${body}};`) as (refs: unknown[]) => Predicate;
  return factory(ctx.refs);
}
