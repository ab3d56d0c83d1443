// Peer for bench/pages/run.sh: Readability.js (npm @mozilla/readability)
// on jsdom, as Firefox's reader view runs it.
//
// usage: node peer_readability_js.mjs PAGES_DIR OUT.json
//
// Writes {NAME: {"articleBody": TEXT}} as score_pages.py reads it, and prints
// pages, CPU seconds and pages per second per core (parse + extraction, not
// reading or gunzip) to stderr. Modules are resolved from NODE_PATH (the
// bench script installs them in its cache).
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { createRequire } from "node:module";

const require = createRequire(path.join(process.env.WARTA_NODE_PREFIX || ".", "node_modules", "x.js"));
const { JSDOM, VirtualConsole } = require("jsdom");
const { Readability } = require("@mozilla/readability");

const [pagesDir, outPath] = process.argv.slice(2);
const names = fs.readdirSync(pagesDir).sort();
const out = {};
let cpu = 0;
const quiet = new VirtualConsole();
for (const name of names) {
  const html = zlib.gunzipSync(fs.readFileSync(path.join(pagesDir, name)));
  const t0 = process.cpuUsage();
  let text = "";
  try {
    const dom = new JSDOM(html, { virtualConsole: quiet });
    const article = new Readability(dom.window.document).parse();
    text = article && article.textContent ? article.textContent : "";
    dom.window.close();
  } catch (e) {
    process.stderr.write(`readability.js: ${name}: ${e.message}\n`);
  }
  const d = process.cpuUsage(t0);
  cpu += (d.user + d.system) / 1e6;
  out[name.endsWith(".gz") ? name.slice(0, -3) : name] = { articleBody: text };
}
fs.writeFileSync(outPath, JSON.stringify(out));
process.stderr.write(
  `readability.js: ${names.length} pages, ${cpu.toFixed(3)} s CPU, ` +
    `${(cpu ? names.length / cpu : 0).toFixed(1)} pages/s per core\n`);
