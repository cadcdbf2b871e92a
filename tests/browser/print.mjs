// Issue 21: a guide printed as one document, as a reader makes it.
//
//   node tests/browser/print.mjs OUTPUT_DIR
//
// In English, Arabic (right to left) and Ukrainian: on the standards section page the reader
// clicks "Print the whole guide"; the print page is rendered to an A4 PDF by Chromium's
// page.pdf(), and the PDF (read with poppler's pdftotext and from its link annotations) has one
// chapter per page of the section, each starting on a sheet of its own and in listing order; the
// first sheet shows the table of contents; no sheet shows the navigation, the search box, the
// language switcher or the quick-exit button; and the links in the chapters' text to other
// chapters (a reference to a standard) lead to places within the PDF. The print page also has
// its right direction, and a guide's own page links to it too.
// Exit codes: 0 all passed, 1 a check failed, 2 usage or setup error, 3 Chromium or pdftotext is
// missing.

import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startChecks } from "./serve.mjs";

try {
  execFileSync("pdftotext", ["-v"], { stdio: "ignore" });
} catch {
  console.error("pdftotext is missing: install Debian's poppler-utils to run the print checks");
  process.exit(3);
}

const LANGUAGES = {
  "": { dir: "ltr", printLink: "Print the whole guide" },
  "ar/": { dir: "rtl", printLink: "طباعة الدليل كاملًا" },
  "uk/": { dir: "ltr", printLink: "Надрукувати весь посібник" },
};

const { origin, browser, report, done } = await startChecks("print.mjs");
const scratch = mkdtempSync(join(tmpdir(), "soteria-print-"));

/** The text of sheet `n` (from 1) of the PDF at `file`, as pdftotext reads it. */
function sheetText(file, n) {
  return execFileSync("pdftotext", ["-f", String(n), "-l", String(n), "-layout", file, "-"], {
    encoding: "utf8",
  });
}

/**
 * The named destinations of a PDF Chromium made (its catalogue's /Dests), each with the number
 * of the sheet it is on, and the destinations its links point at (/Dest /NAME), with their sheets.
 */
function destinations(pdf) {
  const text = pdf.toString("latin1");
  const objects = new Map();
  for (const m of text.matchAll(/(\d+) 0 obj([\s\S]*?)endobj/g)) {
    objects.set(m[1], m[2]);
  }
  const catalog = [...objects.values()].find((o) => /\/Type \/Catalog/.test(o)) || "";
  const pagesRoot = (catalog.match(/\/Pages (\d+) 0 R/) || [])[1];
  const sheets = [];
  const walk = (id) => {
    const object = objects.get(id) || "";
    if (/\/Type \/Pages\b/.test(object)) {
      const kids = (object.match(/\/Kids \[([^\]]*)\]/) || [])[1] || "";
      for (const kid of kids.matchAll(/(\d+) 0 R/g)) walk(kid[1]);
    } else {
      sheets.push(id);
    }
  };
  if (pagesRoot) walk(pagesRoot);
  const sheetOf = (id) => sheets.indexOf(id) + 1;
  const named = new Map();
  const destsId = (catalog.match(/\/Dests (\d+) 0 R/) || [])[1];
  for (const m of (objects.get(destsId) || "").matchAll(/\/([^\s\[\]\/<>]+) \[(\d+) 0 R/g)) {
    named.set(m[1], sheetOf(m[2]));
  }
  // Each sheet's link annotations: which sheet a link is on and where it leads.
  const links = [];
  sheets.forEach((id, i) => {
    const annots = ((objects.get(id) || "").match(/\/Annots \[([^\]]*)\]/) || [])[1] || "";
    for (const a of annots.matchAll(/(\d+) 0 R/g)) {
      const dest = ((objects.get(a[1]) || "").match(/\/Dest \/([^\s>\/]+)/) || [])[1];
      if (dest) links.push({ sheet: i + 1, dest });
    }
  });
  return { sheets: sheets.length, named, links };
}

for (const [lang, expect] of Object.entries(LANGUAGES)) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const name = `standards print page ${lang || "en/"}`;
  const problems = [];

  // What the reader sees on the section page: its standards, and the link to print them all.
  await page.goto(`${origin}/${lang}standards/`, { waitUntil: "load" });
  const titles = await page.locator("main .listing-heading + .listing .card__title").allTextContents();
  const chapters = titles.map((t) => t.replace(/\s+/g, " ").trim());
  if (chapters.length === 0) problems.push("the standards page lists no standards");
  const link = page.getByRole("link", { name: expect.printLink });
  if (!(await link.isVisible())) {
    problems.push(`no visible "${expect.printLink}" link on /${lang}standards/`);
    report(name, problems);
    await context.close();
    continue;
  }
  await link.click();
  await page.waitForLoadState("load");
  if (!page.url().endsWith(`/${lang}standards/print/`)) {
    problems.push(`the link led to ${page.url()}`);
  }
  const dir = await page.locator("html").getAttribute("dir");
  if (dir !== expect.dir) problems.push(`the print page's direction is ${dir}, not ${expect.dir}`);

  // On paper (print media): none of the site's controls.
  await page.emulateMedia({ media: "print" });
  for (const selector of [".site-nav", ".site-search", ".language-switcher", ".quick-exit", ".print-link"]) {
    const shown = await page.locator(selector).evaluateAll((els) =>
      els.filter((el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden").length);
    if (shown) problems.push(`${selector} is shown on paper`);
  }

  // The PDF, as "Save as PDF" on A4 makes it.
  const pdf = await page.pdf({ format: "A4" });
  const file = join(scratch, `${lang.replace("/", "") || "en"}.pdf`);
  writeFileSync(file, pdf);
  const { sheets, named, links } = destinations(pdf);
  const firstSheet = sheetText(file, 1);
  const contentsTitle = (await page.locator("#print-contents").textContent()).trim();
  if (!firstSheet.includes(contentsTitle)) {
    problems.push(`the first sheet does not show the table of contents ("${contentsTitle}")`);
  }
  // (A link broken over several boxes has an annotation for each: count where they lead.)
  const tocLinks = new Set(links.filter((l) => l.sheet === 1 && /^ch-\d+$/.test(l.dest)).map((l) => l.dest)).size;
  if (tocLinks !== chapters.length) {
    problems.push(`the contents on the first sheet link ${tocLinks} chapters, not ${chapters.length}`);
  }
  // One chapter per page of the section, each on its own sheet, in order, its title at the top.
  const starts = chapters.map((_, i) => named.get(`ch-${i + 1}`));
  if (named.has(`ch-${chapters.length + 1}`)) problems.push(`the PDF has more than ${chapters.length} chapters`);
  starts.forEach((sheet, i) => {
    if (!sheet) {
      problems.push(`chapter ${i + 1} (${chapters[i]}) is not in the PDF`);
      return;
    }
    if (i > 0 && starts[i - 1] && sheet <= starts[i - 1]) {
      problems.push(`chapter ${i + 1} does not start on a sheet after chapter ${i}'s`);
    }
    const top = sheetText(file, sheet).split("\n").map((l) => l.trim()).filter(Boolean).slice(0, 3).join(" ");
    // pdftotext may put right-to-left words in another order (look for the words, not the line)
    // and writes the Arabic ligature lam-alef (لا) as its two letters the other way round (ال).
    const asExtracted = (w) => w.replace(/ل([اأإآ])/g, "$1ل");
    const words = chapters[i].split(" ").filter((w) => w.length > 3 && !/^\d/.test(w)).slice(0, 2).map(asExtracted);
    if (!words.every((w) => top.includes(w))) {
      problems.push(`sheet ${sheet} does not start with chapter ${i + 1}'s title "${chapters[i]}" (it starts "${top.slice(0, 80)}")`);
    }
  });
  if (starts.filter(Boolean).length !== chapters.length) {
    problems.push(`the PDF has ${starts.filter(Boolean).length} chapters; the section has ${chapters.length} pages`);
  }
  // References in the text lead within the document.
  const inText = links.filter((l) => l.sheet > 1);
  if (inText.length === 0) problems.push("no link in the chapters leads within the PDF");
  for (const l of inText.filter((l) => !named.has(l.dest))) {
    problems.push(`a link on sheet ${l.sheet} leads to "${l.dest}", which is not in the PDF`);
  }
  // No sheet shows the quick exit or the skip links.
  const all = Array.from({ length: sheets }, (_, i) => sheetText(file, i + 1)).join("\n");
  const exit = (await page.locator(".quick-exit").textContent()).trim();
  const skip = (await page.locator(".skip-link").textContent()).trim();
  for (const text of [exit, skip]) {
    if (all.includes(text)) problems.push(`the PDF shows "${text}"`);
  }

  // A page of the guide links to the print page too.
  await page.emulateMedia({ media: "screen" });
  await page.goto(`${origin}/${lang}standards/forensic-interviews/`, { waitUntil: "load" });
  const pageLink = page.getByRole("link", { name: expect.printLink });
  if ((await pageLink.getAttribute("href").catch(() => null)) !== `/${lang}standards/print/`) {
    problems.push(`/${lang}standards/forensic-interviews/ does not link to the guide's print page`);
  }
  report(name, problems);
  await context.close();
}

rmSync(scratch, { recursive: true, force: true });
await done();
