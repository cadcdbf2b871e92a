#!/usr/bin/env python3
"""Time from saving a page to `soteria serve` serving its new HTML (issues 8 and 22).

    bench/serve-latency.py [--title | --date | --new] SITE_ROOT PAGE_SOURCE PAGE_URL_PATH [EDITS] [PAUSE]

Starts `soteria serve` (target/release/soteria, or $SOTERIA) on a free port for the site at
SITE_ROOT, then EDITS times (default 20): appends a unique sentence to PAGE_SOURCE (a path under
SITE_ROOT), and polls PAGE_URL_PATH every 2 ms until the served HTML contains it. With --title
each edit changes the page's title instead (the front matter's `title:` line gets a unique
suffix): an edit that listings, feeds and the search index show too. With --date each edit
gives the page another `date:` (a day of 2031, which moves it in its section's listing; the
page's `<time datetime=…>` shows it). With --new each edit creates a new page beside
PAGE_SOURCE (`serve-latency-new-N.md`, titled with a unique word) and polls its URL (PAGE_URL_PATH's
parent folder, then `serve-latency-new-N/`) until it serves the page; the new pages are removed
at the end. Prints each
latency, then the median (p50) and p95. Between edits it waits PAUSE seconds (default 1: an
editor's saves; the search index, made when the editor pauses, is then ready). The source file
is restored at the end. Run it on a copy of a site: the server reads the files as they are
being edited.
"""
import os
import re
import statistics
import subprocess
import sys
import time
import urllib.request

def main():
    args = sys.argv[1:]
    modes = [a for a in args if a in ("--title", "--date", "--new")]
    mode = modes[0].lstrip("-") if modes else "body"
    title = mode == "title"
    args = [a for a in args if a not in ("--title", "--date", "--new")]
    if len(args) < 3:
        sys.exit(__doc__)
    root, source_rel, url_path = args[0:3]
    edits = int(args[3]) if len(args) > 3 else 20
    pause = float(args[4]) if len(args) > 4 else 1.0
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    binary = os.environ.get("SOTERIA", os.path.join(repo, "target/release/soteria"))
    source = os.path.join(root, source_rel)
    original = open(source, encoding="utf-8").read()
    if title and not re.search(r"^title: .*$", original, re.M):
        sys.exit(f"{source_rel} has no `title:` line to edit")
    if mode == "date" and not re.search(r"^date: .*$", original, re.M):
        sys.exit(f"{source_rel} has no `date:` line to edit")
    created = []
    server = subprocess.Popen([binary, "serve", "--port", "0", "--root", root],
                              stderr=subprocess.PIPE, text=True)
    try:
        url = None
        for line in server.stderr:
            match = re.search(r"serving the site at (\S+)", line)
            if match:
                url = match.group(1).rstrip("/") + url_path
                break
        if url is None:
            sys.exit("soteria serve did not start")
        # Drain the server's output so that it never blocks on a full pipe.
        import threading
        threading.Thread(target=lambda: [None for _ in server.stderr], daemon=True).start()
        latencies = []
        for i in range(edits):
            page_url = url
            if mode == "new":
                name = f"serve-latency-new-{i}"
                marker = f"Newpage{i}x{time.time_ns()}"
                page_source = os.path.join(os.path.dirname(source), f"{name}.md")
                page_url = url.rstrip("/").rsplit("/", 1)[0] + f"/{name}/"
                start = time.perf_counter()
                with open(page_source, "w", encoding="utf-8") as f:
                    f.write(f"---\ntitle: \"A new page {marker}\"\n---\n\nA page made while serving.\n")
                created.append(page_source)
                wait_for(page_url, marker)
                latencies.append((time.perf_counter() - start) * 1000)
                print(f"edit {i + 1:2}: {latencies[-1]:7.1f} ms", flush=True)
                time.sleep(pause)
                continue
            if mode == "date":
                day = f"2031-{1 + i // 28:02}-{1 + i % 28:02}"
                marker = f'datetime="{day}"'
                edited = re.sub(r"^date: .*$", f"date: {day}", original, count=1, flags=re.M)
            elif title:
                marker = f"Probe{i}x{time.time_ns()}"
                # Inside the quotes when the title is quoted.
                edited = re.sub(r'^(title: .*?)("?)\s*$',
                                lambda m: f"{m.group(1)} {marker}{m.group(2)}",
                                original, count=1, flags=re.M)
            else:
                marker = f"Latency probe sentence {i} {time.time_ns()}."
                edited = f"{original}\n{marker}\n"
            start = time.perf_counter()
            with open(source, "w", encoding="utf-8") as f:
                f.write(edited)
            wait_for(page_url, marker)
            latencies.append((time.perf_counter() - start) * 1000)
            print(f"edit {i + 1:2}: {latencies[-1]:7.1f} ms", flush=True)
            time.sleep(pause)
        latencies.sort()
        p95 = latencies[min(len(latencies) - 1, round(0.95 * len(latencies)) - 1)]
        what = {"body": "body edits", "title": "title edits", "date": "date edits",
                "new": "new pages"}[mode]
        print(f"p50 {statistics.median(latencies):.1f} ms, p95 {p95:.1f} ms over {edits} "
              f"{what}, {pause} s apart")
    finally:
        with open(source, "w", encoding="utf-8") as f:
            f.write(original)
        for page_source in created:
            os.remove(page_source)
        server.terminate()
        server.wait()

def wait_for(url, marker):
    """Polls `url` every 2 ms until it serves a page containing `marker`."""
    while True:
        try:
            with urllib.request.urlopen(url) as response:
                if marker in response.read().decode("utf-8"):
                    return
        except OSError:
            pass
        time.sleep(0.002)


if __name__ == "__main__":
    main()
