#!/usr/bin/env python3
"""Benchmark: whole `twovoices search` processes (start, open the index, search, print), English and
Chinese queries; prints the median and p90 wall time and the median CPU time (user + system) of each.

    benches/search_cli.py TWOVOICES INDEX_DIR [ROUNDS]

Not a timed test: figures go to docs/performance.md by hand (issue 8 item 18: under 30 ms for an English
query and 60 ms for a Chinese one on a 1,000,000-statement index, medians).
"""
import resource
import statistics
import subprocess
import sys
import time

QUERIES = {
    "en": ["core technology", "national security", "fair competition", "standards", "eavesdropping"],
    "zh": ["核心技术", "网络安全", "制高点", "自主可控", "國際標準"],
}


def run(tv, index, query):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([tv, "search", query, "--index", index, "--limit", "10"], check=True,
                   stdout=subprocess.DEVNULL, env={"COLUMNS": "100", "PATH": "/usr/bin:/bin"})
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall * 1000, cpu * 1000


def main():
    tv, index = sys.argv[1], sys.argv[2]
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 40
    for lang, queries in QUERIES.items():
        run(tv, index, queries[0])  # warm the page cache
        walls, cpus = [], []
        for r in range(rounds):
            wall, cpu = run(tv, index, queries[r % len(queries)])
            walls.append(wall)
            cpus.append(cpu)
        walls.sort()
        print(f"{lang}: median {statistics.median(walls):.1f} ms wall, p90 {walls[len(walls) * 9 // 10]:.1f} ms, "
              f"median {statistics.median(cpus):.1f} ms CPU, {rounds} processes")


main()
