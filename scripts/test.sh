#!/usr/bin/env bash
# Runs every test (unit, validation, leak, feeds, browser, accessibility, HTML validity) and ends
# with the line "N passed, N failed". This is the README's test command; .ci/run calls it.
set -uo pipefail
cd "$(dirname "$0")/.."

# npm packages the tests and the build use (Pagefind, vnu-jar), pinned by package-lock.json.
if [ -f package-lock.json ] && [ ! -d node_modules ]; then
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error || { echo "npm ci failed"; echo "0 passed, 1 failed"; exit 1; }
fi

results=$(mktemp -d)
start=$(date +%s)
dotnet test SiteGen.sln -c Release --logger "trx;LogFileName=results.trx" --results-directory "$results" "$@"
rc=$?
echo "dotnet test took $(( $(date +%s) - start )) s"

# Count from the TRX files: what ran, not what the console happened to print.
python3 - "$results" <<'PY'
import sys, glob, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
for f in glob.glob(sys.argv[1] + "/**/*.trx", recursive=True):
    c = ET.parse(f).getroot().find("t:ResultSummary/t:Counters", ns)
    if c is None: continue
    passed += int(c.get("passed", 0)); failed += int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0)) + int(c.get("aborted", 0))
    skipped += int(c.get("notExecuted", 0))
print(f"{skipped} skipped (not counted as passed)")
if passed + failed == 0: failed = 1  # nothing ran: the build or the test host failed
print(f"{passed} passed, {failed} failed")
PY
if [ $rc -ne 0 ]; then exit $rc; fi
