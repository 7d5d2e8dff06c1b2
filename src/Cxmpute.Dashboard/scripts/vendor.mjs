// Copies the browser builds of the npm dependencies into wwwroot/vendor/, the folder Cxmpute.Api embeds.
//
//   npm ci && npm run vendor          refresh the committed copies after changing a version in package.json
//   npm ci && npm run vendor:check    exit 1 when a committed copy differs from node_modules
//
// The .NET build never runs npm: it embeds the committed files, so it needs no network.
import { copyFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const vendor = join(root, "wwwroot", "vendor");
const files = [
  ["node_modules/chart.js/dist/chart.umd.min.js", "chart.umd.min.js"],
  ["node_modules/chart.js/LICENSE.md", "chart.js.LICENSE.md"],
];
const check = process.argv.includes("--check");

let stale = 0;
mkdirSync(vendor, { recursive: true });
for (const [from, to] of files) {
  const source = join(root, from);
  const target = join(vendor, to);
  if (!existsSync(source)) {
    console.error(`missing ${from}: run \`npm ci\` first`);
    process.exit(2);
  }
  if (check) {
    if (!existsSync(target) || !readFileSync(source).equals(readFileSync(target))) {
      console.error(`stale: wwwroot/vendor/${to} differs from ${from}; run \`npm run vendor\``);
      stale++;
    }
  } else {
    copyFileSync(source, target);
    console.log(`wwwroot/vendor/${to} <- ${from}`);
  }
}
process.exit(stale > 0 ? 1 : 0);
