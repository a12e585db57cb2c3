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

command -v hugo >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hugo >/dev/null; }
[ -d node_modules/pagefind ] || npm ci --no-audit --no-fund --loglevel=error
dotnet build -c Release src/SiteGen >/dev/null
dotnet build -c Release bench/SiteGen.Bench >/dev/null
sitegen="dotnet src/SiteGen/bin/Release/net10.0/SiteGen.dll"
bench="dotnet bench/SiteGen.Bench/bin/Release/net10.0/SiteGen.Bench.dll"

median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else printf "%.3f\n", (a[NR/2]+a[NR/2+1])/2}'; }
# time_cmd <label> <cmd…>: appends "seconds maxrss_kb" to $work/<label>.times
time_cmd() {
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/.t" "$@" > "$work/$label.log" 2>&1 || { echo "FAILED: $*"; cat "$work/$label.log"; exit 1; }
  cat "$work/.t" >> "$work/$label.times"
}

echo "# SiteGen benchmark ($(date -u +%Y-%m-%d), $(nproc) cores, runs=$runs, medians)"
echo
echo "hugo: $(hugo version | cut -d' ' -f1-2), pagefind: $(node -p "require('./node_modules/pagefind/package.json').version")"
for n in $sizes; do
  input="$work/input-$n"
  $bench generate "$n" "$input" >/dev/null
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
  rm -f "$work"/*.times
  for r in $(seq "$runs"); do
    rm -rf "$work/out-full" "$work/out-nosearch" "$hsite/public"
    time_cmd sg-full $sitegen build --input "$input" --output "$work/out-full"
    grep '^Stages:' "$work/sg-full.log" >> "$work/stages.txt"
    time_cmd sg-nosearch $sitegen build --input "$input" --output "$work/out-nosearch" --no-search
    time_cmd hugo hugo --quiet -s "$hsite" -d "$(realpath "$hsite")/public"
    time_cmd hugo-pagefind node_modules/.bin/pagefind --site "$hsite/public"
  done
  m() { cut -d' ' -f1 "$work/$1.times" | median; }
  mem() { cut -d' ' -f2 "$work/$1.times" | sort -n | tail -1; }
  sg=$(m sg-full); sgn=$(m sg-nosearch); hu=$(m hugo); hp=$(m hugo-pagefind)
  calc() { awk "BEGIN { printf \"%.2f\", $1 }"; }
  hugo_total=$(calc "$hu + $hp")
  files=$(find "$work/out-full" -type f | wc -l); bytes=$(du -sb "$work/out-full" | cut -f1)
  meeting=$(find "$work/out-full" -path '*/20*/index.html' -not -path '*/punkt-*' | sort | head -1)
  css=$(find "$work/out-full/assets" -name '*.css' | head -1)
  weight=$(cat "$meeting" "$css" | gzip -9 | wc -c)
  index_bytes=$(du -sb "$work/out-full/pagefind" 2>/dev/null | cut -f1 || echo 0)
  echo
  echo "## $n meetings"
  echo
  echo "| measure | value |"
  echo "|---|---|"
  echo "| SiteGen full build incl. search (median s) | $sg |"
  echo "| SiteGen without search (median s) | $sgn |"
  echo "| Hugo (median s) | $hu |"
  echo "| Pagefind over Hugo's output (median s) | $hp |"
  echo "| ratio SiteGen full / (Hugo + Pagefind) | $(calc "$sg / $hugo_total") (target ≤ 1.0) |"
  echo "| ratio SiteGen without search / Hugo | $(calc "$sgn / $hu") (target ≤ 0.5) |"
  echo "| SiteGen peak RSS, full build (MiB) | $(( $(mem sg-full) / 1024 )) |"
  echo "| Hugo peak RSS (MiB) | $(( $(mem hugo) / 1024 )) |"
  echo "| files / bytes written by SiteGen | $files / $bytes |"
  echo "| search index size (bytes) | $index_bytes |"
  echo "| one meeting page + CSS, gzip -9 (bytes) | $weight (target ≤ 30720) |"
  echo "| SiteGen stages, last run | $(tail -1 "$work/stages.txt" | sed 's/^Stages: //') |"
  if [ "$n" = "2000" ] || [ "$n" = "$(echo $sizes | cut -d' ' -f1)" ]; then
    echo "| serve: rebuild after editing one referat (median ms) | $($bench rebuild "$input" 11) |"
  fi
  rm -f "$work/stages.txt"
done
