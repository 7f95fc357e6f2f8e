/**
 * Where this package is installed: the folder whose package.json is named "telematics", found by
 * walking up from this module. The same answer whether the code runs from `src/` (tests through
 * vitest), from `dist/`, or from a bundle placed elsewhere in the package.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const NAME = "telematics";
let cached: string | undefined;

/** The package's root folder, from `from` (default: this module) upwards. Throws when there is none. */
export function packageRoot(from: string = import.meta.url): string {
  if (from === import.meta.url && cached !== undefined) return cached;
  let dir = dirname(from.startsWith("file:") ? fileURLToPath(from) : from);
  for (;;) {
    const file = join(dir, "package.json");
    if (existsSync(file)) {
      try {
        if ((JSON.parse(readFileSync(file, "utf8")) as { name?: unknown }).name === NAME) {
          if (from === import.meta.url) cached = dir;
          return dir;
        }
      } catch {
        // not JSON: keep looking upwards
      }
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the ${NAME} package folder above ${from}`);
    dir = parent;
  }
}

/** The inspector page's folder: `dist/ui` in a built package, else `src/ui`. */
export function uiRoot(root: string = packageRoot()): string {
  const built = join(root, "dist", "ui");
  return existsSync(join(built, "index.html")) ? built : join(root, "src", "ui");
}
