// Issue 17 point 5: languages a reader can live in.
//
//   node tests/browser/languages.mjs OUTPUT_DIR
//
// At 1280 and 390 px, in English, Swedish, Ukrainian and Arabic, on every kind of page (home,
// section, standard, an untranslated page, a taxonomy page, a registry filter page, search, 404):
// the language switcher is visible with all four languages, and its Arabic link from an
// untranslated page opens that page in Arabic (its fallback). The "not yet translated" notice names
// no language in another language's words ("på English"). In Arabic, every piece of text marked
// as another language is isolated (dir or <bdi>), and a registry filter page's title keeps the
// English section title apart from the Arabic value.
// Exit codes: 0 all passed, 1 a check failed, 2 usage or setup error, 3 Chromium is missing.

import { startChecks } from "./serve.mjs";


const { origin, browser, report, done } = await startChecks("languages.mjs");

const LANGS = ["", "sv/", "uk/", "ar/"];
const PAGES = ["", "standards/", "standards/forensic-interviews/", "projects/audtrain/", "themes/prevention/",
  "practices/country/xa/", "search/", "no-such-page/"];
const NAMES = ["English", "Svenska", "Українська", "العربية"];

for (const width of [1280, 390]) {
  const context = await browser.newContext({ viewport: { width, height: 800 } });
  const page = await context.newPage();
  for (const lang of LANGS) {
    const problems = [];
    for (const path of PAGES) {
      const url = `/${lang}${path}`;
      await page.goto(`${origin}${url}`, { waitUntil: "load" });
      const switcher = page.locator(".language-switcher");
      if (!(await switcher.isVisible().catch(() => false))) {
        problems.push(`${url}: no visible language switcher`);
        continue;
      }
      for (const name of NAMES) {
        if (!(await switcher.getByRole("link", { name, exact: true }).isVisible())) {
          problems.push(`${url}: the switcher has no visible "${name}"`);
        }
      }
      const notice = page.locator(".notice--translation");
      if (await notice.count()) {
        const text = await notice.innerText();
        for (const wrong of [/på (English|Svenska)/, /мовою (English|Svenska)/, /باللغة (English|Svenska)/, /in (Svenska|Українська|العربية)/]) {
          if (wrong.test(text)) {
            problems.push(`${url}: the notice says "${text.match(wrong)[0]}"`);
          }
        }
      }
      if (lang === "ar/") {
        const loose = await page.evaluate(() => {
          const found = [];
          for (const el of document.body.querySelectorAll("[lang]")) {
            if (el.lang === "ar" || el.closest("[hidden]")) {
              continue;
            }
            const isolated = el.hasAttribute("dir") || el.closest("[dir]:not(html), bdi") !== null;
            if (!isolated && el.textContent.trim()) {
              found.push(`<${el.tagName.toLowerCase()} lang="${el.lang}"> "${el.textContent.trim().slice(0, 40)}"`);
            }
          }
          return found;
        });
        problems.push(...loose.slice(0, 3).map((l) => `${url}: not isolated: ${l}`));
      }
    }
    report(`${width} px /${lang}: the switcher everywhere, grammatical notices, isolated text`, problems);
  }
  await context.close();
}

// An untranslated page's switcher leads to its fallback in that language.
{
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = [];
  await page.goto(`${origin}/projects/audtrain/`, { waitUntil: "load" });
  const link = page.locator(".language-switcher").getByRole("link", { name: "العربية", exact: true });
  if (!(await link.isVisible().catch(() => false))) {
    problems.push("/projects/audtrain/ offers no Arabic");
  } else {
    await link.click();
    await page.waitForLoadState("load");
    const now = await page.evaluate(() => ({ lang: document.documentElement.lang, path: location.pathname, notice: !!document.querySelector(".notice--translation") }));
    if (now.lang !== "ar" || now.path !== "/ar/projects/audtrain/" || !now.notice) {
      problems.push(`the Arabic link leads to ${now.path} (lang ${now.lang}, notice ${now.notice})`);
    }
  }
  await page.goto(`${origin}/ar/practices/country/xa/`, { waitUntil: "load" });
  const title = await page.locator("h1").innerText();
  if (/Registry/.test(title) && !/\u2068Registry[^\u2069]*\u2069/.test(title)) {
    problems.push(`the Arabic filter page's title mixes directions without isolation: "${title}"`);
  }
  report("an untranslated page leads to its Arabic fallback; mixed titles are isolated", problems);
  await context.close();
}

await done();
