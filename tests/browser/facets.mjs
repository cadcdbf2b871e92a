// Issue 17 point 1: the registry's filters filter what a reader sees.
//
//   node tests/browser/facets.mjs OUTPUT_DIR
//
// At 1280 and 390 px, on /practices/, a sequence of filter clicks: after each one exactly the cards
// whose values match the chosen filters are visible (isVisible, not the count). Without
// JavaScript, every filter value is a link to a page that shows exactly its matching cards.
// Exit codes: 0 all passed, 1 a check failed, 2 usage or setup error, 3 Chromium is missing.

import { startChecks } from "./serve.mjs";


const { origin, browser, report, done } = await startChecks("facets.mjs");

/// Which cards a reader sees, and which ones the chosen values should leave, by title.
async function visibleAgainstChosen(page, chosen) {
  const cards = page.locator("li.card[data-filter]");
  const problems = [];
  let shown = 0;
  for (let i = 0; i < (await cards.count()); i += 1) {
    const card = cards.nth(i);
    const tokens = ` ${await card.getAttribute("data-filter")} `;
    const fields = {};
    for (const value of chosen) {
      const field = value.split(":")[0];
      (fields[field] = fields[field] || []).push(value);
    }
    const wanted = Object.values(fields).every((values) =>
      values.some((v) => tokens.includes(` ${v} `)));
    const visible = await card.isVisible();
    if (visible) {
      shown += 1;
    }
    if (visible !== wanted) {
      const title = (await card.locator(".card__title").innerText()).trim();
      problems.push(`"${title}" is ${visible ? "visible" : "hidden"} with ${chosen.join(", ") || "nothing"} chosen`);
    }
  }
  return { problems, shown };
}

// The values as links (read without JavaScript): their names, to click them as buttons later.
const values = {};
{
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${origin}/practices/`, { waitUntil: "load" });
  for (const { value, name } of await page.locator("[data-facets] a[data-value]").evaluateAll((as) =>
    as.map((a) => ({ value: a.getAttribute("data-value"), name: a.textContent.trim().replace(/\s+/g, " ") })))) {
    values[value] = name;
  }
  await context.close();
}

for (const width of [1280, 390]) {
  const context = await browser.newContext({ viewport: { width, height: 800 } });
  const page = await context.newPage();
  await page.goto(`${origin}/practices/`, { waitUntil: "load" });
  const steps = [["country:xa"], ["country:xa", "country:xb"], ["country:xb"],
    ["country:xc", "themes:prevention"], ["themes:prevention"],
    ["themes:prevention", "evidence:evaluated"], []];
  let chosen = [];
  for (const step of steps) {
    const problems = [];
    for (const value of new Set([...chosen, ...step])) {
      if (chosen.includes(value) !== step.includes(value)) {
        const button = page.getByRole("button", { name: values[value], exact: true });
        if ((await button.count()) !== 1) {
          problems.push(`no single button "${values[value]}" for ${value}`);
        } else {
          await button.click();
        }
      }
    }
    chosen = step;
    const seen = await visibleAgainstChosen(page, chosen);
    problems.push(...seen.problems);
    const status = (await page.locator(".facets__status").innerText()).trim();
    if (!status.includes(String(seen.shown))) {
      problems.push(`the status says "${status}" with ${seen.shown} cards visible`);
    }
    if (seen.shown === 0) {
      problems.push(`no card is visible with ${chosen.join(", ")} chosen`);
    }
    report(`${width} px, ${chosen.join(" + ") || "no filter"}: exactly the matching cards are visible (${seen.shown})`, problems);
  }
  await context.close();
}

// Without JavaScript: the values are links; each leads to a page with exactly its cards.
{
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 800 } });
  const page = await context.newPage();
  await page.goto(`${origin}/practices/`, { waitUntil: "load" });
  const links = await page.locator("[data-facets] a[data-value]").evaluateAll((as) =>
    as.map((a) => ({ href: a.getAttribute("href"), value: a.getAttribute("data-value") })));
  const problems = [];
  if (links.length < 10) {
    problems.push(`only ${links.length} filter links without JavaScript`);
  }
  for (const { href, value } of links.filter((l) => /^(country|themes):/.test(l.value))) {
    await page.goto(`${origin}${href}`, { waitUntil: "load" });
    const cards = page.locator("li.card");
    const count = await cards.count();
    if (count === 0) {
      problems.push(`${href} lists no card`);
    }
    for (let i = 0; i < count; i += 1) {
      const card = cards.nth(i);
      const tokens = ` ${await card.getAttribute("data-filter")} `;
      if (!(await card.isVisible()) || !tokens.includes(` ${value} `)) {
        problems.push(`${href}: card ${i + 1} is ${(await card.isVisible()) ? "visible" : "hidden"} and has ${tokens.trim()}`);
      }
    }
  }
  report("without JavaScript, every country and theme value's page shows exactly its cards", problems);
  await context.close();
}

await done();
