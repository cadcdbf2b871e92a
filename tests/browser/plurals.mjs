// Issue 17: the registry's count of results is grammatical in each language, by its plural rules.
//
//   node tests/browser/plurals.mjs OUTPUT_DIR
//
// On a site whose practices are in five countries (1, 2, 3, 5 and 11 practices), in English,
// Swedish, Ukrainian (three forms) and Arabic (six), a reader clicks each country's filter and
// reads the count shown under the filters; searching for a word of every practice shows the same
// count in the search page's status.
// Exit codes: 0 all passed, 1 a check failed, 2 usage or setup error, 3 Chromium is missing.

import { startChecks } from "./serve.mjs";

const { origin, browser, report, done } = await startChecks("plurals.mjs");

const COUNTS = { se: 1, no: 2, fi: 3, dk: 5, ee: 11 };
const EXPECTED = {
  en: { 1: "1 result", 2: "2 results", 3: "3 results", 5: "5 results", 11: "11 results" },
  sv: { 1: "1 träff", 2: "2 träffar", 3: "3 träffar", 5: "5 träffar", 11: "11 träffar" },
  uk: { 1: "1 результат", 2: "2 результати", 3: "3 результати", 5: "5 результатів", 11: "11 результатів" },
  ar: { 1: "نتيجة واحدة", 2: "نتيجتان", 3: "3 نتائج", 5: "5 نتائج", 11: "11 نتيجة" },
};

for (const [lang, expected] of Object.entries(EXPECTED)) {
  const prefix = lang === "en" ? "" : `/${lang}`;
  // The filter values in order, read as links without JavaScript.
  const context = await browser.newContext({ javaScriptEnabled: false });
  const plain = await context.newPage();
  await plain.goto(`${origin}${prefix}/practices/`, { waitUntil: "load" });
  const values = await plain.locator("[data-facets] a[data-value]").evaluateAll((as) =>
    as.map((a) => a.getAttribute("data-value")));
  await context.close();

  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  await page.goto(`${origin}${prefix}/practices/`, { waitUntil: "load" });
  const buttons = page.locator("[data-facets] button.facet__toggle");
  const problems = [];
  for (const [at, value] of values.entries()) {
    const country = value.replace(/^country:/, "");
    if (!(country in COUNTS)) {
      continue;
    }
    const count = COUNTS[country];
    await buttons.nth(at).click();
    const status = page.locator(".facets__status");
    const text = (await status.innerText()).trim();
    if (!(await status.isVisible())) {
      problems.push(`the count is not visible with ${country} chosen`);
    }
    if (text !== expected[count]) {
      problems.push(`${count} cards (${country}): the count says "${text}", not "${expected[count]}"`);
    }
    await buttons.nth(at).click();
  }
  report(`${lang}: the registry's count is grammatical for 1, 2, 3, 5 and 11 results`, problems);
  await page.context().close();
}

await done();
