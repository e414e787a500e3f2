#!/usr/bin/env python3
"""Writes english-frequency.tsv: the general-English background of `mvterms clusters`.

The keyness of a word in the metaverse definitions (src/clusters/keyness.rs) is measured
against how often the word is used in English at large. That frequency comes from the
`wordfreq` package (https://pypi.org/project/wordfreq/, version pinned below), which combines
Wikipedia, subtitles (OpenSubtitles, SUBTLEX), news, books (Google Books Ngrams), web text
(OSCAR), Twitter and Reddit. wordfreq's code is Apache-2.0; its data is CC BY-SA 4.0, so
english-frequency.tsv is CC BY-SA 4.0 too, with this attribution:
"wordfreq by Robyn Speer, https://github.com/rspeer/wordfreq, CC BY-SA 4.0".

Run once, and again only to refresh the table:

    pip install wordfreq==3.1.1
    python3 data/background/make_english_frequency.py

Output: a header comment, then one line per word, `word<TAB>frequency per billion words`,
the TOP most frequent words (letters and apostrophes) of the "large" English list, most frequent first.
"""

import importlib.metadata
import pathlib
import sys

import wordfreq

TOP = 30000
OUT = pathlib.Path(__file__).with_name("english-frequency.tsv")


def main() -> int:
    if importlib.metadata.version("wordfreq") != "3.1.1":
        print("warning: wordfreq is not 3.1.1; the table may differ", file=sys.stderr)
    rows = []
    for word in wordfreq.iter_wordlist("en", wordlist="large"):
        # Letters, and apostrophes inside words ("couldn't", "we're").
        if not word.replace("'", "").isalpha():
            continue
        per_billion = round(wordfreq.word_frequency(word, "en", wordlist="large") * 1e9)
        if per_billion < 1:
            break
        rows.append((word, per_billion))
        if len(rows) == TOP:
            break
    with OUT.open("w", encoding="utf-8", newline="\n") as f:
        f.write("# General-English word frequencies (per billion words) from wordfreq 3.1.1, "
                "list 'large'.\n")
        f.write("# wordfreq by Robyn Speer, https://github.com/rspeer/wordfreq, data CC BY-SA 4.0."
                " Made by make_english_frequency.py.\n")
        for word, freq in rows:
            f.write(f"{word}\t{freq}\n")
    print(f"wrote {len(rows)} words to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
