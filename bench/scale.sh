#!/usr/bin/env bash
# SiteGen alone at an archive size where Hugo + Pagefind cannot run on this machine (issue 18: 100,000 meetings
# must build with peak memory ≤ 4 GB, and an incremental build after one edit must take ≤ 30 s).
#   bash bench/scale.sh [meetings]      default 100000; BENCH_OUT=<dir> for the site (default bench/work, on disk:
#                                       a 100,000-meeting site is ≈ 21 GB, more than a RAM file system holds here)
# One run: a clean full build (wall, CPU, the largest process and the summed peak of all processes, memory per
# stage), then an incremental build after one edit of the newest referat and one after an edit of the oldest (the
# newest stays edited, so each timed build follows exactly one changed referat). Both edits are undone at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
work=bench/work
mkdir -p "$work"
out=${BENCH_OUT:-$work}/scale-$n
input="$work/input-$n"
cache="$work/cache-scale-$n"
dotnet build -c Release src/SiteGen >/dev/null
dotnet build -c Release bench/SiteGen.Bench >/dev/null
sitegen="dotnet src/SiteGen/bin/Release/net10.0/SiteGen.dll"
bench="dotnet bench/SiteGen.Bench/bin/Release/net10.0/SiteGen.Bench.dll"
. bench/common.sh

gen_start=$(date +%s)
$bench generate "$n" "$input" >/dev/null
echo "# SiteGen at $n meetings ($(date -u '+%Y-%m-%d %H:%M') UTC, $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg))"
echo
echo "input generated in $(( $(date +%s) - gen_start )) s: $(find "$input/referater" -name '*.md' | wc -l) referater," \
  "$(du -sb "$input" | cut -f1) bytes; site in $out"
wait_out_stamp_margin
rm -rf "$out" "$cache" "$work"/scale-*.times "$work"/scale-*.peak
# The full build: /usr/bin/time for wall, CPU and the largest process; peak_tree for all processes summed.
SITEGEN_MEMLOG=1 SITEGEN_STEPLOG=1 peak_tree scale-full /usr/bin/time -f "%e %M %U %S" -o "$work/scale-full.times" \
  $sitegen build --input "$input" --output "$out" --cache "$cache" --clean
read -r wall rss user sys < "$work/scale-full.times"
echo
echo "| measure | value |"
echo "|---|---|"
echo "| full build incl. search: wall s; CPU user+sys s | $wall; $(calc "$user + $sys") |"
echo "| peak memory: largest process; all processes summed (MiB) | $(( rss / 1024 )); $(( $(cat "$work/scale-full.peak") / 1024 )) (target ≤ 4096) |"
echo "| files / bytes written | $(find "$out" -type f | wc -l) / $(du -sb "$out" | cut -f1) |"
echo "| stages | $(grep '^Tid pr. trin:' "$work/scale-full.log" | sed 's/^Tid pr. trin: //') |"
echo "| cache files (bytes) | $(find "$cache" -type f -printf '%f %s, ' | sed 's/, $//') |"
find "$input/referater" -name '*.md' | sort > "$work/scale-referater.txt"
newest=$(tail -n 1 "$work/scale-referater.txt"); oldest=$(head -n 1 "$work/scale-referater.txt")
cp "$newest" "$work/scale-newest.md"; cp "$oldest" "$work/scale-oldest.md"
for which in newest oldest; do
  referat=$newest; [ "$which" = oldest ] && referat=$oldest
  sed -i "0,/^sted: /s/^sted: \(.*\)$/sted: \1 (rettet)/" "$referat"
  SITEGEN_STEPLOG=1 time_cmd "scale-incr-$which" $sitegen build --input "$input" --output "$out" --cache "$cache"
  read -r wall rss user sys < "$work/scale-incr-$which.times"
  echo "| incremental build after one edit of the $which referat: wall s; CPU s; largest process MiB | $wall" \
    "(target ≤ 30); $(calc "$user + $sys"); $(( rss / 1024 )); $(grep -E '^(Søgeindeks|Genbrugt fra sidste bygning|Tid pr. trin):' \
    "$work/scale-incr-$which.log" | paste -sd ' ') |"
done
cp "$work/scale-newest.md" "$newest"; cp "$work/scale-oldest.md" "$oldest"
echo
echo "Logs (memory per stage, sub-steps): $work/scale-full.log, $work/scale-incr-newest.log, $work/scale-incr-oldest.log"
