// Prints the raw and gzipped size of every built JS/CSS chunk, and the initial JS of the
// resident pages (the entry chunk plus what index.html preloads), checked against the budget.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const dist = new URL("../dist/", import.meta.url).pathname;
const assets = join(dist, "assets");
const BUDGET_KB = 150;
const kb = (n) => (n / 1024).toFixed(1).padStart(7) + " KB";

const files = readdirSync(assets).filter((f) => /\.(js|css)$/.test(f)).sort();
const gz = new Map();
console.log("\nchunk sizes (raw / gzip):");
for (const f of files) {
  const buf = readFileSync(join(assets, f));
  const g = gzipSync(buf, { level: 9 }).length;
  gz.set(f, g);
  console.log(`  ${f.padEnd(48)} ${kb(buf.length)} ${kb(g)}`);
}
const html = readFileSync(join(dist, "index.html"), "utf8");
const initial = [...html.matchAll(/(?:src|href)="\/assets\/([^"]+\.js)"/g)].map((m) => m[1]);
const total = initial.reduce((sum, f) => sum + (gz.get(f) ?? 0), 0);
console.log(`\ninitial JS of the resident pages (${initial.join(", ")}): ${kb(total)} gzip (budget ${BUDGET_KB} KB)`);
if (total > BUDGET_KB * 1024) {
  console.error("The initial JavaScript is over budget.");
  process.exit(1);
}
