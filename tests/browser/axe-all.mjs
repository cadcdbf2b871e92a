// axe on every page of a built site, in every language: the WCAG 2.0, 2.1 and 2.2 A and AA rules
// (tests/browser/axe.mjs), at 1280 px, on every HTML file of the output but the redirects of
// aliases. site.mjs checks each page type more closely at two widths; this one leaves no page out.
//
//   node tests/browser/axe-all.mjs OUTPUT_DIR
//
// Exit codes: 0 all passed, 1 a check failed, 2 usage or setup error, 3 Chromium is missing.

import { readdir, readFile } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { axeSource, runAxe } from "./axe.mjs";
import { startChecks } from "./serve.mjs";

const { dir, origin, browser, report, done } = await startChecks("axe-all.mjs");
const axe = await axeSource();

/** Every HTML file under `folder`, as site addresses (`/sv/guidance/`), sorted. */
async function addresses(folder) {
  const found = [];
  for (const entry of await readdir(folder, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith(".html")) continue;
    const file = join(entry.parentPath ?? entry.path, entry.name);
    // An alias's redirect is a page with no content but a link to where the page went.
    const html = await readFile(file, "utf8");
    if (/<meta http-equiv="refresh"/i.test(html)) continue;
    const rel = relative(folder, file).split(sep).join("/");
    found.push("/" + rel.replace(/(^|\/)index\.html$/, "$1"));
  }
  return found.sort();
}

const pages = await addresses(dir);
const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
const page = await context.newPage();
const problems = [];
for (const address of pages) {
  await page.goto(`${origin}${address}`, { waitUntil: "load" });
  for (const v of await runAxe(page, axe)) {
    problems.push(`${address}: ${v.id} (${v.impact}): ${v.help}; ${v.nodes.slice(0, 3).map((n) => n.target).join(", ")}`);
  }
}
await context.close();
report(`axe (WCAG 2.2 A/AA) on all ${pages.length} pages`, problems);
await done();
