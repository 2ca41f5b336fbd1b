#!/bin/bash
# bench/compare.sh OLD NEW [DOSSIER]... - two parallax binaries in the same
# hyperfine runs (--warmup 1 --runs 7, medians) with `find ... -exec wc -w`
# over the same files as the floor, and peak RSS (median of three), for
# --dump --raw, --dump and --mentions. Default dossiers: bench/out's
# dossier-10000 and dossier-distinct-10000 (made by bench/run.sh).
# Prints one line per command: median seconds, user seconds, ratio to wc -w.
set -u
[ $# -ge 2 ] || { echo "usage: bench/compare.sh OLD NEW [DOSSIER]..."; exit 2; }
old=$1 new=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
[ $# -gt 0 ] || set -- "$here/out/dossier-10000" "$here/out/dossier-distinct-10000"
command -v hyperfine >/dev/null || { echo "bench: hyperfine missing (apt-get install hyperfine)"; exit 1; }
export PARALLAX_DATADIR=${PARALLAX_DATADIR:-$here/../share/parallax} LC_ALL=C.UTF-8
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for d in "$@"; do
	[ -d "$d" ] || { echo "bench: no $d (run bench/run.sh first)"; continue; }
	hyperfine --style none --warmup 1 --runs 7 --export-csv "$tmp/wc.csv" \
		"find $d -type f -exec wc -w {} +" >/dev/null 2>&1
	wc=$(awk -F, 'NR == 2 { print $4 }' "$tmp/wc.csv")
	hyperfine -N --style none --warmup 1 --runs 7 --export-csv "$tmp/p.csv" \
		"$old --dump --raw $d" "$new --dump --raw $d" "$old --dump $d" "$new --dump $d" \
		"$old --mentions $d" "$new --mentions $d" >/dev/null 2>&1
	echo "== $d (wc -w ${wc}s)"
	awk -F, -v wc="$wc" 'NR > 1 { printf "%-90s %.3f s  user %.3f s  %.2fx\n", $1, $4, $5, $4 / wc }' "$tmp/p.csv"
	for b in "$old" "$new"; do
		for m in --dump --mentions; do
			r=$(for k in 1 2 3; do /usr/bin/time -f %M "$b" $m "$d" 2>&1 >/dev/null | tail -1; done | sort -n | sed -n 2p)
			echo "peak RSS $b $m: $((r / 1024)) MB"
		done
	done
done
