#!/usr/bin/env bash
# bench/roster/run.sh: runs `instroom roster solve` on every Curtois & Qu
# instance at a fixed time each, checks every roster with `instroom roster
# check`, and prints a table: instance, objective, best known, gap %, time to
# the best found, feasible. One solver at a time, under nice.
#
# usage: bench/roster/run.sh [--time S] [--seed N] [--instances "1 2 3"]
#                            [--bin build/instroom] [--dir ../shared/benchmarks/curtois]
#                            [--out DIR]
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
time_s=60
seed=1
instances=$(seq 1 24)
bin="$root/build/instroom"
dir="$root/../shared/benchmarks/curtois"
out=""

while [ $# -gt 0 ]; do
    case "$1" in
    --time) time_s=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --instances) instances=$2; shift 2 ;;
    --bin) bin=$2; shift 2 ;;
    --dir) dir=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done

[ -x "$bin" ] || { echo "run.sh: $bin not found; build first" >&2; exit 2; }
[ -f "$dir/best-known.tsv" ] || { echo "run.sh: $dir/best-known.tsv not found" >&2; exit 2; }
if [ -z "$out" ]; then out=$(mktemp -d); fi
mkdir -p "$out"

printf '%-11s %10s %10s %8s %9s %8s\n' instance objective best_known gap_% to_best_s feasible
total=0; met=0; feasible_all=1
for i in $instances; do
    name="Instance$i"
    best=$(awk -v n="$name" '$1 == n { print $3 }' "$dir/best-known.tsv")
    sol="$out/$name.csv"
    log="$out/$name.log"
    nice -n 10 "$bin" roster solve "$dir/$name.txt" --time "$time_s" --seed "$seed" \
        --quiet --out "$sol" > "$log" 2>&1 || true
    obj=$(awk '/^objective/ { print $2 }' "$log")
    ttb=$(awk '/^time_to_best/ { print $2 }' "$log")
    chk=$("$bin" roster check "$dir/$name.txt" "$sol" 2>/dev/null || true)
    cobj=$(printf '%s\n' "$chk" | awk '/^objective/ { print $2 }')
    feas=$(printf '%s\n' "$chk" | awk '/^feasible/ { print $2 }')
    if [ -z "$cobj" ]; then cobj=NA; feas=no; fi
    if [ "$cobj" != "$obj" ]; then
        echo "run.sh: $name: solver says $obj, check says $cobj" >&2
    fi
    [ "$feas" = yes ] || feasible_all=0
    gap=$(awk -v o="$cobj" -v b="$best" 'BEGIN { if (o == "NA") print "NA"; else printf "%.2f", (o - b) / b * 100 }')
    printf '%-11s %10s %10s %8s %9s %8s\n' "$name" "$cobj" "$best" "$gap" "${ttb:-NA}" "$feas"
    total=$((total + 1))
done
echo "rosters in $out; $total instances at ${time_s}s each, seed $seed; all feasible: $([ $feasible_all = 1 ] && echo yes || echo no)"
