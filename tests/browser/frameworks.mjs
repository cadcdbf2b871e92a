// Issue 17, point 2: two frameworks, one set of numbers. The Barnahus standards and the
// transnational referral principles are both numbered from 1, so every place that shows a
// standard's number shows its framework's label with it (`BQS 2`, `TRM 2`), as a reader sees it.
//
//   node tests/browser/frameworks.mjs OUTPUT_DIR      (the sample site, built)
//
// At 1280 and 390 px: the "standards addressed" box of a guide and of a project, the coverage
// matrix (one group of rows per framework), the standards' cards, the registry's standard filter,
// and the search page's standard filter and results; in English and Swedish.
// Exit codes: 0 all passed, 1 a check failed, 2 usage or setup error, 3 Chromium is missing.

import { startChecks } from "./serve.mjs";


const { origin, browser, report, done } = await startChecks("frameworks.mjs");

const LABELLED = /^(BQS|TRM) \d+(\.\d+)*$/;

/** The visible texts of `selector`'s elements. */
async function visibleTexts(page, selector) {
  const texts = [];
  for (const item of await page.locator(selector).all()) {
    if (await item.isVisible()) {
      texts.push((await item.innerText()).trim());
    }
  }
  return texts;
}

/** Every visible badge is labelled, and both frameworks are there when `both`. */
function badges(texts, both = true) {
  const problems = texts.filter((t) => !LABELLED.test(t)).map((t) => `a number without its framework: "${t}"`);
  if (!texts.length) {
    problems.push("no standard numbers are visible");
  }
  if (both && !(texts.some((t) => t.startsWith("BQS ")) && texts.some((t) => t.startsWith("TRM ")))) {
    problems.push(`expected numbers of both frameworks, saw ${JSON.stringify(texts)}`);
  }
  return problems;
}

for (const width of [1280, 390]) {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  const at = `${width} px`;

  for (const path of ["/guidance/trafficked-children/", "/sv/guidance/trafficked-children/", "/projects/promise-trm/"]) {
    await page.goto(origin + path);
    report(`${at} ${path}: the standards box labels each number`, badges(await visibleTexts(page, ".standards-box .standard-number")));
  }

  await page.goto(origin + "/standards/");
  const groups = await visibleTexts(page, ".coverage-group__head th");
  const groupProblems = [];
  if (groups.length !== 2 || !groups[0].startsWith("BQS") || !groups[1].startsWith("TRM")) {
    groupProblems.push(`expected a BQS group then a TRM group, saw ${JSON.stringify(groups)}`);
  }
  const trmRows = await visibleTexts(page, ".coverage-group:nth-of-type(2) tr:not(.coverage-group__head) th .standard-number");
  if (!trmRows.length || trmRows.some((t) => !t.startsWith("TRM "))) {
    groupProblems.push(`the TRM group's rows are ${JSON.stringify(trmRows)}`);
  }
  report(`${at} the coverage matrix groups its rows by framework`, groupProblems);
  report(`${at} the coverage matrix labels each number`, badges(await page.locator(".coverage-table tr:not(.coverage-group__head) .standard-number").allInnerTexts()));
  report(`${at} the standards' cards show their numbers`, badges(await visibleTexts(page, ".listing .card__title .standard-number"), false));

  await page.goto(origin + "/practices/");
  const filters = await visibleTexts(page, ".facet[data-field='standards'] :is(a, button)");
  report(
    `${at} the registry's standard filter labels each number`,
    badges(filters.map((t) => t.match(/^\S+ \S+/)?.[0] || t), false),
  );

  await page.goto(origin + "/search/?q=referral");
  await page.locator(".search-result").first().waitFor({ timeout: 15_000 });
  const resultProblems = badges(await visibleTexts(page, ".search-result__title .standard-number"), false);
  const summary = page.locator("[data-search-filters] > summary");
  await summary.click();
  await page.locator(".search-filter label:visible").first().waitFor({ timeout: 15_000 });
  const standardFilter = page.locator(".search-filter").nth(2);
  const labels = await visibleTexts(standardFilter, "label");
  resultProblems.push(...badges(labels.map((t) => t.match(/^\S+ \S+/)?.[0] || t)));
  report(`${at} search results and the search's standard filter label each number`, resultProblems);

  await context.close();
}

await done();
