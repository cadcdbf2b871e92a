// What the browser checks share: the built site from the command line, a static file server for
// it (as a plain host would serve it, with `Content-Security-Policy: default-src 'self'`), and
// Debian's Chromium.

import { createServer } from "node:http";
import { existsSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { dirname, extname, join, resolve, sep } from "node:path";
import { gzipSync } from "node:zlib";

export const CHROMIUM = "/usr/bin/chromium";

/**
 * The built site named on the command line of `script`. Exits 2 on bad usage, 3 when Chromium is
 * missing (the Rust wrapper decides whether that fails the run).
 */
export function builtSite(script) {
  const root = process.argv[2];
  if (!root) {
    console.error(`usage: node tests/browser/${script} OUTPUT_DIR`);
    process.exit(2);
  }
  const dir = resolve(root);
  if (!existsSync(join(dir, "index.html"))) {
    console.error(`${dir} is not a built site (no index.html)`);
    process.exit(2);
  }
  if (!existsSync(CHROMIUM)) {
    console.error("chromium is missing: install Debian's chromium (apt-get install chromium) to run the browser tests");
    process.exit(3);
  }
  return dir;
}

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".xml": "application/xml; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".pdf": "application/pdf",
};
const CSP = "default-src 'self'";

/**
 * Serves `dir` on 127.0.0.1 (a free port). A folder gets its index.html; a missing address gets
 * the nearest 404.html (a language's own, else the site's) with status 404. With `gzip`, text is
 * sent gzipped to a browser that accepts it, as common static hosts do. With `csp: false`, no
 * Content-Security-Policy header is sent (as from a host that does not read `_headers`).
 */
export async function serve(dir, { gzip = false, csp = true } = {}) {
  const inside = (path) => path === dir || path.startsWith(dir + sep);
  const decoded = (pathname) => {
    try {
      const path = join(dir, decodeURIComponent(pathname));
      return inside(path) ? path : null;
    } catch {
      return null;
    }
  };
  async function fileFor(pathname) {
    let path = decoded(pathname);
    if (!path) {
      return null;
    }
    try {
      const info = await stat(path);
      if (info.isDirectory()) {
        if (!pathname.endsWith("/")) {
          return { redirect: pathname + "/" };
        }
        path = join(path, "index.html");
        await stat(path);
      }
      return { path };
    } catch {
      return null;
    }
  }
  function notFoundFor(pathname) {
    let at = decoded(pathname) || dir;
    for (;;) {
      const candidate = join(at, "404.html");
      if (existsSync(candidate) || at === dir) {
        return candidate;
      }
      at = dirname(at);
    }
  }
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, "http://127.0.0.1");
    const found = await fileFor(url.pathname);
    const headers = { "X-Content-Type-Options": "nosniff" };
    if (csp) {
      headers["Content-Security-Policy"] = CSP;
    }
    if (found && found.redirect) {
      res.writeHead(301, { ...headers, Location: found.redirect + url.search });
      res.end();
      return;
    }
    const status = found && found.path ? 200 : 404;
    const path = status === 200 ? found.path : notFoundFor(url.pathname);
    try {
      let body = await readFile(path);
      const type = TYPES[extname(path).toLowerCase()] || "application/octet-stream";
      if (gzip && /^(text\/|application\/(json|xml)|image\/svg)/.test(type) && /\bgzip\b/.test(req.headers["accept-encoding"] || "")) {
        body = gzipSync(body);
        headers["Content-Encoding"] = "gzip";
        headers["Vary"] = "Accept-Encoding";
      }
      res.writeHead(status, { ...headers, "Content-Type": type, "Content-Length": body.length });
      res.end(req.method === "HEAD" ? undefined : body);
    } catch {
      res.writeHead(404, { ...headers, "Content-Type": "text/plain; charset=utf-8" });
      res.end("not found");
    }
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  return { server, origin: `http://127.0.0.1:${server.address().port}` };
}

/** Debian's Chromium, headless, started so that it makes no connections of its own. */
export async function launch(chromium, server) {
  try {
    return await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
    });
  } catch (e) {
    console.error(`could not start ${CHROMIUM}: ${e.message}`);
    server.close();
    process.exit(2);
  }
}

/** Closes the browser and the server, says how the checks went, and exits 1 if any failed. */
export async function finish(browser, server, failed) {
  await browser.close();
  server.close();
  if (failed) {
    console.log(`${failed} browser check${failed === 1 ? "" : "s"} failed`);
    process.exit(1);
  }
  console.log("all browser checks passed");
}

/**
 * What a check script starts with: the built site named on its command line (see `builtSite`),
 * served, and Chromium launched. `report(name, problems)` prints a check's result; `done()`
 * closes both and exits 1 if any check failed.
 */
export async function startChecks(script) {
  const dir = builtSite(script);
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
  const report = (name, problems) => {
    if (problems.length) {
      failed += 1;
      console.log(`FAIL ${name}\n  ${problems.join("\n  ")}`);
    } else {
      console.log(`PASS ${name}`);
    }
  };
  return { dir, server, origin, browser, report, done: () => finish(browser, server, failed) };
}
