#!/usr/bin/env python3
"""Trial (issue 9): WordNet synonym sets as curated synonyms, measured on the dev queries.

Reads WordNet 3.0 from the Debian package `wordnet-base` (/usr/share/wordnet; WordNet licence,
permissive), keeps each synset's lemmas that the English corpus uses (as written or with a
plural/verb ending) and for which the synset is among their N most frequent senses (WordNet
orders senses by tagged frequency), writes them as [[synonym]] sets (reason: "WordNet 3.0 POS
OFFSET: gloss") after corpus/synonyms.toml in a copy of the corpus, drops the sets the corpus
validation refuses (a pair already listed, two lemmas of one stem), and scores the copy.

    apt-get install wordnet-base
    cargo build --release && bench/relevance/wordnet/trial.py --senses 1
"""
import argparse, collections, glob, os, re, shutil, subprocess, sys, tempfile, tomllib

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
WORDNET = "/usr/share/wordnet"
# Lemmas too general to stand for a notion.
GENERAL = set("be have do make get go take use set one way part form kind type thing point state time".split())


def corpus_text():
    texts = []
    for p in glob.glob(os.path.join(ROOT, "corpus", "*", "*.toml")):
        with open(p, "rb") as f:
            e = tomllib.load(f)
        if "definition" in e and e.get("lang", "en") == "en":
            texts.append((e["term"] + " . " + e["definition"] + " . " + " ".join(e.get("notes", []))).lower())
    return " \n".join(texts)


def synsets(senses):
    blob = corpus_text()
    words = collections.Counter(re.findall(r"[a-z][a-z\-]+", blob))

    def forms(w):
        out = {w, w + "s", w + "es", w + "ed", w + "d", w + "ing"}
        if w.endswith("e"):
            out.add(w[:-1] + "ing")
        if w.endswith("y"):
            out |= {w[:-1] + "ies", w[:-1] + "ied"}
        return out

    def present(lemma):
        if "_" in lemma:
            return lemma.replace("_", " ") in blob
        return any(words.get(f, 0) > 0 for f in forms(lemma))

    out = []
    for pos in ("noun", "verb", "adj", "adv"):
        top = collections.defaultdict(set)
        with open(os.path.join(WORDNET, f"index.{pos}")) as f:
            for line in f:
                if line.startswith(" "):
                    continue
                fs = line.split()
                pointers = int(fs[3])
                for offset in fs[4 + pointers + 2:][:senses]:
                    top[offset].add(fs[0])
        with open(os.path.join(WORDNET, f"data.{pos}")) as f:
            for line in f:
                if line.startswith(" "):
                    continue
                head, _, gloss = line.partition("|")
                fs = head.split()
                offset, count = fs[0], int(fs[3], 16)
                lemmas = [re.sub(r"\(.*\)", "", fs[4 + 2 * i].lower()) for i in range(count)]
                keep = [l for l in dict.fromkeys(lemmas)
                        if l in top[offset] and present(l) and l not in GENERAL and len(l) > 2]
                if len(keep) >= 2:
                    gloss = gloss.strip().split(";")[0].replace('"', "'").replace("\\", "")
                    out.append((pos, offset, [l.replace("_", " ") for l in keep], gloss))
    return out


def block(pos, offset, lemmas, gloss):
    terms = ", ".join(f'"{l}"' for l in lemmas)
    return f'\n[[synonym]]\nterms = [{terms}]\nreason = "WordNet 3.0 {pos} {offset}: {gloss}"\n'


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--senses", type=int, default=1, help="a synset counts for a lemma among its N most frequent senses")
    p.add_argument("--binary", default=os.path.join(ROOT, "target", "release", "mvterms"))
    a = p.parse_args()
    sets = synsets(a.senses)
    with tempfile.TemporaryDirectory() as tmp:
        copy = os.path.join(tmp, "corpus")
        shutil.copytree(os.path.join(ROOT, "corpus"), copy)
        with open(os.path.join(ROOT, "corpus", "synonyms.toml")) as f:
            base = f.read()
        blocks = [block(*s) for s in sets]
        for _ in range(8):
            with open(os.path.join(copy, "synonyms.toml"), "w") as f:
                f.write(base + "".join(blocks))
            r = subprocess.run([a.binary, "search", "avatar", "--corpus", copy, "--index", os.path.join(tmp, "ix"), "--json"],
                               capture_output=True, text=True)
            bad = {int(m) for m in re.findall(r"synonyms.toml:(\d+):", r.stderr)}
            if not bad:
                break
            line, drop = base.count("\n") + 1, set()
            for i, b in enumerate(blocks):
                n = b.count("\n")
                if any(line <= x < line + n + 1 for x in bad):
                    drop.add(i)
                line += n
            blocks = [b for i, b in enumerate(blocks) if i not in drop]
        print(f"{len(sets)} synsets, {len(blocks)} sets accepted by the corpus validation", file=sys.stderr)
        subprocess.run([sys.executable, os.path.join(ROOT, "bench", "relevance", "score.py"), "--binary", a.binary,
                        "--corpus", copy], check=True)


if __name__ == "__main__":
    main()
