import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { packageRoot, uiRoot } from "../../src/io/package-root.js";
import { ROOT } from "../helpers/run-cli.js";

function fakePackage(): string {
  const root = mkdtempSync(join(tmpdir(), "telematics-root-"));
  writeFileSync(join(root, "package.json"), JSON.stringify({ name: "telematics" }));
  // A dependency's own package.json on the way up must not stop the walk.
  mkdirSync(join(root, "node_modules", "dep", "lib"), { recursive: true });
  writeFileSync(join(root, "node_modules", "dep", "package.json"), JSON.stringify({ name: "dep" }));
  mkdirSync(join(root, "src", "ui"), { recursive: true });
  writeFileSync(join(root, "src", "ui", "index.html"), "src");
  return root;
}

describe("packageRoot", () => {
  it("is this repository when running from src/", () => {
    expect(join(packageRoot(), "/")).toBe(join(ROOT, "/"));
  });

  it("walks up past other packages to the one named telematics, from a path or a file URL", () => {
    const root = fakePackage();
    const deep = join(root, "node_modules", "dep", "lib", "x.js");
    expect(packageRoot(deep)).toBe(root);
    expect(packageRoot(pathToFileURL(deep).href)).toBe(root);
  });

  it("throws when no telematics package is above", () => {
    const lone = mkdtempSync(join(tmpdir(), "telematics-none-"));
    expect(() => packageRoot(join(lone, "a.js"))).toThrow(/cannot find the telematics package/);
  });
});

describe("uiRoot", () => {
  it("prefers dist/ui when it holds the page, else src/ui", () => {
    const root = fakePackage();
    expect(uiRoot(root)).toBe(join(root, "src", "ui"));
    mkdirSync(join(root, "dist", "ui"), { recursive: true });
    expect(uiRoot(root)).toBe(join(root, "src", "ui")); // an empty dist/ui is not a page
    writeFileSync(join(root, "dist", "ui", "index.html"), "dist");
    expect(uiRoot(root)).toBe(join(root, "dist", "ui"));
  });
});
