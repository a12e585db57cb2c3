#!/usr/bin/env bash
# Benchmark: SiteGen vs Hugo (+ Pagefind) on the same generated referater.
#   bash bench/run.sh [sizes] [runs]      e.g. bash bench/run.sh "2000 10000" 3
# Installs Hugo (Debian) if missing. Prints a Markdown report; medians over <runs> runs.
# Not a test: timings depend on the machine; compare the ratios measured in one run.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=${1:-"2000 10000"}
runs=${2:-3}
work=bench/work
mkdir -p "$work"
# Outputs go to a RAM file system when there is one (override with BENCH_OUT=<dir>): on an ext4 without a
# journal, as on the VMs this was measured on, creating ~34,000 files and folders right after deleting as
# many costs 5–10× more kernel time for ~30 s (ext4's recently_deleted check), so the order of the runs
# decided the result more than the generators did. Both generators write to the same place.
out=${BENCH_OUT:-}
if [ -z "$out" ]; then
  # The last run's sites are left for a look; they are this run's to replace, and counted as room.
  rm -rf /dev/shm/sitegen-bench
  # Room in bytes and in inodes: a 10,000-meeting output is ≈ 450,000 files and folders, its put-aside twin ≈ 150,000
  # more, and Pagefind hangs (rather than fails) when it cannot create a file (seen 6 Dec 2026 on a full tmpfs).
  if [ -d /dev/shm ] && [ -w /dev/shm ] && [ "$(df -k --output=avail /dev/shm | tail -n 1)" -gt 8000000 ] \
    && [ "$(df --output=iavail /dev/shm | tail -n 1)" -gt 2500000 ]; then out=/dev/shm/sitegen-bench; else out=$work; fi
fi
mkdir -p "$out"

if ! command -v hugo >/dev/null; then
  sudo=; [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq hugo >/dev/null
fi
[ -x node_modules/.bin/pagefind ] || npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
dotnet build -c Release src/SiteGen >/dev/null
dotnet build -c Release bench/SiteGen.Bench >/dev/null
sitegen="dotnet src/SiteGen/bin/Release/net10.0/SiteGen.dll"
bench="dotnet bench/SiteGen.Bench/bin/Release/net10.0/SiteGen.Bench.dll"
pagefind=node_modules/.bin/pagefind

. bench/common.sh
# Worst case of the bytes a first search transfers (gzip as served; Pagefind's own files are already
# compressed): pagefind.js, entry, wasm, meta, the largest index chunk and five result fragments.
# What real queries transfer is measured in Chromium by `SiteGen.Bench first-query` (below).
first_query() {
  local d=$1/pagefind
  [ -d "$d" ] || { echo "n/a"; return; }
  local sum=0 f
  for f in "$d/pagefind.js" "$d/pagefind-entry.json"; do sum=$((sum + $(gz "$f"))); done
  for f in "$d"/wasm.*.pagefind "$d"/pagefind.*.pf_meta; do [ -f "$f" ] && sum=$((sum + $(stat -c %s "$f"))); done
  sum=$((sum + $(find "$d/index" -type f -printf '%s\n' | sort -n | tail -n 1)))
  sum=$((sum + $(find "$d/fragment" -type f -printf '%s\n' | sort -n | tail -n 5 | awk '{s+=$1} END {print s+0}')))
  echo "$sum"
}

echo "# SiteGen benchmark ($(date -u +%Y-%m-%d), $(nproc) cores, runs=$runs, medians)"
echo
echo "outputs in $out; hugo: $(hugo version | cut -d' ' -f1-2), pagefind: $(node -p "require('./node_modules/pagefind/package.json').version"), dotnet: $(dotnet --version)"
for n in $sizes; do
  input="$work/input-$n"
  $bench generate "$n" "$input" >/dev/null
  wait_out_stamp_margin
  # Hugo gets the very same files as content, with a minimal layout: one page per file.
  hsite="$work/hugo-$n"
  rm -rf "$hsite"; mkdir -p "$hsite/layouts/_default"
  cat > "$hsite/hugo.toml" <<TOML
baseURL = "https://example.invalid/"
languageCode = "da"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT"]
contentDir = "$(realpath "$input/referater")"
TOML
  echo '<!doctype html><html lang="da"><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body><main data-pagefind-body>{{ .Content }}</main></body></html>' > "$hsite/layouts/_default/single.html"
  echo '<!doctype html><html lang="da"><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body>{{ range .Pages }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</body></html>' > "$hsite/layouts/_default/list.html"
  # Its own files only: bench/scale.sh may be writing scale-*.times in the same folder.
  rm -f "$work"/sg-*.times "$work"/hugo*.times "$work"/sg-*.peak "$work"/incr-*.txt "$work/stages.txt"
  cache="$work/cache-$n"
  separate_search=0
  for r in $(seq "$runs"); do
    # With the outputs, what SiteGen left beside them (the put-aside folders: .out-full.old-…), which its own sweep
    # leaves alone once the output folder is gone.
    rm -rf "$out/out-full" "$out/out-nosearch" "$out/hugo-public" "$out"/.out-full.* "$out"/.out-nosearch.*
    # --clean: a full build (the cache is written for the incremental build below).
    time_cmd sg-full $sitegen build --input "$input" --output "$out/out-full" --cache "$cache" --clean
    grep '^Tid pr. trin:' "$work/sg-full.log" >> "$work/stages.txt" || true
    # Incremental build after one edit of the newest referat (the usual commit), then after one edit of the
    # oldest; each edit is undone after its build, and an untimed build catches up with the undo, so each timed
    # build follows exactly one changed referat (before 5 Dec 17:00 the oldest's build also redid the newest's).
    # The edit is the meeting's place (shown on its page; an edit at the end of the file may fall in a closed
    # item and change no page). A list file, not `sort | head` (head's early exit fails the pipeline).
    find "$input/referater" -name '*.md' | sort > "$work/referater.txt"
    for which in newest oldest; do
      if [ "$which" = newest ]; then referat=$(tail -n 1 "$work/referater.txt")
      else referat=$(head -n 1 "$work/referater.txt"); fi
      cp "$referat" "$work/edited.md"
      sed -i "0,/^sted: /s/^sted: \(.*\)$/sted: \1 (rettet $r)/" "$referat"
      time_cmd "sg-incr-$which" $sitegen build --input "$input" --output "$out/out-full" --cache "$cache"
      # What was reused, and the stages (one line: the table cell).
      grep -E '^(Søgeindeks|Genbrugt|Tid pr. trin):' "$work/sg-incr-$which.log" | paste -sd ' ' \
        >> "$work/incr-$which.txt" || true
      cp "$work/edited.md" "$referat"
      $sitegen build --input "$input" --output "$out/out-full" --cache "$cache" > "$work/sg-undo-$which.log" 2>&1
    done
    # The whole build's peak memory (SiteGen + Pagefind), a full build again.
    rm -rf "$out/out-peak" "$out"/.out-peak.*
    peak_tree sg-peak $sitegen build --input "$input" --output "$out/out-peak" --cache "$work/cache-peak" --clean
    rm -rf "$out/out-peak" "$out"/.out-peak.*
    # Until SiteGen's own search stage exists, Pagefind runs over SiteGen's output as a separate step.
    if [ ! -d "$out/out-full/pagefind" ]; then
      separate_search=1
      time_cmd sg-pagefind $pagefind --site "$out/out-full"
    fi
    # --clean and a cache folder of its own: a full build, as Hugo's is (with the default cache of an earlier run it
    # reused the checks and held the collection pause).
    time_cmd sg-nosearch $sitegen build --input "$input" --output "$out/out-nosearch" --no-search \
      --cache "$work/cache-nosearch-$n" --clean
    time_cmd hugo hugo --quiet -s "$hsite" -d "$out/hugo-public"
    time_cmd hugo-pagefind $pagefind --site "$out/hugo-public"
  done
  m() { cut -d' ' -f1 "$work/$1.times" | median; }
  cpu() { awk '{printf "%.2f\n", $3 + $4}' "$work/$1.times" | median; } # user+sys: less sensitive to other jobs
  mem() { echo $(( $(cut -d' ' -f2 "$work/$1.times" | sort -n | tail -n 1) / 1024 )); }
  sg=$(m sg-full); sgn=$(m sg-nosearch); hu=$(m hugo); hp=$(m hugo-pagefind)
  sgp=0; [ "$separate_search" = 1 ] && sgp=$(m sg-pagefind)
  sg_total=$(calc "$sg + $sgp")
  hugo_total=$(calc "$hu + $hp")
  files=$(find "$out/out-full" -type f | wc -l); bytes=$(du -sb "$out/out-full" | cut -f1)
  hfiles=$(find "$out/hugo-public" -type f | wc -l); hbytes=$(du -sb "$out/hugo-public" | cut -f1)
  # The heaviest meeting page (<udvalg>/<yyyy-mm-dd>/index.html) plus the stylesheet, each gzipped as served.
  meeting=$(find "$out/out-full" -regextype posix-extended -regex '.*/[a-z0-9-]+/[0-9]{4}-[0-9]{2}-[0-9]{2}/index\.html' -printf '%s %p\n' | sort -n | tail -n 1 | cut -d' ' -f2)
  css=$(find "$out/out-full/assets" -name '*.css' -printf '%p\n' | sort | tail -n 1)
  weight=$(( $(gz "$meeting") + $(gz "$css") ))
  # Resources the page loads from another host (links to other sites are not requests).
  external=$(grep -Eo '<(script|link|img|iframe|source)[^>]*>' "$meeting" | grep -E '(src|href)="(https?:)?//' | grep -Evc 'rel="(canonical|alternate)"' || true)
  echo
  echo "## $n meetings"
  echo
  echo "| measure | value |"
  echo "|---|---|"
  if [ "$separate_search" = 1 ]; then
    echo "| SiteGen build (no search stage in this build; median s) | $sg |"
    echo "| Pagefind over SiteGen's output (median s) | $sgp |"
    echo "| SiteGen full = build + Pagefind (s) | $sg_total |"
  else
    echo "| SiteGen full build incl. search (median s) | $sg |"
  fi
  echo "| SiteGen without search (median s) | $sgn |"
  echo "| Hugo (median s) | $hu |"
  echo "| Pagefind over Hugo's output (median s) | $hp |"
  echo "| ratio SiteGen full / (Hugo + Pagefind) | $(calc "$sg_total / $hugo_total") (target ≤ 1.0) |"
  echo "| ratio SiteGen without search / Hugo | $(calc "$sgn / $hu") (target ≤ 0.5) |"
  echo "| CPU user+sys (median s): SiteGen full / without search / Hugo / Pagefind over Hugo | $(cpu sg-full) / $(cpu sg-nosearch) / $(cpu hugo) / $(cpu hugo-pagefind) |"
  echo "| CPU ratios: SiteGen full / (Hugo + Pagefind); without search / Hugo | $(calc "$(cpu sg-full) / ($(cpu hugo) + $(cpu hugo-pagefind))") ; $(calc "$(cpu sg-nosearch) / $(cpu hugo)") |"
  echo "| peak RSS SiteGen full / without search (MiB; largest single process) | $(mem sg-full) / $(mem sg-nosearch) |"
  peak=$(( $(sort -n "$work/sg-peak.peak" | tail -n 1) / 1024 ))
  echo "| peak memory of the whole full build, all processes summed (MiB) | $peak (target ≤ 2048 at 10000) |"
  for which in newest oldest; do
    inc=$(m "sg-incr-$which")
    echo "| incremental build after one edit of the $which referat (median s; ratio to Hugo + Pagefind; CPU" \
      "user+sys s) | $inc; $(calc "$inc / $hugo_total") (target ≤ 0.1 at 10000); $(cpu "sg-incr-$which");" \
      "$(tail -n 1 "$work/incr-$which.txt" 2>/dev/null) |"
  done
  echo "| peak RSS Hugo / Pagefind over Hugo (MiB) | $(mem hugo) / $(mem hugo-pagefind) |"
  echo "| files / bytes written: SiteGen (incl. search) | $files / $bytes |"
  echo "| files / bytes written: Hugo (incl. Pagefind) | $hfiles / $hbytes |"
  echo "| SiteGen search index (bytes) | $(du -sb "$out/out-full/pagefind" 2>/dev/null | cut -f1 || echo n/a) |"
  echo "| search first query, worst case: largest index chunk (bytes, SiteGen / Hugo) | $(first_query "$out/out-full") / $(first_query "$out/hugo-public") |"
  # The real /soeg/ page in Chromium, gzip as Netlify serves it, 21 citizen queries (FirstQueryBench.cs).
  if [ -d "$out/out-full/pagefind" ]; then
    $bench first-query "$out/out-full" "$work/first-query-$n.txt" > "$work/first-query-$n.tsv"
    echo "| search first query, real queries in Chromium (bytes; details in $work/first-query-$n.txt) | $(tail -n 1 "$work/first-query-$n.tsv") (target median ≤ 200 KB at 10000, issue 18) |"
  fi
  echo "| heaviest meeting page + CSS, gzip -9 (bytes) | $weight (target ≤ 30720), ${meeting#"$out/out-full/"} |"
  echo "| resources the meeting page loads from another host | $external (target 0) |"
  echo "| SiteGen stages, each run | $(sed 's/^Tid pr. trin: //' "$work/stages.txt" | paste -sd '|' | sed 's/|/<br>/g') |"
  if [ "$n" = 2000 ]; then # the target is set for a 2,000-meeting archive
    echo "| serve: rebuild after editing one referat (median of 11, ms) | $($bench rebuild "$input" 11) |"
  fi
done
