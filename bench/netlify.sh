#!/usr/bin/env bash
# A Netlify deploy of one edited referat, as netlify.toml runs it (issue 18): before each build the output and
# .sitegen-cache are restored as netlify-plugin-cache restores them (a recursive copy: every file gets a new write
# time and inode; the folder SiteGen puts aside beside the output is not cached) and the input is a fresh checkout
# (new write times). What is timed is the build after that restore; the restore itself is Netlify's.
#   bash bench/netlify.sh [meetings] [deploys]     default 10000 meetings, 3 deploys (median)
# The site goes to /dev/shm/sitegen-netlify when there is a RAM file system with room, else bench/work
# (BENCH_OUT=<dir> to choose).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}; deploys=${2:-3}
work=bench/work
mkdir -p "$work"
dotnet build -c Release src/SiteGen >/dev/null
dotnet build -c Release bench/SiteGen.Bench >/dev/null
sitegen="dotnet src/SiteGen/bin/Release/net10.0/SiteGen.dll"
bench="dotnet bench/SiteGen.Bench/bin/Release/net10.0/SiteGen.Bench.dll"
. bench/common.sh
if [ -z "${BENCH_OUT:-}" ] && [ -d /dev/shm ] && [ "$(df -k --output=avail /dev/shm | tail -1)" -gt $(( n * 600 )) ] \
   && [ "$(df --output=iavail /dev/shm | tail -1)" -gt $(( n * 100 )) ]; then
  site=/dev/shm/sitegen-netlify
else
  site=${BENCH_OUT:-$work}/netlify-$n
fi
rm -rf "$site"; mkdir -p "$site"
repo=$site/repo # Netlify's /opt/build/repo: input, output/ and .sitegen-cache/ side by side
$bench generate "$n" "$work/input-$n" >/dev/null
cp -r "$work/input-$n" "$repo.input"; mkdir -p "$repo"; mv "$repo.input" "$repo/input"
wait_out_stamp_margin
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1764547200}
build="$sitegen build --input $repo/input --output $repo/output --cache $repo/.sitegen-cache"
echo "# A Netlify deploy of one edit at $n meetings ($(date -u '+%Y-%m-%d %H:%M') UTC, $(nproc) cores, load" \
  "$(cut -d' ' -f1 /proc/loadavg); site in $site)"
echo
rm -f "$work"/netlify-*.times
time_cmd netlify-full $build --clean
read -r wall rss user sys < "$work/netlify-full.times"
echo "| build | wall s | CPU s | largest process MiB | reused |"
echo "|---|---|---|---|---|"
echo "| first deploy (no cache): full build | $wall | $(calc "$user + $sys") | $(( rss / 1024 )) | – |"
referat=$(find "$repo/input/referater" -name '*.md' | sort | tail -n 1)
cp "$referat" "$work/netlify-edited.md"
for i in $(seq 1 "$deploys"); do
  # netlify-plugin-cache's restore (fs.cp, recursive, no preserveTimestamps) and a fresh clone: copies of everything.
  rm -rf "$repo"/.output.old-* "$repo"/.output.staging-*
  for x in output .sitegen-cache input; do
    cp -r "$repo/$x" "$repo/$x.restored"; rm -rf "${repo:?}/$x"; mv "$repo/$x.restored" "$repo/$x"
  done
  sed -i "0,/^sted: /s/^sted: \(.*\)$/sted: \1 (rettet $i)/" "$referat"
  wait_out_stamp_margin # a checkout is older than that when the build starts (npm ci and dotnet build run first)
  SITEGEN_STEPLOG=1 time_cmd "netlify-deploy-$i" $build
  read -r wall rss user sys < "$work/netlify-deploy-$i.times"
  echo "$wall" >> "$work/netlify-deploys.times"
  echo "| deploy $i: one edit of the newest referat after a restore | $wall | $(calc "$user + $sys") | $(( rss / 1024 )) |" \
    "$(grep -E '^(Søgeindeks|Genbrugt fra sidste bygning):' "$work/netlify-deploy-$i.log" | paste -sd ' ') |"
done
cp "$work/netlify-edited.md" "$referat"
echo
echo "median deploy: $(median < "$work/netlify-deploys.times") s, against the full build's $(cut -d' ' -f1 "$work/netlify-full.times") s" \
  "(ratio $(calc "$(median < "$work/netlify-deploys.times") / $(cut -d' ' -f1 "$work/netlify-full.times")"))."
echo "Logs (stages, sub-steps): $work/netlify-full.log, $work/netlify-deploy-*.log"
rm -rf "$site"
