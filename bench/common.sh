# Shell helpers shared by bench/run.sh and bench/scale.sh (sourced; expects $work).
median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else printf "%.3f\n", (a[NR/2]+a[NR/2+1])/2}'; }
# wait_out_stamp_margin: after generating an input, before its first build. Files younger than CheckStore.StampMargin
# (3 s) when a build starts are hashed but not stamped by it ("racy git"): right after generating, the clean build left
# ≈ 7,700 of 10,000 unstamped, and the first one-edit build read and hashed them all again and rewrote the check cache
# (load+validate 1.5 s instead of 0.8; 6 Dec 2026). A committed archive's files are older than that.
wait_out_stamp_margin() { sleep 4; }
# time_cmd <label> <cmd…>: appends "seconds maxrss_kb user_s sys_s" to $work/<label>.times
time_cmd() {
  local label=$1; shift
  /usr/bin/time -f "%e %M %U %S" -o "$work/.t" "$@" > "$work/$label.log" 2>&1 || { echo "FAILED: $*"; cat "$work/$label.log"; exit 1; }
  cat "$work/.t" >> "$work/$label.times"
}
# peak_tree <label> <cmd…>: runs the command and appends the peak of the summed RSS of it and all its
# descendants (KiB; sampled every 0.2 s) to $work/<label>.peak: the whole build's memory, Pagefind included
# (/usr/bin/time's %M is the largest single process only). Forks not yet exec'ed are left out (below).
peak_tree() {
  local label=$1; shift
  "$@" > "$work/$label.log" 2>&1 &
  local pid=$! peak=0 sum
  while kill -0 "$pid" 2>/dev/null; do
    # A child with its parent's very command line is a fork not yet exec'ed (SiteGen starting Pagefind: .NET
    # vforks): it shares the parent's memory, and ps shows the parent's whole RSS for it. Counted once.
    sum=$(ps -e -o pid=,ppid=,rss=,args= | awk -v root="$pid" '{a=$0; sub(/^ *[0-9]+ +[0-9]+ +[0-9]+ /, "", a)
      p[$1]=$2; r[$1]=$3; c[$1]=a} END {
      for (k in p) { if (c[k] == c[p[k]]) continue
        q=k; while (q != "" && q != 0 && q != root) q=p[q]; if (q == root) s+=r[k] } print s+0 }')
    [ "$sum" -gt "$peak" ] && peak=$sum
    sleep 0.2
  done
  wait "$pid" || { echo "FAILED: $*"; cat "$work/$label.log"; exit 1; }
  echo "$peak" >> "$work/$label.peak"
}
calc() { awk "BEGIN { printf \"%.2f\", $1 }"; }
gz() { gzip -9 -c "$1" | wc -c; }
