/**
 * Event filters as users type them: "trip_*,vehicle_*" or "trip:*,notification:*". `*` matches any
 * run of characters, `?` one; matching is case-insensitive; a leading `!` excludes.
 */
export function eventFilter(patterns: string | undefined): (name: string | undefined) => boolean {
  const parts = (patterns ?? "").split(",").map((p) => p.trim()).filter(Boolean);
  if (parts.length === 0) return () => true;
  const toRe = (p: string) => new RegExp("^" + p.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".") + "$", "i");
  const include = parts.filter((p) => !p.startsWith("!")).map(toRe);
  const exclude = parts.filter((p) => p.startsWith("!")).map((p) => toRe(p.slice(1)));
  return (name) => {
    const n = name ?? "";
    if (exclude.some((re) => re.test(n))) return false;
    return include.length === 0 || include.some((re) => re.test(n));
  };
}
