#!/usr/bin/env bash
# Runs every test (unit, validation, leak, feeds, browser, accessibility, HTML validity) and ends
# with the line "N passed, N failed". This is the README's test command; .ci/run calls it.
# Tests run one group (test namespace) at a time, so each group's wall-clock time is printed.
# Extra arguments (e.g. --filter X) are passed to a single `dotnet test` run instead.
set -uo pipefail
cd "$(dirname "$0")/.."

# npm packages the tests and the build use (Pagefind, vnu-jar), pinned by package-lock.json.
if [ -f package-lock.json ] && [ ! -d node_modules ]; then
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error || { echo "npm ci failed"; echo "0 passed, 1 failed"; exit 1; }
fi

results=$(mktemp -d)
timings="$results/timings.tsv"
start=$(date +%s)
rc=0

t=$(date +%s)
if ! dotnet build SiteGen.sln -c Release --nologo -v quiet; then
  echo "build failed"; echo "0 passed, 1 failed"; exit 1
fi
printf 'build\t%s\n' "$(( $(date +%s) - t ))" >> "$timings"

run_group() { # name, then dotnet test arguments
  local name=$1; shift
  local t0; t0=$(date +%s)
  echo "== $name"
  dotnet test tests/SiteGen.Tests -c Release --no-build --nologo \
    --logger "trx;LogFileName=$name.trx" --results-directory "$results/$name" "$@" || rc=1
  printf '%s\t%s\n' "$name" "$(( $(date +%s) - t0 ))" >> "$timings"
}

if [ $# -gt 0 ]; then
  run_group selected "$@"
else
  # Every namespace under SiteGen.Tests that holds tests is a group (found in the sources, so a new
  # folder of tests is run without editing this list); tests in any other namespace run as "other".
  test_files=$(grep -rlE '\[(Fact|Theory)' tests/SiteGen.Tests --include='*.cs')
  groups=$(echo "$test_files" | xargs grep -hE '^namespace SiteGen\.Tests\.[A-Za-z]' \
    | sed -E 's/^namespace SiteGen\.Tests\.([A-Za-z0-9_]*).*/\1/' | sort -u)
  elsewhere=$(echo "$test_files" | xargs grep -LE '^namespace SiteGen\.Tests\.[A-Za-z]' || true)
  rest=""
  for g in $groups; do
    run_group "$g" --filter "FullyQualifiedName~SiteGen.Tests.$g."
    rest+="${rest:+&}FullyQualifiedName!~SiteGen.Tests.$g."
  done
  if [ -n "$elsewhere" ]; then run_group other --filter "$rest"; fi
fi
echo "dotnet build + test took $(( $(date +%s) - start )) s"

# Count from the TRX files: what ran, not what the console happened to print.
python3 - "$results" "$timings" <<'PY'
import sys, glob, os, re, collections, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
def seconds(d):  # TRX durations look like 00:00:01.2345678
    h, m, s = d.split(":"); return int(h) * 3600 + int(m) * 60 + float(s)
passed = failed = skipped = 0
per_group = collections.Counter(); per_class = collections.defaultdict(float)
for f in glob.glob(sys.argv[1] + "/**/*.trx", recursive=True):
    root = ET.parse(f).getroot()
    group = os.path.basename(os.path.dirname(f))
    c = root.find("t:ResultSummary/t:Counters", ns)
    if c is None: continue
    passed += int(c.get("passed", 0)); failed += int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0)) + int(c.get("aborted", 0))
    skipped += int(c.get("notExecuted", 0))
    per_group[group] += int(c.get("total", 0))
    names = {t.get("id"): t.find("t:TestMethod", ns).get("className") for t in root.iterfind("t:TestDefinitions/t:UnitTest", ns)}
    for r in root.iterfind("t:Results/t:UnitTestResult", ns):
        if r.get("duration"): per_class[names.get(r.get("testId"), "?")] += seconds(r.get("duration"))
print("\nTime per group (wall clock, fixtures included):")
for line in open(sys.argv[2]):
    name, secs = line.split("\t")
    count = f"{per_group[name]:4d} tests" if name in per_group else "         "
    print(f"  {name:<12} {count} {int(secs):5d} s")
print("Quality gates (sum of test durations per class, fixtures excluded):")
for cls, secs in sorted(per_class.items()):
    if ".Quality." in cls: print(f"  {cls.rsplit('.', 1)[1]:<28} {secs:7.1f} s")
print(f"{skipped} skipped (not counted as passed)")
if passed + failed == 0: failed = 1  # nothing ran: the build or the test host failed
print(f"{passed} passed, {failed} failed")
PY
if [ $rc -ne 0 ]; then exit $rc; fi
