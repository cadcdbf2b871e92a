// Issue 15: what editors write in a heading's `{…}` attribute block runs no script.
//
//   node tests/browser/attributes.mjs OUTPUT_DIR PAGE
//
// PAGE (e.g. /guidance/attributes/) has headings with every attribute syntax pulldown-cmark
// accepts ({#id}, {.class}, {key=value}, {key="quoted value"}, bare keys, combinations, ATX and
// setext, odd spacing), many of them with handlers (onfocus=alert(1) with autofocus, onclick,
// onmouseover …). The site is served WITHOUT a Content-Security-Policy header, so that only the
// page itself stands between the handlers and the reader. The page is loaded, every heading is
// focused, hovered and clicked, and the keyboard tabs through it. Any dialog, page error or CSP
// violation (something tried to run), and any handler, `style`, `autofocus` or `tabindex`
// attribute on a heading in the DOM fails the run.
// Exit codes: 0 all passed, 1 a check failed, 2 usage or setup error, 3 Chromium is missing.

import { builtSite, finish, launch, serve } from "./serve.mjs";

const dir = builtSite("attributes.mjs");
const path = process.argv[3];
if (!path) {
  console.error("usage: node tests/browser/attributes.mjs OUTPUT_DIR PAGE");
  process.exit(2);
}

let chromium;
try {
  ({ chromium } = await import("playwright-core"));
} catch (e) {
  console.error("playwright-core is missing: run `npm ci --prefix tests/browser` first");
  process.exit(2);
}

const { server, origin } = await serve(dir, { csp: false });
const browser = await launch(chromium, server);
const context = await browser.newContext({ serviceWorkers: "block" });
await context.addInitScript(() => {
  document.addEventListener("securitypolicyviolation", (e) => {
    console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "inline"}`);
  });
});
const page = await context.newPage();
const ran = [];
page.on("dialog", async (dialog) => {
  ran.push(`a script opened a dialog: ${dialog.message()}`);
  await dialog.dismiss();
});
page.on("pageerror", (err) => ran.push(`page error: ${err.message}`));
page.on("console", (msg) => {
  if (/CSP violation|Content Security Policy/i.test(msg.text())) {
    ran.push(msg.text());
  }
});

let failed = 0;
function report(name, problems) {
  if (problems.length) {
    failed += 1;
    console.log(`FAIL ${name}\n  ${problems.join("\n  ")}`);
  } else {
    console.log(`PASS ${name}`);
  }
}

await page.goto(`${origin}${path}`, { waitUntil: "load" });
const headings = await page.$$("main h1, main h2, main h3, main h4, main h5, main h6");
for (const heading of headings) {
  await heading.evaluate((h) => h.focus());
  await heading.hover();
  await heading.click();
  await heading.dblclick();
}
for (let i = 0; i < 30; i += 1) {
  await page.keyboard.press("Tab");
}
await page.waitForTimeout(300);

report(`no script ran on ${path} (${headings.length} headings focused, hovered, clicked)`, ran);
const attributes = await page.$$eval("*", (elements) =>
  elements.flatMap((el) =>
    Array.from(el.attributes)
      .filter((a) => a.name.startsWith("on") || (/^H[1-6]$/.test(el.tagName) && /^(style|autofocus|tabindex|key|a)$/.test(a.name)))
      .map((a) => `<${el.tagName.toLowerCase()} ${a.name}="${a.value}">`),
  ),
);
report("no handler attribute is in the DOM", attributes);
report("the page has the headings", headings.length >= 10 ? [] : [`only ${headings.length} headings`]);

await context.close();
await finish(browser, server, failed);
