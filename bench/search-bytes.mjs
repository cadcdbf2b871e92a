// What a reader downloads and waits for in a search, for Soteria's index and for Pagefind's on the
// same built site, measured in headless Chromium (Debian's chromium, playwright-core from
// tests/browser).
//
//   node bench/search-bytes.mjs OUTPUT_DIR "one-word query" "a three word query" …
//
// Soteria: opens /search/?q=… and waits for the first results (10 shown, with their excerpts);
// Pagefind (when OUTPUT_DIR/pagefind exists, made by `npx pagefind --site OUTPUT_DIR`): a probe
// page loads pagefind.js, searches, and loads the data (excerpts) of the first 10 results.
// Counted: every response after the page's own HTML and stylesheets, i.e. the search client and
// the index files, as the bytes that crossed the wire (compressed files as they are sent).
// Then each is timed on a slow mobile network, as Chromium emulates it (400 ms round trip,
// 400 kbit/s down and up): from opening the page to the first results shown, median of RUNS
// (env, default 3) runs alternating the two, each in a fresh browser context (no cache).
import { createServer } from "node:http";
import { readFile, writeFile, stat } from "node:fs/promises";
import { extname, join, normalize } from "node:path";
import { createRequire } from "node:module";

const require = createRequire(new URL("../tests/browser/package.json", import.meta.url));
const { chromium } = require("playwright-core");

const [root, ...queries] = process.argv.slice(2);
const types = { ".html": "text/html", ".js": "text/javascript", ".json": "application/json", ".css": "text/css", ".wasm": "application/wasm", ".svg": "image/svg+xml" };
const server = createServer(async (req, res) => {
  let path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname));
  if (path.endsWith("/")) path += "index.html";
  try {
    const body = await readFile(join(root, path));
    res.writeHead(200, { "content-type": types[extname(path)] || "application/octet-stream" });
    res.end(body);
  } catch {
    res.writeHead(404);
    res.end();
  }
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
});

async function measure(url, ready, slow = false) {
  const context = await browser.newContext();
  const page = await context.newPage();
  if (slow) {
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false,
      latency: 400,
      downloadThroughput: 50000,
      uploadThroughput: 50000,
    });
  }
  const pending = [];
  let index = 0; // of which the index's files (not scripts): Soteria's search/LANG/, Pagefind's
  page.on("response", (response) => {
    const type = response.request().resourceType();
    if (type === "document" || type === "stylesheet" || type === "image" || type === "font") return;
    if (/\/search\/[^/]+\/[^/]+\.gz$|\/pagefind\/.+\.(pf_\w+|json)$/.test(new URL(response.url()).pathname)) index++;
    pending.push(response.body().then((b) => b.length, () => 0));
  });
  const start = Date.now();
  await page.goto(url, { timeout: 120000 });
  await ready(page);
  const ms = Date.now() - start;
  await page.waitForLoadState("networkidle");
  const sizes = await Promise.all(pending);
  await context.close();
  return { bytes: sizes.reduce((a, b) => a + b, 0), files: sizes.length, index, ms };
}
const RUNS = Number(process.env.RUNS || 3);
const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const hasPagefind = await stat(join(root, "pagefind")).then(() => true, () => false);
if (hasPagefind) {
  await writeFile(
    join(root, "pagefind-probe.html"),
    `<!doctype html><meta charset="utf-8"><script type="module">
const pagefind = await import("/pagefind/pagefind.js");
const q = new URLSearchParams(location.search).get("q");
const search = await pagefind.search(q);
await Promise.all(search.results.slice(0, 10).map((r) => r.data()));
document.body.dataset.done = String(search.results.length);
</script><body></body>`,
  );
}
const oursUrl = (q) => `${origin}/search/?q=${encodeURIComponent(q)}`;
const oursReady = (page) =>
  page.waitForFunction(() => document.querySelector(".search-result .search-result__title a"), null, { timeout: 120000 });
const theirsUrl = (q) => `${origin}/pagefind-probe.html?q=${encodeURIComponent(q)}`;
const theirsReady = (page) =>
  page.waitForFunction(() => document.body.dataset.done !== undefined, null, { timeout: 120000 });
for (const q of queries) {
  const ours = await measure(oursUrl(q), oursReady);
  let line = `"${q}": Soteria ${(ours.bytes / 1024).toFixed(1)} KB in ${ours.files} files (${ours.index} of the index)`;
  let theirs = null;
  if (hasPagefind) {
    theirs = await measure(theirsUrl(q), theirsReady);
    line += `; Pagefind ${(theirs.bytes / 1024).toFixed(1)} KB in ${theirs.files} files (${theirs.index} of the index)`;
  }
  const times = { ours: [], theirs: [] };
  for (let run = 0; run < RUNS; run++) {
    times.ours.push((await measure(oursUrl(q), oursReady, true)).ms);
    if (theirs) times.theirs.push((await measure(theirsUrl(q), theirsReady, true)).ms);
  }
  line += `; slow network, first results: Soteria ${(median(times.ours) / 1000).toFixed(2)} s`;
  if (theirs) {
    const ratio = median(times.ours) / median(times.theirs);
    line += `, Pagefind ${(median(times.theirs) / 1000).toFixed(2)} s (${ratio.toFixed(2)}x)`;
  }
  console.log(line);
}
await browser.close();
server.close();
