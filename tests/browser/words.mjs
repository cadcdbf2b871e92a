// Issue 17 point 6: no generator words on pages, and a header search box that says what it is.
//
//   node tests/browser/words.mjs OUTPUT_DIR
//
// In English, Swedish, Ukrainian and Arabic: the home page, section pages (one with a sub-section)
// and taxonomy pages show no heading that only says "Sections" or "Pages" (in the page's language);
// the standards page names its list of standards. At 1280 and 390 px the header's search box, when
// visible, has a visible label or a placeholder. Point 7: /translation-status/ is not published.
// Exit codes: 0 all passed, 1 a check failed, 2 usage or setup error, 3 Chromium is missing.

import { startChecks } from "./serve.mjs";


// The words as the theme wrote them before (the "sections" and "pages" strings).
const generator = {
  "": ["Sections", "Pages"],
  "sv/": ["Avsnitt", "Sidor"],
  "uk/": ["Розділи", "Сторінки"],
  "ar/": ["الأقسام", "الصفحات"],
};
const standardsHeading = { "": "Standards", "sv/": "Standarder", "uk/": "Стандарти", "ar/": "المعايير" };
const pages = ["", "standards/", "tools/", "guidance/", "practices/country/xa/", "themes/prevention/",
  "countries/xa/"];

const { origin, browser, report, done } = await startChecks("words.mjs");

for (const width of [1280, 390]) {
  const context = await browser.newContext({ viewport: { width, height: 800 } });
  const page = await context.newPage();
  for (const [lang, words] of Object.entries(generator)) {
    const problems = [];
    for (const path of pages) {
      const url = `/${lang}${path}`;
      await page.goto(`${origin}${url}`, { waitUntil: "load" });
      const headings = await page.locator("main :is(h1, h2, h3, h4)").evaluateAll((hs) =>
        hs.map((h) => h.textContent.trim()));
      for (const heading of headings.filter((h) => words.includes(h))) {
        problems.push(`${url} has the heading "${heading}"`);
      }
      if (path === "standards/") {
        const named = page.locator("main h2", { hasText: new RegExp(`^${standardsHeading[lang]}$`) });
        if (!(await named.first().isVisible().catch(() => false))) {
          problems.push(`${url} has no visible heading "${standardsHeading[lang]}" over its standards`);
        }
      }
      const input = page.locator("header .site-search input[name=q]");
      if (await input.isVisible()) {
        const placeholder = (await input.getAttribute("placeholder")) || "";
        const labelVisible = await page.locator("header .site-search label").isVisible();
        if (!placeholder.trim() && !labelVisible) {
          problems.push(`${url}: the header's search box has neither a visible label nor a placeholder`);
        }
      }
    }
    report(`${width} px, /${lang}: no "Sections"/"Pages" headings; the search box says what it is`, problems);
  }
  await context.close();
}

// Issue 17 point 7: the public site lists no content files (the sample site does not opt in).
{
  const context = await browser.newContext();
  const page = await context.newPage();
  const response = await page.goto(`${origin}/translation-status/`, { waitUntil: "load" });
  const problems = [];
  if (response.status() !== 404) {
    problems.push(`/translation-status/ answers ${response.status()}`);
  }
  const text = await page.locator("body").innerText();
  if (/content\/\S+\.md/.test(text)) {
    problems.push("a reader sees file paths of the content");
  }
  report("the translation overview is not on the public site", problems);
  await context.close();
}

await done();
