/**
 * JSON with comments, as tsconfig.json allows: `// line` and `/* block *\/` comments and trailing
 * commas. They are replaced by spaces (newlines kept), so the text keeps its length and every value
 * keeps its line and column: JSON.parse reads the result, and json-locate points into the original.
 */
export function stripJsonComments(text: string): string {
  let out = "";
  let i = 0;
  const n = text.length;
  /** Offset in `out` of the last comma outside a string, while only blanks follow it. */
  let comma = -1;
  while (i < n) {
    const c = text[i]!;
    if (c === '"') {
      let j = i + 1;
      while (j < n && text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
      comma = -1;
      continue;
    }
    if (c === "/" && text[i + 1] === "/") {
      let j = i;
      while (j < n && text[j] !== "\n") j++;
      out += " ".repeat(j - i);
      i = j;
      continue;
    }
    if (c === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      const j = end < 0 ? n : end + 2;
      out += text.slice(i, j).replace(/[^\n]/g, " ");
      i = j;
      continue;
    }
    if ((c === "}" || c === "]") && comma >= 0) {
      // A trailing comma: blank it.
      out = out.slice(0, comma) + " " + out.slice(comma + 1);
    }
    if (c === ",") comma = out.length;
    else if (!/\s/.test(c)) comma = -1;
    out += c;
    i++;
  }
  return out;
}
