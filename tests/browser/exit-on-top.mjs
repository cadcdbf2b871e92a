// Review finding 1: nothing a page's content draws covers the quick-exit button.
//
//   node tests/browser/exit-on-top.mjs OUTPUT_DIR PAGE
//
// PAGE has content that uses the theme's own classes: a heading link `{.card__title}` (the
// theme's `.card__title a::after` covers its nearest positioned box), a heading `{.quick-exit}`
// (a sticky button on small screens), and the same as raw HTML. At 1280 and 375 px, at the top
// and scrolled, the element at the centre of the real exit button must be the button or inside it.
// Exit codes: 0 all passed, 1 a check failed, 2 usage or setup error, 3 Chromium is missing.

import { builtSite, finish, launch, serve } from "./serve.mjs";

const dir = builtSite("exit-on-top.mjs");
const path = process.argv[3];
if (!path) {
  console.error("usage: node tests/browser/exit-on-top.mjs OUTPUT_DIR PAGE");
  process.exit(2);
}

let chromium;
try {
  ({ chromium } = await import("playwright-core"));
} catch (e) {
  console.error("playwright-core is missing: run `npm ci --prefix tests/browser` first");
  process.exit(2);
}

const { server, origin } = await serve(dir);
const browser = await launch(chromium, server);
let failed = 0;
function report(name, problems) {
  if (problems.length) {
    failed += 1;
    console.log(`FAIL ${name}\n  ${problems.join("\n  ")}`);
  } else {
    console.log(`PASS ${name}`);
  }
}

for (const width of [1280, 375]) {
  const context = await browser.newContext({ viewport: { width, height: 700 } });
  const page = await context.newPage();
  await page.goto(`${origin}${path}`, { waitUntil: "load" });
  for (const scroll of [0, 300, 900]) {
    await page.evaluate((y) => window.scrollTo(0, y), scroll);
    await page.waitForTimeout(100);
    const problem = await page.evaluate(() => {
      const exit = document.querySelector(".quick-exit-bar a[aria-describedby='quick-exit-note']");
      if (!exit) {
        return "the page has no quick-exit button";
      }
      const box = exit.getBoundingClientRect();
      const x = box.left + box.width / 2;
      const y = box.top + box.height / 2;
      if (y < 0 || y > window.innerHeight) {
        return null; // scrolled out of view (wide screens): nothing can cover it there
      }
      const hit = document.elementFromPoint(x, y);
      if (hit === exit || exit.contains(hit)) {
        return null;
      }
      const name = hit ? `<${hit.tagName.toLowerCase()} class="${hit.className}" href="${hit.getAttribute("href") || ""}">` : "nothing";
      return `at (${Math.round(x)}, ${Math.round(y)}) the element is ${name}, not the exit button`;
    });
    const scrolled = await page.evaluate(() => window.scrollY);
    report(`${width} px, scrolled ${scrolled} px: the exit button is on top`, problem ? [problem] : []);
  }
  await context.close();
}

await finish(browser, server, failed);
