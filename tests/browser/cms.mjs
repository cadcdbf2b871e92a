// The Decap CMS admin that `soteria cms` writes, used as an editor would, with Decap's local
// backend (decap-server) on 127.0.0.1 and every request to another host blocked and recorded:
// the admin lists the sections, opens a standard with its fields as form widgets, and saves a new
// guidance page as a Markdown file.
//
//   node tests/browser/cms.mjs SITE_ROOT
//
// SITE_ROOT is a scratch copy of the sample site with static/admin/ written by `soteria cms`
// (bundle included); its files are changed. Prints the addresses the CMS tried to reach on
// another host as `blocked: URL` lines, and `saved: PATH` for the file written. The admin is
// served without a Content-Security-Policy header; with CMS_CSP=1 it gets the site's
// `default-src 'self'`, under which Decap does not start (docs/cms.md).

import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { launch, serve } from "./serve.mjs";

const root = process.argv[2];
if (!root) {
  console.error("usage: node tests/browser/cms.mjs SITE_ROOT");
  process.exit(2);
}

const failures = [];
function check(ok, what) {
  console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
  if (!ok) failures.push(what);
}

// Decap's proxy server, on 127.0.0.1 only, writing into the site's folder.
const port = 20000 + Math.floor(Math.random() * 20000);
const serverScript = createRequire(import.meta.url).resolve("decap-server/dist/index.js");
const proxy = spawn(process.execPath, [serverScript], {
  cwd: root,
  env: { ...process.env, PORT: String(port), BIND_HOST: "127.0.0.1", GIT_REPO_DIRECTORY: root, MODE: "fs", LOG_LEVEL: "warn" },
  stdio: ["ignore", "inherit", "inherit"],
});
const configPath = join(root, "static/admin/config.yml");
const config = readFileSync(configPath, "utf8");
writeFileSync(configPath, config.replace(/^local_backend: true$/m, `local_backend:\n  url: http://127.0.0.1:${port}/api/v1`));
for (let i = 0; i < 100; i++) {
  try {
    await fetch(`http://127.0.0.1:${port}/api/v1`, { method: "POST", body: "{}", headers: { "Content-Type": "application/json" } });
    break;
  } catch {
    await new Promise((done) => setTimeout(done, 100));
  }
}

// The admin as the built site serves it (static/ is copied as it is).
const { server, origin } = await serve(join(root, "static"), { csp: process.env.CMS_CSP === "1" });
const browser = await launch(chromium, { close: () => { server.close(); proxy.kill(); } });
const blocked = [];
let saved = null;
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.route("**", (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === "127.0.0.1" || url.protocol === "data:" || url.protocol === "blob:") {
      return route.continue();
    }
    blocked.push(route.request().url());
    return route.abort("blockedbyclient");
  });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(`${origin}/admin/`);

  // Decap's login page for the local backend: one button, no password.
  const login = page.getByRole("button", { name: /login/i });
  await login.waitFor({ timeout: 60000 });
  await login.click();

  // The sections, as collections in the side bar.
  const sidebar = page.locator("aside, nav").first();
  await page.getByRole("link", { name: "Guidance" }).first().waitFor({ timeout: 60000 });
  for (const section of ["Guidance", "Standards", "Tools", "News"]) {
    check(await page.getByRole("link", { name: section, exact: true }).first().isVisible(), `the admin lists the section ${section}`);
  }
  void sidebar;

  // A standard opens with its fields as widgets.
  await page.getByRole("link", { name: "Standards", exact: true }).first().click();
  await page.getByText("Multidisciplinary", { exact: false }).first().click();
  await page.getByText("Substandards", { exact: false }).first().waitFor({ timeout: 60000 });
  const inputs = await page.$$eval("input", (all) => all.map((i) => `${i.id}=${i.value}`));
  check(inputs.some((i) => /^number-field.*=\d+$/.test(i)), `the standard's number is in a text field (${inputs.join(" ")})`);
  check(await page.getByText("Substandards", { exact: false }).first().isVisible(), "its sub-standards are a list");
  check(await page.getByText("Framework", { exact: false }).first().isVisible(), "its framework is a field");

  // A new guidance page, saved.
  await page.goto(`${origin}/admin/#/collections/guidance/new`);
  const title = page.locator('input[id^="title-field"]').first();
  await title.waitFor({ timeout: 60000 });
  await title.fill("Written in the CMS");
  const body = page.locator('[data-slate-editor="true"]').first();
  await body.click();
  await page.keyboard.type("A page an editor wrote in the browser.");
  await page.getByRole("button", { name: /^publish$/i }).first().click();
  await page.getByText(/publish now/i).first().click();
  await page.getByText(/entry published|published/i).first().waitFor({ timeout: 60000 });
  for (let i = 0; i < 100 && !saved; i++) {
    for (const name of ["written-in-the-cms.en.md", "written-in-the-cms.md"]) {
      try {
        readFileSync(join(root, "content/guidance", name));
        saved = `content/guidance/${name}`;
      } catch {
        // not yet
      }
    }
    await new Promise((done) => setTimeout(done, 100));
  }
  check(saved !== null, "saving writes the page into content/guidance/");
  check(errors.length === 0, `no script error on the admin page (${errors.join("; ")})`);
} catch (e) {
  check(false, `the admin could be used: ${e.message}`);
} finally {
  writeFileSync(configPath, config);
  for (const url of [...new Set(blocked)].sort()) console.log(`blocked: ${url}`);
  if (saved) console.log(`saved: ${saved}`);
  await browser.close();
  server.close();
  proxy.kill();
}
if (failures.length) {
  console.log(`${failures.length} check${failures.length === 1 ? "" : "s"} failed`);
  process.exit(1);
}
console.log("all checks passed");
