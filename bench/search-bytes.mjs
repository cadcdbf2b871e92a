// Bytes a reader downloads for a search, for Soteria's index and for Pagefind's on the same built
// site, measured in headless Chromium (Debian's chromium, playwright-core from tests/browser).
//
//   node bench/search-bytes.mjs OUTPUT_DIR "one-word query" "a three word query" …
//
// Soteria: opens /search/?q=… and waits for the first results (20 shown); Pagefind (when
// OUTPUT_DIR/pagefind exists, made by `npx pagefind --site OUTPUT_DIR`): a probe page loads
// pagefind.js, searches, and loads the data of the first 20 results. Counted: every response
// after the page's own HTML and stylesheets, i.e. the search client and the index files.
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

async function measure(url, ready) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const pending = [];
  page.on("response", (response) => {
    const type = response.request().resourceType();
    if (type === "document" || type === "stylesheet" || type === "image" || type === "font") return;
    pending.push(response.body().then((b) => b.length, () => 0));
  });
  await page.goto(url);
  await ready(page);
  await page.waitForLoadState("networkidle");
  const sizes = await Promise.all(pending);
  await context.close();
  return { bytes: sizes.reduce((a, b) => a + b, 0), files: sizes.length };
}

const hasPagefind = await stat(join(root, "pagefind")).then(() => true, () => false);
if (hasPagefind) {
  await writeFile(
    join(root, "pagefind-probe.html"),
    `<!doctype html><meta charset="utf-8"><script type="module">
const pagefind = await import("/pagefind/pagefind.js");
const q = new URLSearchParams(location.search).get("q");
const search = await pagefind.search(q);
await Promise.all(search.results.slice(0, 20).map((r) => r.data()));
document.body.dataset.done = String(search.results.length);
</script><body></body>`,
  );
}
for (const q of queries) {
  const ours = await measure(`${origin}/search/?q=${encodeURIComponent(q)}`, (page) =>
    page.waitForFunction(() => document.querySelector("[aria-live]")?.textContent.trim().length > 0, null, { timeout: 15000 }),
  );
  let line = `"${q}": Soteria ${(ours.bytes / 1024).toFixed(1)} KB in ${ours.files} files`;
  if (hasPagefind) {
    const theirs = await measure(`${origin}/pagefind-probe.html?q=${encodeURIComponent(q)}`, (page) =>
      page.waitForFunction(() => document.body.dataset.done !== undefined, null, { timeout: 15000 }),
    );
    line += `; Pagefind ${(theirs.bytes / 1024).toFixed(1)} KB in ${theirs.files} files`;
  }
  console.log(line);
}
await browser.close();
server.close();
