// Issue 17 point 8: made-up entries say so wherever a reader meets them.
//
//   node tests/browser/examples.mjs OUTPUT_DIR      (the sample site, built)
//
// In English, Swedish, Ukrainian and Arabic, at 1280 and 390 px: every card of a good practice
// (the registry, each of its filter pages, the country and theme pages, the standards' lists of
// what refers to them) shows a visible "Fictional example" label in the page's language, and so
// does every search result for a practice; a practice's own page says it is made up under its
// title; the comparison of findings is on a page that says at the top that it is an example, its
// chart's caption carries the label and its text alternative says "fictional".
// Exit codes: 0 all passed, 1 a check failed, 2 usage or setup error, 3 Chromium is missing.

import { startChecks } from "./serve.mjs";

const TIMEOUT = 15_000;
const LABEL = { "": "Fictional example", sv: "Påhittat exempel", uk: "Вигаданий приклад", ar: "مثال خيالي" };
// Words that find practices in each language (their titles and texts).
const QUERIES = { "": ["guardians", "barnahus"], sv: ["gode män", "barnahus"], uk: ["barnahus"], ar: ["بارناهوس"] };
const practice = /\/practices\/(?!country\/|themes\/|standards\/|evidence\/)[^/]+\/$/;

const { origin, browser, report, done } = await startChecks("examples.mjs");

/** The practice cards on the page at `path` that show no visible label; how many were seen. */
async function unlabelledCards(page, path, label) {
  await page.goto(`${origin}${path}`, { waitUntil: "load" });
  const missing = [];
  let seen = 0;
  for (const card of await page.locator("li.card").all()) {
    const href = new URL(await card.locator(".card__title a").getAttribute("href"), origin).pathname;
    if (!practice.test(href)) continue;
    seen += 1;
    const tag = card.locator(".example-label");
    const text = (await tag.count()) ? (await tag.first().innerText()).trim() : "";
    if (!(await tag.first().isVisible().catch(() => false)) || text !== label) {
      missing.push(`${path}: the card of ${href} shows no "${label}" (found "${text}")`);
    }
  }
  return { missing, seen };
}

for (const width of [1280, 390]) {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  for (const [lang, label] of Object.entries(LABEL)) {
    const root = lang ? `/${lang}/` : "/";
    const at = `${width} px, ${root}`;

    // Cards: the registry, its filter pages, taxonomy pages and a standard's list.
    {
      const problems = [];
      // The filter values' own pages, as the registry links them without JavaScript.
      const registry = await (await fetch(`${origin}${root}practices/`)).text();
      const filters = [...registry.matchAll(/<a href="([^"]+)" data-value="/g)].map((m) => m[1]);
      const paths = [`${root}practices/`, ...filters, `${root}countries/xa/`, `${root}themes/barnahus/`,
        `${root}standards/interagency-case-management/`];
      let total = 0;
      for (const path of paths) {
        const { missing, seen } = await unlabelledCards(page, path, label);
        problems.push(...missing);
        total += seen;
        if (seen === 0) problems.push(`${path} shows no practice card`);
      }
      report(`${at}: every practice card on ${paths.length} pages says "${label}" (${total} cards)`, problems);
    }

    // Search results.
    {
      const problems = [];
      let total = 0;
      for (const query of QUERIES[lang]) {
        await page.goto(`${origin}${root}search/?q=${encodeURIComponent(query)}`);
        await page.waitForFunction(() => document.querySelector("[data-search-status]")?.textContent.trim() !== "",
          null, { timeout: TIMEOUT });
        for (const result of await page.locator("ol[data-search-results] > li").all()) {
          const href = new URL(await result.locator("h3 a").first().getAttribute("href"), origin).pathname;
          if (!practice.test(href) || !(await result.isVisible())) continue;
          total += 1;
          const tag = result.locator(".example-label").first();
          const text = (await tag.count()) ? (await tag.innerText()).trim() : "";
          if (!(await tag.isVisible().catch(() => false)) || text !== label) {
            problems.push(`"${query}": the result for ${href} shows no "${label}" (found "${text}")`);
          }
        }
      }
      if (total === 0) problems.push(`no search for ${QUERIES[lang].join(", ")} found a practice`);
      report(`${at}: every search result for a practice says "${label}" (${total} results)`, problems);
    }

    // A practice's page, and the findings example.
    {
      const problems = [];
      await page.goto(`${origin}${root}practices/barnahus-one-roof/`, { waitUntil: "load" });
      const note = page.locator("main .example-note");
      if (!(await note.isVisible().catch(() => false)) || !(await note.innerText()).includes(label)) {
        problems.push(`${root}practices/barnahus-one-roof/ does not say under its title that it is a "${label}"`);
      }
      await page.goto(`${origin}${root}findings/example/`, { waitUntil: "load" });
      const caption = page.locator("main figure.comparison__chart figcaption .example-label");
      if (!(await caption.isVisible().catch(() => false)) || (await caption.innerText()).trim() !== label) {
        problems.push(`the chart's caption on ${root}findings/example/ has no visible "${label}"`);
      }
      const alt = await page.locator("main svg.chart").evaluate((svg) =>
        svg.getAttribute("aria-labelledby").split(" ").map((id) => document.getElementById(id).textContent).join(" "));
      if (!/fictional|påhitta|вигадан|خيالي/i.test(alt)) {
        problems.push(`the chart's text alternative does not say it is fictional: "${alt}"`);
      }
      const first = (await page.locator("main :is(.prose, .page-header) p").first().innerText()).trim();
      if (!/fictional|påhitta|вигадан|خيالي/i.test(first)) {
        problems.push(`${root}findings/example/ does not say at the top that it is an example: "${first}"`);
      }
      report(`${at}: a practice's page and the findings example say they are made up`, problems);
    }
  }
  await context.close();
}

await done();
