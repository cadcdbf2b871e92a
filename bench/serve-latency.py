#!/usr/bin/env python3
"""Time from saving a page to `soteria serve` serving its new HTML (issue 8).

    bench/serve-latency.py [--title] SITE_ROOT PAGE_SOURCE PAGE_URL_PATH [EDITS] [PAUSE]

Starts `soteria serve` (target/release/soteria, or $SOTERIA) on a free port for the site at
SITE_ROOT, then EDITS times (default 20): appends a unique sentence to PAGE_SOURCE (a path under
SITE_ROOT), and polls PAGE_URL_PATH every 2 ms until the served HTML contains it. With --title
each edit changes the page's title instead (the front matter's `title:` line gets a unique
suffix): an edit that listings, feeds and the search index show too. Prints each
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
    title = "--title" in args
    args = [a for a in args if a != "--title"]
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
            if title:
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
            while True:
                try:
                    with urllib.request.urlopen(url) as response:
                        if marker in response.read().decode("utf-8"):
                            break
                except OSError:
                    pass
                time.sleep(0.002)
            latencies.append((time.perf_counter() - start) * 1000)
            print(f"edit {i + 1:2}: {latencies[-1]:7.1f} ms", flush=True)
            time.sleep(pause)
        latencies.sort()
        p95 = latencies[min(len(latencies) - 1, round(0.95 * len(latencies)) - 1)]
        print(f"p50 {statistics.median(latencies):.1f} ms, p95 {p95:.1f} ms over {edits} "
              f"{'title' if title else 'body'} edits, {pause} s apart")
    finally:
        with open(source, "w", encoding="utf-8") as f:
            f.write(original)
        server.terminate()
        server.wait()

if __name__ == "__main__":
    main()
