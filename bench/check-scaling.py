#!/usr/bin/env python3
"""Check time and peak memory against draft size, on adversarial drafts (issue 14).

Builds each kind of hostile draft at each size (10 KB … 8 MiB by default), runs the release
`mvterms check` on it under /usr/bin/time -v, and, with --server, posts it to a release server
(`mvterms serve` on a loopback port the kernel picks, one fresh server per kind) and reads the
server's peak RSS during that request (its high-water mark, reset before each request through
/proc/PID/clear_refs). Prints a Markdown table: wall time, peak RSS, and the ratio of each to
the previous size (linear work gives ratios close to the size ratio). A run that stops with an
error naming a limit (exit 2 / `422 draft_too_complex`) shows the limit's name; its time and
memory are those of reading the draft up to the refusal.

    cargo build --release
    python3 bench/check-scaling.py                       # every kind, 10 KB … 8 MiB, CLI
    python3 bench/check-scaling.py --server              # the same, and through the API
    python3 bench/check-scaling.py --kinds hyphen-run,definitions --sizes 10K,1M
    python3 bench/check-scaling.py --ext md              # the text kinds read as Markdown (or adoc)
    python3 bench/check-scaling.py --bin /path/to/other/mvterms   # e.g. a build of main

For the .docx kinds the size is that of word/document.xml (the file itself is far smaller:
the XML is compressed). Each measurement is the median of --runs runs (default 3; 8 MiB drafts
once unless --runs is given). Drafts are written to a temporary folder and removed afterwards.
"""

import argparse
import http.client
import io
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HEAD = "1 Scope\nThis Recommendation defines terms.\n\n3 Definitions\n\n"


def fill(unit, size, prefix=HEAD + "3.1 a "):
    """`prefix` then `unit` repeated up to `size` bytes in all, and a newline."""
    budget = max(size - len(prefix.encode()) - 1, len(unit.encode()))
    count = budget // len(unit.encode())
    return prefix + unit * count + "\n"


def lines(size, head, line_of):
    """`head`, then `line_of(0)`, `line_of(1)`, … as long as the draft stays within `size`
    bytes (at least one line)."""
    out, i, total = [head], 0, len(head.encode())
    while True:
        line = line_of(i)
        n = len(line.encode())
        if total + n > size and i > 0:
            break
        out.append(line)
        total += n
        i += 1
    return "".join(out)


def definitions(size):
    return lines(size, HEAD, lambda i: "3.1.%d term%d: a thing %d that other terms use.\n" % (i, i, i))


BODY = HEAD + "3.1 avatar: a representation of a user.\n\n5 Body\n"


def short_lines(size):
    return lines(size, BODY, lambda i: "word%d a-b\n" % (i % 1000))


def body_hyphens(size):
    return fill("real-time ", size, HEAD + "3.1 real-time: without delay.\n\n5 Body\n")


def paragraphs(size):
    """Short paragraphs separated by blank lines (each one a paragraph of its own)."""
    return lines(size, BODY + "\n", lambda i: "word%d a-b\n\n" % (i % 1000))


WORDS = ("a representation of the user in a virtual world that other users can see and "
         "interact with in real time through an immersive persistent shared space").split()


def long_definitions(size):
    """Definitions of 100 ordinary words each (about 650 bytes), as many as fill `size`."""
    def line(i):
        text = " ".join(WORDS[(i * 7 + k * k) % len(WORDS)] for k in range(100))
        return "3.1.%d term %d: %s.\n" % (i, i, text)
    return lines(size, HEAD, line)


def long_terms(size):
    """Terms of 50 words each (a-a-a-…, the most max_term_words takes), as many as fill `size`."""
    return lines(size, HEAD, lambda i: "3.1.%d %s%d: a thing.\n" % (i, "a-" * 49, i))


def blank_lines(size):
    """Nothing but line breaks after a short draft (8 MiB: eight million empty lines)."""
    return BODY + "\n" * max(size - len(BODY.encode()), 1)


def spaced_paragraphs(size):
    """Short paragraphs, each followed by 38 blank lines: at 8 MiB just under max_paragraphs,
    with 7 million lines."""
    return lines(size, BODY + "\n", lambda i: "w%d.\n%s" % (i, "\n" * 38))


def in_paragraphs(unit):
    """`unit` repeated in paragraphs of up to 250 000 bytes (under max_paragraph_bytes), as
    many as fill the size: what the one-paragraph kinds become just inside the bounds."""
    def make(size):
        per = max(1, min(250_000, size - len(BODY.encode()) - 2) // len(unit.encode()))
        para = unit * per + "\n\n"
        return lines(size, BODY + "\n", lambda i: para)
    return make


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def docx(xml_size, paragraph):
    """A .docx whose word/document.xml holds `paragraph` repeated up to `xml_size` bytes."""
    head = '<?xml version="1.0" encoding="UTF-8"?><w:document %s><w:body>' % W
    tail = "</w:body></w:document>"
    count = max(1, (xml_size - len(head) - len(tail)) // len(paragraph))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.'
                   'openxmlformats.org/package/2006/content-types"/>')
        z.writestr("word/document.xml", head + paragraph * count + tail)
    return out.getvalue()


def docx_text(xml_size):
    """Paragraphs of 200 KB of ordinary words: the .docx just inside the bounds."""
    run = "<w:p><w:r><w:t>%s</w:t></w:r></w:p>" % ("real-time avatar " * 12_000)
    return docx(xml_size, run)


KINDS = {
    # One definition whose text is a long run of "a-a-a-…".
    "hyphen-run": lambda n: fill("a-", n),
    # One giant word.
    "giant-word": lambda n: fill("a", n),
    # A letter followed by combining marks only (one grapheme).
    "combining": lambda n: fill("\u0301", n, HEAD + "3.1 a a"),
    # Letters joined by zero-width joiners / zero-width spaces.
    "zwj": lambda n: fill("a\u200d", n),
    "zwsp": lambda n: fill("a\u200b", n),
    # Han characters without spaces.
    "cjk": lambda n: fill("\u8a9e", n),
    # A long run of digits.
    "digits": lambda n: fill("1", n),
    # Many clause-3 definitions (20 000 is about 0.9 MB).
    "definitions": definitions,
    # Many short lines in the body.
    "short-lines": short_lines,
    # One hyphenated word, repeated in the body.
    "body-hyphens": body_hyphens,
    # Just under the draft bounds (src/check/bounds.rs) where the bounds stop them: short
    # paragraphs, long definitions, long terms.
    "paragraphs": paragraphs,
    "long-definitions": long_definitions,
    "long-terms": long_terms,
    # Line-heavy drafts: empty lines, and paragraphs far apart.
    "blank-lines": blank_lines,
    "spaced-paragraphs": spaced_paragraphs,
    # The one-paragraph kinds cut into paragraphs under the bounds: admitted at every size.
    "cjk-paragraphs": in_paragraphs("\u8a9e"),
    "hyphen-paragraphs": in_paragraphs("real-time "),
    "zwsp-paragraphs": in_paragraphs("a\u200b"),
    # Word files: many short paragraphs, empty paragraphs (a few KB of zip), long paragraphs.
    "docx-paragraphs": lambda n: docx(n, "<w:p><w:r><w:t>x y.</w:t></w:r></w:p>"),
    "docx-empty": lambda n: docx(n, "<w:p/>"),
    "docx-text": docx_text,
}

MEDIA = {"txt": "text/plain", "md": "text/markdown", "adoc": "text/asciidoc",
         "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


def parse_size(s):
    s = s.strip().upper()
    for suffix, mult in (("MIB", 1 << 20), ("M", 1 << 20), ("KB", 1000), ("K", 1000)):
        if s.endswith(suffix):
            return int(float(s[: -len(suffix)]) * mult)
    return int(s)


def human(n):
    if n >= 1 << 20:
        return "%g MiB" % round(n / (1 << 20), 2)
    return "%g KB" % round(n / 1000, 1)


def run(binary, path, corpus):
    cmd = ["/usr/bin/time", "-v", binary, "check", "--format", "json", "--corpus", corpus, path]
    p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = rss = None
    err = []
    for line in p.stderr.splitlines():
        line = line.strip()
        if line.startswith("Elapsed (wall clock) time"):
            t = line.rsplit(" ", 1)[1].split(":")
            wall = sum(float(x) * 60 ** i for i, x in enumerate(reversed(t)))
        elif line.startswith("Maximum resident set size"):
            rss = int(line.rsplit(" ", 1)[1]) * 1024
        elif not line.startswith(("Command", "User time", "System time", "Percent", "Average",
                                  "Major", "Minor", "Voluntary", "Involuntary", "Swaps",
                                  "File system", "Socket", "Signals", "Page size", "Exit status")):
            err.append(line)
    exit_code = p.returncode
    return wall, rss, exit_code, (err[0] if err else "")


def post(server, path, media):
    """Posts the draft at `path` to the server; (seconds, peak RSS of the server in bytes
    during the request, status, error code or "")."""
    with open(f"/proc/{server.proc.pid}/clear_refs", "w") as f:
        f.write("5")  # resets the high-water mark of the resident set
    with open(path, "rb") as f:
        body = f.read()
    conn = http.client.HTTPConnection(server.host, server.port, timeout=120)
    started = time.monotonic()
    conn.request("POST", "/v1/check", body=body, headers={"Content-Type": media})
    r = conn.getresponse()
    data = r.read()
    took = time.monotonic() - started
    conn.close()
    with open(f"/proc/{server.proc.pid}/status") as f:
        hwm = next(int(l.split()[1]) * 1024 for l in f if l.startswith("VmHWM:"))
    code = ""
    if r.status != 200:
        try:
            code = json.loads(data)["error"]["message"]
        except (ValueError, KeyError):
            code = data[:80].decode(errors="replace")
    return took, hwm, r.status, code


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=os.path.join(ROOT, "target/release/mvterms"))
    ap.add_argument("--corpus", default=os.path.join(ROOT, "corpus"))
    ap.add_argument("--kinds", default=",".join(KINDS))
    ap.add_argument("--sizes", default="10K,100K,1M,8MiB")
    ap.add_argument("--runs", type=int, default=None)
    ap.add_argument("--ext", default="txt", choices=["txt", "md", "adoc"],
                    help="file extension (so format) of the text kinds")
    ap.add_argument("--server", action="store_true", help="also post each draft to a server")
    ap.add_argument("--no-cli", action="store_true", help="only the server (with --server)")
    args = ap.parse_args()
    if not os.path.exists(args.bin):
        sys.exit("no binary at %s: run `cargo build --release` first" % args.bin)
    sizes = [parse_size(s) for s in args.sizes.split(",")]
    print("| draft | size | CLI time (median) | × prev | CLI peak RSS | × prev | exit "
          "| server time | server peak RSS | answer |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for kind in args.kinds.split(","):
            server = None
            if args.server:
                from loadlib import Server
                server = Server(args.bin)
            prev = None
            for size in sizes:
                made = KINDS[kind](size)
                ext = "docx" if isinstance(made, bytes) else args.ext
                path = os.path.join(tmp, "%s-%d.%s" % (kind, size, ext))
                with open(path, "wb") as f:
                    f.write(made if isinstance(made, bytes) else made.encode())
                real = size if ext == "docx" else os.path.getsize(path)
                runs = args.runs or (1 if real > 4 << 20 else 3)
                cli = "| | | | | "
                if not args.no_cli:
                    results = [run(args.bin, path, args.corpus) for _ in range(runs)]
                    wall = statistics.median(r[0] for r in results)
                    rss = statistics.median(r[1] for r in results)
                    code, err = results[0][2], results[0][3]
                    ratio_t = ratio_m = ""
                    if prev:
                        ratio_t = "%.1f" % (wall / max(prev[0], 1e-3))
                        ratio_m = "%.1f" % (rss / prev[1])
                    limit = re.search(r"limit (max_\w+)", err)
                    note = str(code) if code <= 1 else "%d: %s" % (code, limit.group(1) if limit else err[:80])
                    cli = "%.3f s | %s | %.1f MB | %s | %s |" % (wall, ratio_t, rss / 1e6, ratio_m, note)
                    prev = (wall, rss)
                srv = " | | |"
                if server:
                    posted = [post(server, path, MEDIA[ext]) for _ in range(runs)]
                    took = statistics.median(p[0] for p in posted)
                    hwm = statistics.median(p[1] for p in posted)
                    status, message = posted[0][2], posted[0][3]
                    limit = re.search(r"limit (max_\w+)", message)
                    answer = str(status) + (": " + (limit.group(1) if limit else message[:60]) if status != 200 else "")
                    srv = " %.3f s | %.1f MB | %s |" % (took, hwm / 1e6, answer)
                os.remove(path)
                shown = human(real) + (" XML (%s file)" % human(len(made)) if ext == "docx" else "")
                print("| %s | %s | %s%s" % (kind, shown, cli, srv), flush=True)
            if server:
                server.stop()


if __name__ == "__main__":
    main()
