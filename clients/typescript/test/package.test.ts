import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url)); // clients/typescript (tests run from dist-test/test)

describe("the npm package", () => {
  it("packs its ESM build with .d.ts types and depends at runtime on the generator's fetch client only", () => {
    const packed = JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: root, encoding: "utf8" })) as Array<{
      files: Array<{ path: string }>;
    }>;
    const files = packed[0]!.files.map((f) => f.path);
    for (const file of ["dist/index.js", "dist/index.d.ts", "dist/schema.d.ts", "dist/publisher.d.ts", "README.md", "package.json"]) {
      assert.ok(files.includes(file), `${file} is not in the package: ${files.join(", ")}`);
    }
    assert.ok(!files.some((f) => f.startsWith("test/") || f.startsWith("dist-test/") || f.startsWith("node_modules/")));

    const manifest = JSON.parse(readFileSync(`${root}package.json`, "utf8")) as { type: string; dependencies: Record<string, string> };
    assert.equal(manifest.type, "module");
    assert.deepEqual(Object.keys(manifest.dependencies), ["openapi-fetch"]);
  });
});
