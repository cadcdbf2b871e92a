"""The tables of bench/run.sh: each place's medians side by side, the ratios between every two
tools, and the files each tool wrote.

    python3 bench/report.py RESULTS "PLACE …" TOOL …

RESULTS holds, for each TOOL and PLACE, a file TOOL@PLACE of timed runs, one a line:
"wall_s peak_rss_kib cpu_s system_s"; and TOOL.files: "files html_files search_files".
"""

import statistics
import sys
from itertools import combinations
from pathlib import Path


def read(results, tool, place):
    rows = [line.split() for line in (results / f"{tool}@{place}").read_text().splitlines()]
    walls = [float(r[0]) for r in rows]
    return {
        "wall": statistics.median(walls),
        "runs": walls,
        "rss": statistics.median(int(r[1]) / 1024 for r in rows),
        "cpu": statistics.median(float(r[2]) for r in rows),
        "sys": statistics.median(float(r[3]) for r in rows),
    }


def main():
    results, places, tools = Path(sys.argv[1]), sys.argv[2].split(), sys.argv[3:]
    stats = {(tool, place): read(results, tool, place) for tool in tools for place in places}

    cell = 38
    print(f"{'':<14}" + "".join(f"{'output on ' + place:^{cell}}" for place in places))
    print(f"{'tool':<14}" + f"{'wall':>9}{'CPU':>9}{'system':>9}{'peak RSS':>11}" * len(places))
    for tool in tools:
        line = f"{tool:<14}"
        for place in places:
            t = stats[tool, place]
            line += f"{t['wall']:>7.2f} s{t['cpu']:>7.2f} s{t['sys']:>7.2f} s{t['rss']:>7.0f} MiB"
        print(line)
    print("(medians; CPU = user + system time of the process, which varies less than wall time on")
    print(" a busy machine; soteria-over: Soteria building over its previous output)")

    print()
    print("wall time of each run (s):")
    for place in places:
        for tool in tools:
            runs = " ".join(f"{w:.2f}" for w in stats[tool, place]["runs"])
            print(f"  {place:<10}{tool:<14}{runs}")

    if len(tools) > 1:
        print()
        print("ratios of medians, first / second (below 1.00: the first is faster or smaller):")
        for a, b in combinations(tools, 2):
            parts = []
            for place in places:
                x, y = stats[a, place], stats[b, place]
                ratio = lambda key: f"{x[key] / y[key]:.2f}x" if y[key] else "-"
                parts.append(f"{place}: wall {ratio('wall')} CPU {ratio('cpu')}"
                             f" system {ratio('sys')} RSS {ratio('rss')}")
            print(f"  {a + ' / ' + b:<28}" + "   ".join(parts))

    print()
    print("files written:")
    for tool in tools:
        total, html, search = (results / f"{tool}.files").read_text().split()
        extra = f", {search} under search/" if tool.startswith(("soteria", "base")) else ""
        print(f"  {tool:<14}{total:>8} ({html} HTML{extra})")


main()
