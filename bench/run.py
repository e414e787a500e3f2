#!/usr/bin/env python3
"""Side-by-side benchmark of mvterms and SQLite FTS5 (driven by bench/run.sh).

Everything is measured in this one run, on the same machine, rows and queries:

1. data: the real corpus exported as JSONL, and deterministic synthetic corpora generated from
   it (benches/scale/synthetic.rs, seeded);
2. build: index build time and peak memory (each build in its own process; peak RSS from the
   kernel's accounting of that process, like /usr/bin/time -v), mvterms vs FTS5;
3. search: in-process latency of every query of bench/queries.txt, `--rounds` times, the engines
   taking turns for `--passes` passes: median and p99 (mvterms with its real default features;
   FTS5 plain, and FTS5 with total + facets + highlight as a "comparable features" variant);
4. HTTP: wrk at 64 connections against one release server on the real corpus, /healthz and
   /v1/search (many different queries via bench/wrk.lua) taking turns; server RSS;
5. cold start: process start to first answered search, with the index present and with a
   rebuild; and the one-shot CLI search;
6. the draft check vs textlint: a hook, run once `mvterms check` exists;
7. pages: the HTML page and the JSON endpoint of the same query side by side (bench/pages_bench.py).

Results: bench/results/latest.json (all samples) and latest.md (the tables).
"""

import argparse
import http.client
import json
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "bench")
WORK = os.path.join(BENCH, "work")
RESULTS = os.path.join(BENCH, "results")


def log(msg):
    print(f"[bench] {msg}", file=sys.stderr, flush=True)


def run_json(cmd, **kw):
    """Runs a command that prints one JSON object; returns it with the process's peak RSS (kB,
    from wait4, as /usr/bin/time -v reports it) and wall time."""
    started = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, **kw)
    out = p.stdout.read()
    _, status, usage = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    if p.returncode != 0:
        raise SystemExit(f"command failed ({p.returncode}): {' '.join(cmd)}")
    data = json.loads(out)
    data["process_max_rss_kb"] = usage.ru_maxrss
    data["process_wall_ms"] = wall * 1000
    return data


def cargo_executable(args, name):
    """Builds a cargo target and returns the path of the executable of the target `name`."""
    out = subprocess.run(
        ["cargo", *args, "--message-format=json-render-diagnostics"],
        cwd=ROOT,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    ).stdout
    exes = [
        m["executable"]
        for m in map(json.loads, out.splitlines())
        if m.get("reason") == "compiler-artifact" and m.get("executable") and m["target"]["name"] == name
    ]
    return exes[-1]


def percentile(sorted_values, p):
    """Nearest-rank percentile."""
    if not sorted_values:
        return float("nan")
    k = max(0, min(len(sorted_values) - 1, int(round(p / 100 * len(sorted_values) + 0.5)) - 1))
    return sorted_values[k]


def latency_stats(ns_lists):
    all_ns = sorted(x for lst in ns_lists for x in lst)
    return {
        "calls": len(all_ns),
        "median_us": statistics.median(all_ns) / 1000,
        "p99_us": percentile(all_ns, 99) / 1000,
        "mean_us": statistics.fmean(all_ns) / 1000,
        "per_query_median_us": [statistics.median(lst) / 1000 for lst in ns_lists],
    }


def machine():
    cpu = "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        mem_kb = int(f.readline().split()[1])
    rustc = subprocess.run(["rustc", "--version"], stdout=subprocess.PIPE, text=True).stdout.strip()
    import sqlite3

    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "ram_gib": round(mem_kb / 1024 / 1024, 1),
        "kernel": platform.release(),
        "rustc": rustc,
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "loadavg_start": open("/proc/loadavg").read().split()[:3],
    }


# ---------------------------------------------------------------- data, build, search


def datasets(scale, sizes, seed):
    os.makedirs(WORK, exist_ok=True)
    out = []
    for size in sizes:
        if size == "real":
            rows = os.path.join(WORK, "real.jsonl")
            run_json([scale, "export", "--corpus", os.path.join(ROOT, "corpus"), "--out", rows])
        else:
            n = int(size)
            rows = os.path.join(WORK, f"synthetic-{n}-{seed}.jsonl")
            log(f"generating {n} synthetic entries (seed {seed})")
            run_json(
                [scale, "generate", "--corpus", os.path.join(ROOT, "corpus"), "--entries", str(n),
                 "--seed", str(seed), "--out", rows]
            )
        out.append((size, rows))
    return out


def build_both(scale, name, rows, reps):
    results = {"mvterms": [], "fts5": []}
    for rep in range(reps):
        index = os.path.join(WORK, f"index-{name}")
        shutil.rmtree(index, ignore_errors=True)
        log(f"{name}: build {rep + 1}/{reps} mvterms")
        results["mvterms"].append(
            run_json([scale, "build", "--corpus", os.path.join(ROOT, "corpus"), "--rows", rows, "--index", index])
        )
        log(f"{name}: build {rep + 1}/{reps} fts5")
        db = os.path.join(WORK, f"fts5-{name}.db")
        results["fts5"].append(
            run_json([sys.executable, os.path.join(BENCH, "fts5.py"), "build", "--rows", rows, "--db", db])
        )
    summary = {}
    for engine, runs in results.items():
        summary[engine] = {
            "build_ms_median": statistics.median(r["build_ms"] for r in runs),
            "load_ms_median": statistics.median(r["load_ms"] for r in runs),
            "peak_rss_mb": max(r["process_max_rss_kb"] for r in runs) / 1024,
            "rss_loaded_mb": max(r["rss_loaded_kb"] for r in runs) / 1024,
            "index_mb": runs[-1]["index_bytes"] / 1e6,
            "runs": runs,
        }
    summary["ratio_build"] = summary["mvterms"]["build_ms_median"] / summary["fts5"]["build_ms_median"]
    return summary


def search_both(scale, name, rows, queries, rounds, passes):
    index = os.path.join(WORK, f"index-{name}")
    db = os.path.join(WORK, f"fts5-{name}.db")
    samples = {"mvterms": None, "fts5": None, "fts5_comparable": None}
    totals = {}
    rss = {}
    for p in range(passes):
        log(f"{name}: search pass {p + 1}/{passes}")
        runs = {
            "mvterms": [scale, "search", "--corpus", os.path.join(ROOT, "corpus"), "--rows", rows,
                        "--index", index, "--queries", queries, "--rounds", str(rounds)],
            "fts5": [sys.executable, os.path.join(BENCH, "fts5.py"), "search", "--db", db,
                     "--queries", queries, "--rounds", str(rounds), "--variant", "plain"],
            "fts5_comparable": [sys.executable, os.path.join(BENCH, "fts5.py"), "search", "--db", db,
                                "--queries", queries, "--rounds", str(rounds), "--variant", "comparable"],
        }
        for engine, cmd in runs.items():
            r = run_json(cmd)
            if samples[engine] is None:
                samples[engine] = r["ns"]
            else:
                for acc, new in zip(samples[engine], r["ns"]):
                    acc.extend(new)
            totals[engine] = r["totals"]
            rss[engine] = r["process_max_rss_kb"] / 1024
            query_list = r["queries"]
    summary = {"queries": query_list, "totals": totals, "search_process_peak_rss_mb": rss}
    for engine, ns in samples.items():
        summary[engine] = latency_stats(ns)
    summary["ratio_median"] = summary["mvterms"]["median_us"] / summary["fts5"]["median_us"]
    summary["ratio_p99"] = summary["mvterms"]["p99_us"] / summary["fts5"]["p99_us"]
    summary["ratio_median_vs_comparable"] = (
        summary["mvterms"]["median_us"] / summary["fts5_comparable"]["median_us"]
    )
    return summary


# ---------------------------------------------------------------- server


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(port, path, timeout=5.0):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        c.request("GET", path)
        r = c.getresponse()
        return r.status, r.read()
    finally:
        c.close()


class Server:
    def __init__(self, mvterms, index, port=None):
        self.port = port or free_port()
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(
            [mvterms, "serve", "--corpus", os.path.join(ROOT, "corpus"), "--index", index,
             "--addr", f"127.0.0.1:{self.port}"],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def first_answer(self, path, limit_s=60):
        """Seconds from process start to the first 200 answer to `path`."""
        while True:
            try:
                status, _ = get(self.port, path, timeout=limit_s)
                if status == 200:
                    return time.perf_counter() - self.started
            except OSError:
                pass
            if self.proc.poll() is not None:
                raise SystemExit("the server exited before answering")
            if time.perf_counter() - self.started > limit_s:
                raise SystemExit("the server did not answer in time")
            time.sleep(0.001)

    def status_kb(self, key):
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith(key):
                    return int(line.split()[1])
        return 0

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def wrk(port, paths_file, seconds, connections, threads):
    out = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "5s",
         "-s", os.path.join(BENCH, "wrk.lua"), f"http://127.0.0.1:{port}", "--", paths_file],
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    ).stdout
    line = [l for l in out.splitlines() if l.startswith("{")][-1]
    r = json.loads(line)
    r["rps"] = r["requests"] / (r["duration_us"] / 1e6)
    r["error_count"] = sum(r["errors"].values())
    return r


def http_bench(mvterms, queries, seconds, connections, threads, turns):
    index = os.path.join(WORK, "index-http")
    shutil.rmtree(index, ignore_errors=True)
    server = Server(mvterms, index)
    try:
        server.first_answer("/healthz")
        search_paths = [
            "/v1/search?q=" + urllib.parse.quote(q, safe="") for q in queries
        ]
        for p in search_paths:  # every path answers 200 (zero errors allowed)
            status, _ = get(server.port, p)
            if status != 200:
                raise SystemExit(f"{p} answered {status}")
        files = {}
        for name, paths in {"healthz": ["/healthz"], "search": search_paths}.items():
            files[name] = os.path.join(WORK, f"paths-{name}.txt")
            with open(files[name], "w") as f:
                f.write("\n".join(paths) + "\n")
        rss_idle_kb = server.status_kb("VmRSS")
        runs = {"healthz": [], "search": []}
        for t in range(turns):
            for name in ("healthz", "search"):
                log(f"http: wrk {name} turn {t + 1}/{turns} ({seconds} s, {connections} connections)")
                runs[name].append(wrk(server.port, files[name], seconds, connections, threads))
        result = {
            "connections": connections,
            "threads": threads,
            "seconds": seconds,
            "rss_idle_mb": rss_idle_kb / 1024,
            "rss_after_mb": server.status_kb("VmRSS") / 1024,
            "rss_peak_mb": server.status_kb("VmHWM") / 1024,
        }
        for name, rs in runs.items():
            result[name] = {
                "rps_median": statistics.median(r["rps"] for r in rs),
                "p50_ms_median": statistics.median(r["latency_us"]["p50"] for r in rs) / 1000,
                "p99_ms_median": statistics.median(r["latency_us"]["p99"] for r in rs) / 1000,
                "p99_ms_worst": max(r["latency_us"]["p99"] for r in rs) / 1000,
                "errors": sum(r["error_count"] for r in rs),
                "runs": rs,
            }
        result["ratio_rps"] = result["search"]["rps_median"] / result["healthz"]["rps_median"]
        return result
    finally:
        server.stop()


def cold_start(mvterms, reps):
    index = os.path.join(WORK, "index-cold")
    shutil.rmtree(index, ignore_errors=True)
    out = {"with_index_ms": [], "with_rebuild_ms": [], "cli_search_ms": []}
    # Build once so "with index" finds one.
    s = Server(mvterms, index)
    s.first_answer("/v1/search?q=avatar")
    s.stop()
    for i in range(reps):
        log(f"cold start {i + 1}/{reps}")
        s = Server(mvterms, index)
        out["with_index_ms"].append(s.first_answer("/v1/search?q=avatar") * 1000)
        s.stop()
        shutil.rmtree(index)
        s = Server(mvterms, index)
        out["with_rebuild_ms"].append(s.first_answer("/v1/search?q=avatar") * 1000)
        s.stop()
        started = time.perf_counter()
        subprocess.run(
            [mvterms, "search", "avatar", "--corpus", os.path.join(ROOT, "corpus"), "--index", index],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        out["cli_search_ms"].append((time.perf_counter() - started) * 1000)
    for k in list(out):
        out[k + "_median"] = statistics.median(out[k])
    return out


# ---------------------------------------------------------------- draft check (hook)


def check_bench(mvterms):
    """The draft check vs textlint + textlint-rule-terminology (issue 5, item 1).

    HOOK: the check is built on branch `check`, which brings bench/check-vs-textlint.sh (same
    draft, same term list exported from corpus/, medians and ratio). Once both `mvterms check`
    and that script are on this branch, its output is included here; until then this part is
    reported as skipped."""
    script = os.path.join(BENCH, "check-vs-textlint.sh")
    probe = subprocess.run([mvterms, "check", "--help"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if probe.returncode != 0 or not os.path.exists(script):
        return {"skipped": "`mvterms check` and bench/check-vs-textlint.sh are not on this branch yet "
                           "(the check is built on branch `check`)"}
    log("check: bench/check-vs-textlint.sh")
    out = subprocess.run(["bash", script], cwd=ROOT, check=True, stdout=subprocess.PIPE, text=True).stdout
    return {"output": out.strip()}


# ---------------------------------------------------------------- report


def table(rows):
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for n, r in enumerate(rows):
        lines.append("| " + " | ".join(str(c).ljust(w) for c, w in zip(r, widths)) + " |")
        if n == 0:
            lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def report(res):
    m = res["machine"]
    out = [
        f"# mvterms vs SQLite FTS5: {time.strftime('%Y-%m-%d %H:%M', time.localtime(res['started']))}",
        "",
        f"Machine: {m['nproc']} CPUs ({m['cpu']}), {m['ram_gib']} GiB RAM, Linux {m['kernel']}, "
        f"{m['rustc']}, Python {m['python']}, SQLite {m['sqlite']}; load average at start "
        f"{' '.join(m['loadavg_start'])}, at end {' '.join(res.get('loadavg_end', []))}.",
        f"Command: `{res['command']}`",
        "",
    ]
    if res.get("scale"):
        out += ["## Search latency (in-process, µs per query; same rows, same queries)", ""]
        rows = [["corpus", "entries", "mvterms median", "mvterms p99", "FTS5 median", "FTS5 p99",
                 "ratio median", "ratio p99", "FTS5 comparable median", "ratio vs comparable"]]
        for name, d in res["scale"].items():
            s = d["search"]
            rows.append([
                name, d["build"]["mvterms"]["runs"][0]["rows"],
                f"{s['mvterms']['median_us']:.1f}", f"{s['mvterms']['p99_us']:.1f}",
                f"{s['fts5']['median_us']:.1f}", f"{s['fts5']['p99_us']:.1f}",
                f"{s['ratio_median']:.2f}", f"{s['ratio_p99']:.2f}",
                f"{s['fts5_comparable']['median_us']:.1f}", f"{s['ratio_median_vs_comparable']:.2f}",
            ])
        out += [table(rows), "", "ratio = mvterms / FTS5 (below 1: mvterms is faster).", ""]
        out += ["## Index build (separate processes)", ""]
        rows = [["corpus", "mvterms build s", "FTS5 build s", "ratio", "mvterms peak RSS MB",
                 "(corpus loaded) MB", "FTS5 peak RSS MB", "(rows loaded) MB", "mvterms index MB", "FTS5 db MB"]]
        for name, d in res["scale"].items():
            b = d["build"]
            rows.append([
                name, f"{b['mvterms']['build_ms_median'] / 1000:.2f}", f"{b['fts5']['build_ms_median'] / 1000:.2f}",
                f"{b['ratio_build']:.2f}", f"{b['mvterms']['peak_rss_mb']:.0f}", f"{b['mvterms']['rss_loaded_mb']:.0f}",
                f"{b['fts5']['peak_rss_mb']:.0f}", f"{b['fts5']['rss_loaded_mb']:.0f}",
                f"{b['mvterms']['index_mb']:.1f}", f"{b['fts5']['index_mb']:.1f}",
            ])
        out += [table(rows), ""]
        out += ["## Per-query medians (µs) and matches", ""]
        for name, d in res["scale"].items():
            s = d["search"]
            rows = [["query", "mvterms", "matches", "FTS5", "matches", "FTS5 comparable"]]
            for i, q in enumerate(s["queries"]):
                rows.append([
                    q.replace("|", "\\|"), f"{s['mvterms']['per_query_median_us'][i]:.1f}", s["totals"]["mvterms"][i],
                    f"{s['fts5']['per_query_median_us'][i]:.1f}", s["totals"]["fts5"][i],
                    f"{s['fts5_comparable']['per_query_median_us'][i]:.1f}",
                ])
            out += [f"### {name}", "", table(rows), ""]
    if res.get("http"):
        h = res["http"]
        out += [f"## HTTP (wrk, {h['connections']} connections, {h['threads']} threads, {h['seconds']} s per turn, real corpus)", ""]
        rows = [["endpoint", "req/s (median)", "p50 ms", "p99 ms (median)", "p99 ms (worst)", "errors"]]
        for name in ("healthz", "search"):
            e = h[name]
            rows.append([name, f"{e['rps_median']:.0f}", f"{e['p50_ms_median']:.2f}", f"{e['p99_ms_median']:.2f}",
                         f"{e['p99_ms_worst']:.2f}", e["errors"]])
        out += [table(rows), "", f"/v1/search throughput / /healthz throughput: {h['ratio_rps']:.2f}. "
                f"Server RSS: {h['rss_idle_mb']:.1f} MB idle, {h['rss_after_mb']:.1f} MB after the load, "
                f"peak {h['rss_peak_mb']:.1f} MB.", ""]
    if res.get("cold"):
        c = res["cold"]
        out += ["## Cold start (process start → first answered search, median of "
                f"{len(c['with_index_ms'])})", "",
                table([["case", "ms"],
                       ["serve, index present", f"{c['with_index_ms_median']:.0f}"],
                       ["serve, index rebuilt", f"{c['with_rebuild_ms_median']:.0f}"],
                       ["`mvterms search avatar` (CLI, index present)", f"{c['cli_search_ms_median']:.0f}"]]), ""]
    if res.get("check"):
        c = res["check"]
        out += ["## Draft check vs textlint + textlint-rule-terminology", ""]
        out += [f"Skipped: {c['skipped']}." if "skipped" in c else "```text\n" + c["output"] + "\n```", ""]
    if res.get("pages"):
        import pages_bench
        out += pages_bench.report(res["pages"], table)
    return "\n".join(out)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sizes", default="real,100000,1000000",
                   help="corpora: 'real' and/or synthetic entry counts (default: real,100000,1000000)")
    p.add_argument("--seed", type=int, default=20240601)
    p.add_argument("--rounds", type=int, default=0,
                   help="timed calls per query per pass (default: 200 real, 20 at 100k, 5 at 1M)")
    p.add_argument("--passes", type=int, default=2, help="turns each engine takes (default 2)")
    p.add_argument("--build-reps", type=int, default=0, help="builds per engine (default: 3, 1 at 1M)")
    p.add_argument("--http-seconds", type=int, default=10)
    p.add_argument("--http-turns", type=int, default=2)
    p.add_argument("--connections", type=int, default=64)
    p.add_argument("--wrk-threads", type=int, default=2)
    p.add_argument("--cold-reps", type=int, default=10)
    p.add_argument("--pages-rounds", type=int, default=20, help="timed requests per page path (default 20)")
    p.add_argument("--skip", default="", help="comma-separated: scale,http,cold,check,pages")
    args = p.parse_args()
    skip = set(filter(None, args.skip.split(",")))

    res = {"started": time.time(), "command": " ".join(["bench/run.sh", *sys.argv[1:]]), "machine": machine()}
    log("building release binaries")
    mvterms = cargo_executable(["build", "--release", "--bin", "mvterms"], "mvterms")
    scale = cargo_executable(["bench", "--bench", "scale", "--no-run"], "scale")
    queries_file = os.path.join(BENCH, "queries.txt")
    with open(queries_file, encoding="utf-8") as f:
        queries = [l.strip() for l in f if l.strip() and not l.strip().startswith("#")]

    if "scale" not in skip:
        res["scale"] = {}
        for size, rows in datasets(scale, args.sizes.split(","), args.seed):
            name = "real" if size == "real" else f"{int(size) // 1000}k"
            big = size != "real" and int(size) >= 500_000
            rounds = args.rounds or (200 if size == "real" else 5 if big else 20)
            reps = args.build_reps or (1 if big else 3)
            build = build_both(scale, name, rows, reps)
            search = search_both(scale, name, rows, queries_file, rounds, args.passes)
            res["scale"][name] = {"build": build, "search": search, "rounds": rounds}
    if "http" not in skip:
        if shutil.which("wrk") is None:
            raise SystemExit("wrk is not installed (bench/run.sh installs it)")
        res["http"] = http_bench(mvterms, queries, args.http_seconds, args.connections, args.wrk_threads,
                                 args.http_turns)
    if "cold" not in skip:
        res["cold"] = cold_start(mvterms, args.cold_reps)
    if "check" not in skip:
        res["check"] = check_bench(mvterms)
    if "pages" not in skip:
        import pages_bench
        if shutil.which("wrk") is None:
            raise SystemExit("wrk is not installed (bench/run.sh installs it)")
        res["pages"] = pages_bench.run(mvterms, queries, args.http_seconds, args.connections, args.wrk_threads,
                                       args.http_turns, args.pages_rounds, Server, wrk, log, WORK)
    res["loadavg_end"] = open("/proc/loadavg").read().split()[:3]

    os.makedirs(RESULTS, exist_ok=True)
    with open(os.path.join(RESULTS, "latest.json"), "w") as f:
        json.dump(res, f, indent=1, ensure_ascii=False)
    md = report(res)
    with open(os.path.join(RESULTS, "latest.md"), "w") as f:
        f.write(md + "\n")
    print(md)


if __name__ == "__main__":
    main()
