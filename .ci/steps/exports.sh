#!/usr/bin/env bash
# CI step (run by .ci/run): export the real corpus in every format and validate each export
# with the standards' own validators, then check that the same validation refuses the bad
# fixtures (so this step can fail):
#   TBX-Basic:   jing against TBXcoreStructV03.rng (RELAX NG) and node-schematron against
#                TBX-Basic_DCA.sch (XSLT 2 Schematron);
#   SKOS:        rdflib parses the Turtle and the JSON-LD; pySHACL with skos.shacl.ttl finds no
#                violation in either;
#   Schema.org:  the JSON-LD parses as JSON with one DefinedTerm per concept;
#   CSV:         Python's csv module reads the header documented in the README and the rows.
# It installs the validators itself (apt: jing; pip: rdflib, pyshacl; npm: node-schematron and
# its missing slimdom-sax-parser, into target/ci-tools/, which git ignores).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
standards=${STANDARDS:-"$root/../shared/standards"}
if [ ! -d "$standards" ]; then
  if [ "${CI:-}" = "true" ]; then
    echo "exports: FAILED: no standards at $standards (CI needs ../shared beside the clone)"
    exit 1
  fi
  echo "exports: no standards at $standards; skipped"
  exit 0
fi
cd "$root"

# --- validators
if ! command -v jing >/dev/null 2>&1; then
  echo "exports: installing jing"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq jing) >/dev/null
fi
if ! python3 -c "import rdflib, pyshacl" >/dev/null 2>&1; then
  echo "exports: installing rdflib and pyshacl"
  python3 -m pip install -q rdflib pyshacl >/dev/null 2>&1 || python3 -m pip install -q --break-system-packages rdflib pyshacl >/dev/null
fi
tools="$root/target/ci-tools/node"
schematron="$tools/node_modules/.bin/node-schematron"
if [ ! -x "$schematron" ]; then
  echo "exports: installing node-schematron 2.1.0"
  mkdir -p "$tools"
  (cd "$tools" && npm install --silent --no-audit --no-fund node-schematron@2.1.0 slimdom-sax-parser >/dev/null)
fi
pyshacl_bin=$(command -v pyshacl || echo "python3 -m pyshacl")

cargo build --quiet --bin mvterms
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "${CARGO_TARGET_DIR:-$root/target}/debug/mvterms" "$tmp/mvterms"
out="$tmp/out"
mkdir -p "$out"
for f in tbx skos skos-jsonld jsonld csv; do
  "$tmp/mvterms" export --format "$f" --out "$out/concepts.$f" 2>/dev/null
done
mv "$out/concepts.skos" "$out/concepts.ttl"
# One collection only: relations to concepts left out must not be left dangling.
"$tmp/mvterms" export --format tbx --collection vocabulary --out "$out/vocabulary.tbx" 2>/dev/null
"$tmp/mvterms" export --format skos --collection metaverse --out "$out/metaverse.ttl" 2>/dev/null

status=0
pass() { echo "exports: ok: $*"; }
fail() { echo "exports: FAILED: $*"; status=1; }

rng="$standards/tbx/TBXcoreStructV03.rng"
sch="$standards/tbx/TBX-Basic_DCA.sch"
shapes="$standards/skos/skos.shacl.ttl"
ontology="$standards/skos/skosClassAndPropertyDefinitions.ttl"

relaxng() { jing "$rng" "$1" 2>/dev/null; }
schematron_check() { "$schematron" "$sch" "$1" >"$tmp/sch.log" 2>&1; }
shacl() { $pyshacl_bin -s "$shapes" -e "$ontology" -i rdfs -df "$2" "$1" >"$tmp/shacl.log" 2>&1; }

# --- TBX: the export is valid, the bad fixtures are not.
if relaxng "$out/concepts.tbx" >"$tmp/jing.log"; then pass "TBX export valid against the RELAX NG (jing exit 0)"; else cat "$tmp/jing.log"; fail "TBX export against the RELAX NG"; fi
if schematron_check "$out/concepts.tbx"; then pass "TBX export valid against the TBX-Basic Schematron"; else cat "$tmp/sch.log"; fail "TBX export against the Schematron"; fi
if relaxng "$out/vocabulary.tbx" >/dev/null && schematron_check "$out/vocabulary.tbx"; then pass "TBX export of one collection valid (RELAX NG and Schematron)"; else fail "TBX export of one collection"; fi
if relaxng "$standards/tbx/core_structure_bad.tbx" >/dev/null; then fail "core_structure_bad.tbx passed the RELAX NG"; else pass "core_structure_bad.tbx refused by the RELAX NG"; fi
if relaxng "$standards/tbx/poorly_formed_xml.tbx" >/dev/null; then fail "poorly_formed_xml.tbx passed the RELAX NG"; else pass "poorly_formed_xml.tbx refused by the RELAX NG"; fi
if schematron_check "$standards/tbx/basic_bad.tbx"; then fail "basic_bad.tbx passed the Schematron"; else pass "basic_bad.tbx refused by the Schematron"; fi
if schematron_check "$standards/tbx/poorly_formed_xml.tbx"; then fail "poorly_formed_xml.tbx passed the Schematron"; else pass "poorly_formed_xml.tbx refused by the Schematron"; fi
if relaxng "$standards/tbx/Example_Astronomy_DCA_VALID.tbx" >/dev/null && schematron_check "$standards/tbx/Example_Astronomy_DCA_VALID.tbx"; then pass "the validators accept the LTAC example"; else fail "the validators refuse the valid LTAC example"; fi

# --- SKOS: parsed by rdflib, no SHACL violation; a broken graph is refused.
for pair in "concepts.ttl turtle" "concepts.skos-jsonld json-ld"; do
  set -- $pair
  if python3 -c "import rdflib,sys; g=rdflib.Graph(); g.parse(sys.argv[1], format=sys.argv[2]); assert len(g) > 1000, len(g); print(len(g))" "$out/$1" "$2" >"$tmp/rdf.log" 2>&1; then
    pass "rdflib parses $1 ($(cat "$tmp/rdf.log") triples)"
  else
    cat "$tmp/rdf.log"; fail "rdflib on $1"
  fi
  if shacl "$out/$1" "$2" && grep -q "Conforms: True" "$tmp/shacl.log"; then
    pass "pySHACL: $1 conforms to skos.shacl.ttl (0 violations)"
  else
    head -40 "$tmp/shacl.log"; fail "pySHACL on $1"
  fi
done
if shacl "$out/metaverse.ttl" turtle && grep -q "Conforms: True" "$tmp/shacl.log"; then pass "pySHACL: the SKOS export of one collection conforms"; else head -20 "$tmp/shacl.log"; fail "pySHACL on the SKOS export of one collection"; fi
cat >"$tmp/bad.ttl" <<'EOF'
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<urn:x:a> a skos:Concept ; skos:prefLabel "a"@en, "b"@en ; skos:altLabel "a"@en .
EOF
if shacl "$tmp/bad.ttl" turtle; then fail "a SKOS graph with two English prefLabels passed pySHACL"; else pass "pySHACL refuses a broken SKOS graph"; fi

# --- Schema.org JSON-LD and CSV.
if python3 - "$out/concepts.jsonld" "$out/concepts.tbx" <<'EOF'
import json, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
assert doc["@type"] == "DefinedTermSet", doc["@type"]
terms = doc["hasDefinedTerm"]
concepts = open(sys.argv[2], encoding="utf-8").read().count("<conceptEntry ")
assert len(terms) == concepts, (len(terms), concepts)
assert all(t["@type"] == "DefinedTerm" and t["name"] for t in terms)
EOF
then pass "Schema.org JSON-LD: one DefinedTerm per concept"; else fail "Schema.org JSON-LD"; fi
if python3 - "$out/concepts.csv" <<'EOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8", newline="")))
header = ["concept_id", "preferred_designation", "designations", "entry_id", "collection", "term", "lang",
          "definition", "source", "year", "kind", "preferred_definition", "supersedes", "superseded_by"]
assert rows[0] == header, rows[0]
assert all(len(r) == len(header) for r in rows), "ragged rows"
assert len([r for r in rows[1:] if r[3]]) == 339, "one row per definition"
EOF
then pass "CSV: the documented header, one row per definition"; else fail "CSV"; fi

exit $status
