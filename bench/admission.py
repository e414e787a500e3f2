#!/usr/bin/env python3
"""Search latency under heavy drafts (issue 14, admission control), side by side in one run:
`/v1/search` at a steady pace on an idle server, then with 8 clients posting worst-case drafts
to `/v1/check` without pause (on `503 overloaded` they try again after 0.1 s, ignoring
Retry-After, as a careless CI job would); the two conditions take turns for --rounds rounds.
The drafts are the worst the check takes on (`loadlib.worst_case_drafts`: each just inside
every draft bound and slowest to check, 8 MiB by default — the API's body limit). Loopback
only; bounded in time (about rounds × 2 × (duration + 2) s); stops by itself.

    bench/admission.py                    # 2 rounds of 20 s per condition, 8 MiB drafts
    bench/admission.py --rounds 1 --duration 10 --draft-size 1MiB
"""

import argparse
import json
import os
import sys
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from loadlib import (ROOT, Client, Server, build_release, dump, log, percentile, queries,
                     worst_case_drafts)


def search_load(server, seconds, searchers, interval):
    """`searchers` connections, each sending a search every `interval` s; latencies in s."""
    qs = queries()
    out, lock = [], threading.Lock()
    statuses = {}
    stop_at = time.monotonic() + seconds

    def run(n):
        client, i = Client(server), n * 7
        next_at = time.monotonic()
        while time.monotonic() < stop_at:
            i += 1
            path = "/v1/search?q=" + urllib.parse.quote_plus(qs[i % len(qs)]) + "&limit=10"
            started = time.monotonic()
            status, _, _ = client.request("GET", path)
            took = time.monotonic() - started
            with lock:
                out.append(took)
                statuses[status] = statuses.get(status, 0) + 1
            next_at += interval
            time.sleep(max(0, next_at - time.monotonic()))
        client.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(searchers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return out, statuses


class Drafts:
    """`n` clients posting worst-case drafts in a loop until stopped."""

    def __init__(self, server, n, drafts):
        self.stop = threading.Event()
        self.counts, self.lock = {}, threading.Lock()
        self.seconds = []
        self.threads = [threading.Thread(target=self.run, args=(server, k, drafts)) for k in range(n)]
        for t in self.threads:
            t.start()

    def run(self, server, k, drafts):
        client, i = Client(server, timeout=120), k
        while not self.stop.is_set():
            name, body = drafts[i % len(drafts)]
            i += 1
            started = time.monotonic()
            status, _, data = client.request("POST", "/v1/check", body, "text/plain")
            label = "503 overloaded" if status == 503 and b'"overloaded"' in data else str(status)
            with self.lock:
                self.counts[label] = self.counts.get(label, 0) + 1
                if status == 200:
                    self.seconds.append(time.monotonic() - started)
            if label == "503 overloaded":
                time.sleep(0.1)
        client.close()

    def end(self):
        self.stop.set()
        for t in self.threads:
            t.join()


def summary(latencies):
    ms = [x * 1000 for x in latencies]
    return {"n": len(ms), "p50_ms": round(percentile(ms, 50), 2), "p90_ms": round(percentile(ms, 90), 2),
            "p99_ms": round(percentile(ms, 99), 2), "max_ms": round(max(ms), 2) if ms else None}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--duration", type=float, default=20, help="seconds per condition and round")
    ap.add_argument("--searchers", type=int, default=4, help="search connections")
    ap.add_argument("--interval", type=float, default=0.02, help="seconds between one connection's searches")
    ap.add_argument("--drafters", type=int, default=8)
    ap.add_argument("--draft-size", default="8MiB", help="bytes of each worst-case draft (K, MiB)")
    ap.add_argument("--binary", help="a built mvterms (default: cargo build --release)")
    ap.add_argument("--out", default=os.path.join(ROOT, "bench", "results", "admission.json"))
    args = ap.parse_args()
    if args.rounds * args.duration > 1200:
        raise SystemExit("at most 1200 s of load per condition")
    binary = args.binary or build_release()
    server = Server(binary)
    size = args.draft_size.upper()
    size = int(float(size[:-3]) * (1 << 20)) if size.endswith("MIB") else \
        int(float(size[:-1]) * 1000) if size.endswith("K") else int(size)
    drafts = sorted(worst_case_drafts(size).items())
    log(f"server pid {server.proc.pid}; drafts: " + ", ".join(f"{k} {len(v) // 1024} KiB" for k, v in drafts))
    idle, loaded, idle_status, loaded_status = [], [], {}, {}
    draft_counts, draft_seconds = {}, []
    rss_peak = 0
    for r in range(args.rounds):
        lat, st = search_load(server, args.duration, args.searchers, args.interval)
        idle += lat
        for k, v in st.items():
            idle_status[k] = idle_status.get(k, 0) + v
        log(f"round {r + 1} idle: {summary(lat)}")
        d = Drafts(server, args.drafters, drafts)
        time.sleep(2)
        lat, st = search_load(server, args.duration, args.searchers, args.interval)
        rss_peak = max(rss_peak, server.rss_kb())
        d.end()
        loaded += lat
        for k, v in st.items():
            loaded_status[k] = loaded_status.get(k, 0) + v
        for k, v in d.counts.items():
            draft_counts[k] = draft_counts.get(k, 0) + v
        draft_seconds += d.seconds
        log(f"round {r + 1} with {args.drafters} drafters: {summary(lat)}; drafts {d.counts}")
    stopped_in = server.stop()
    load = os.getloadavg()
    result = {
        "searchers": args.searchers, "interval_s": args.interval, "drafters": args.drafters,
        "rounds": args.rounds, "duration_s": args.duration,
        "idle": summary(idle) | {"status": idle_status},
        "with_drafts": summary(loaded) | {"status": loaded_status},
        "drafts": {"answers": draft_counts, "checked": summary(draft_seconds)},
        "draft_bytes": {k: len(v) for k, v in drafts},
        "server_rss_peak_mb": round(rss_peak / 1024, 1),
        "sigterm_exit_s": None if stopped_in is None else round(stopped_in, 2),
        "load_average_at_end": [round(x, 2) for x in load],
    }
    dump(args.out, result)
    print(json.dumps(result, indent=1))
    ratio = result["with_drafts"]["p99_ms"] / result["idle"]["p99_ms"]
    print(f"/v1/search p99: idle {result['idle']['p99_ms']} ms, with {args.drafters} drafters "
          f"{result['with_drafts']['p99_ms']} ms ({ratio:.2f}×); goal < 50 ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
