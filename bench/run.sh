#!/usr/bin/env bash
# bench/run.sh - reproduce the core figures of BENCHMARKS.md.
#
#   bench/run.sh [--quick] [--levels "1000 10000 100000"] [--distinct] [--write]
#
# Builds dossiers of 1,000, 10,000 and 100,000 real articles by cycling
# through the real files of ../shared (eval/boilerplate/dev/*.txt without the
# .gold files, eval/actors/*/dev/**/*.txt, seeds/*.txt), then times, as
# medians over several runs (hyperfine) and as ratios to floors measured in
# the same run:
#   floors:   cat, wc -w, grep -ci over the same files (find -exec ... +)
#   parallax: --dump --raw (decode + segment), --dump (the whole reader
#             pipeline), --mentions (when the binary has it), and up to
#             10,000 articles --dump with the rule cache emptied before
#             every run (the others keep theirs, in bench/out/cache)
#   screen:   first frame, a search keystroke, the dossier-wide search
#             (tests/test_screen_bench beside the binary; SCREEN_BENCH=path)
# and peak RSS (/usr/bin/time -f %M) against the dossier's bytes.
#
# The binary is $PARALLAX, else ./src/parallax of an in-tree build, else one
# built with default flags (-O2) in bench/out/build. Results go to
# bench/out/results.md; --write also replaces the marked section of
# BENCHMARKS.md. --quick: the 1,000 level only, few runs (a smoke test).
# --distinct: each copy past the first round gets a last line of its own,
# so that no file repeats another (parallax reads a repeated file once:
# this measures the per-text cost); its own section of BENCHMARKS.md.
# Needs hyperfine and /usr/bin/time (apt-get install hyperfine time).
set -euo pipefail
cd "$(dirname "$0")/.."
top=$PWD
out=$top/bench/out
levels="1000 10000 100000"
write=0 quick=0 distinct=0
while [ $# -gt 0 ]; do
	case $1 in
	--quick) quick=1; levels="1000" ;;
	--levels) levels=$2; shift ;;
	--write) write=1 ;;
	--distinct) distinct=1 ;;
	-h|--help) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) echo "bench: unknown argument $1" >&2; exit 2 ;;
	esac
	shift
done

shared=${PX_SHARED:-$top/../shared}
if [ ! -d "$shared/eval" ] && [ ! -d "$shared/seeds" ]; then
	echo "bench: no real articles ($shared is absent; set PX_SHARED); skipped"
	exit 0
fi
for tool in hyperfine /usr/bin/time perl; do
	command -v "$tool" >/dev/null || {
		echo "bench: $tool is missing (apt-get install hyperfine time); skipped"; exit 0; }
done
mkdir -p "$out"
export LC_ALL=C.UTF-8
export PARALLAX_DATADIR=${PARALLAX_DATADIR:-$top/share/parallax}
# The rule cache (~/.cache/parallax/rules.cache) of a run of its own: warm
# after hyperfine's warm-up, as for anyone who ran parallax before; the
# "cold" column below empties it before every run.
export XDG_CACHE_HOME=$out/cache

# --- the binary ---------------------------------------------------------------
if [ -n "${PARALLAX:-}" ]; then
	px=$PARALLAX
elif [ -x src/parallax ]; then
	px=$top/src/parallax
else
	if [ ! -x "$out/build/src/parallax" ]; then
		echo "bench: building parallax in bench/out/build"
		[ -x configure ] || ./bootstrap
		mkdir -p "$out/build"
		(cd "$out/build" && "$top/configure" -q && make -j2 >/dev/null)
	fi
	px=$out/build/src/parallax
fi
echo "bench: $px ($("$px" --version))"
has_mentions=0
"$px" --help 2>/dev/null | grep -q -- '--mentions' && has_mentions=1
# the screen's figures come from tests/test_screen_bench, built beside the
# program (noinst): first frame, a search keystroke, the dossier-wide search
sb=${SCREEN_BENCH:-$(dirname "$px")/../tests/test_screen_bench}
if [ ! -x "$sb" ] && [ -f "$(dirname "$px")/../Makefile" ]; then
	make -C "$(dirname "$px")/.." tests/test_screen_bench >/dev/null 2>&1
fi
[ -x "$sb" ] || { echo "bench: no tests/test_screen_bench beside $px; screen figures left out"; sb=; }
SEARCH_WORD=${SEARCH_WORD:-kadhimi}

# --- the dossiers ---------------------------------------------------------------
list=$out/sources.lst
{
	find "$shared/eval/boilerplate/dev" -maxdepth 1 -name '*.txt' ! -name '*.gold.txt' 2>/dev/null
	find "$shared"/eval/actors/*/dev -name '*.txt' 2>/dev/null
	find "$shared/seeds" -maxdepth 1 -name '*.txt' 2>/dev/null
} | LC_ALL=C sort > "$list"
nsrc=$(wc -l < "$list")
[ "$nsrc" -gt 0 ] || { echo "bench: no .txt files under $shared; skipped"; exit 0; }
echo "bench: $nsrc real articles to cycle through"

# make_dossier N DIR: N files, the real ones in turn, 1,000 per subdirectory
# (as a saved dossier would be split by day or outlet).
make_dossier() {
	local n=$1 dir=$2
	if [ -f "$dir/.complete" ] && [ "$(cat "$dir/.complete")" = "$n $nsrc" ]; then
		return
	fi
	rm -rf "$dir"
	mkdir -p "$dir"
	perl -e '
		my ($n, $dir, $list, $distinct) = @ARGV;
		open(my $l, "<", $list) or die "$list: $!";
		chomp(my @src = <$l>);
		my @data;
		for my $f (@src) { local $/; open(my $h, "<:raw", $f) or die "$f: $!"; push @data, <$h>; }
		for my $i (0 .. $n - 1) {
			my $k = $i % @src;
			my $sub = sprintf("%s/%03d", $dir, int($i / 1000));
			mkdir $sub unless -d $sub;
			(my $base = $src[$k]) =~ s{.*/}{};
			open(my $o, ">:raw", sprintf("%s/%06d_%s", $sub, $i, $base)) or die $!;
			print $o $data[$k];
			# --distinct: past the first round each copy ends with a
			# line of its own, so that no two files are the same
			print $o "\n\nArchived as copy $i of the bench dossier.\n" if $distinct && $i >= @src;
			close $o;
		}' "$n" "$dir" "$list" "$distinct"
	echo "$n $nsrc" > "$dir/.complete"
}

# runs per level: fewer at 100k, to keep a whole run near ten minutes
runs_for() {
	if [ $quick = 1 ]; then echo 3; return; fi
	case $1 in
	1000) echo 10 ;;
	10000) echo 7 ;;
	*) echo 3 ;;
	esac
}

median_of() { # hyperfine CSV -> median seconds of row $2 (1-based)
	awk -F, -v row="$2" 'NR == row + 1 { print $4 }' "$1"
}

peak_rss() { # command... -> median peak RSS (KiB) of three runs
	local a b c
	a=$(/usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1)
	b=$(/usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1)
	c=$(/usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1)
	printf '%s\n%s\n%s\n' "$a" "$b" "$c" | sort -n | sed -n 2p
}

# time_mode NAME RUNS ARGS...: tm= the median seconds of parallax ARGS over RUNS
# runs. A mode whose time at the previous level, scaled linearly to this
# one, would pass MODE_BUDGET seconds (default 20) gets one run, within a
# time limit (MODE_LIMIT, default 300 s); past it the figure is "-" and
# the reason is noted.
MODE_BUDGET=${MODE_BUDGET:-20}
MODE_LIMIT=${MODE_LIMIT:-300}
declare -A last_t last_n
notes=$out/notes.txt
: > "$notes"
time_mode() {
	local name=$1 runs=$2 csv=$out/mode.csv t
	shift 2
	local prev=${last_t[$name]:-0} pn=${last_n[$name]:-1}
	[ "$prev" != - ] && prev=$(printf '%.2f' "$prev")
	if awk -v p="$prev" -v pn="$pn" -v n="$n" -v b="$MODE_BUDGET" 'BEGIN { exit !(p * n / pn > b) }'; then
		local t0 t1
		t0=$(date +%s.%N)
		if timeout "$MODE_LIMIT" "$px" "$@" > /dev/null 2>&1; then
			t1=$(date +%s.%N)
			t=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
			echo "- $name at $n articles: one run (at $pn it took ${prev} s)" >> "$notes"
		else
			echo "- $name at $n articles: not measured, over ${MODE_LIMIT} s (at $pn it took ${prev} s)" >> "$notes"
			t=-
		fi
	elif [ "$prev" = - ]; then
		echo "- $name at $n articles: not measured (too slow at $pn)" >> "$notes"
		t=-
	elif hyperfine --style none --warmup 1 --runs "$runs" --export-csv "$csv" \
		"$px $* >/dev/null" >> "$out/hyperfine-$n.log" 2>&1; then
		t=$(median_of "$csv" 1)
	else
		t=-
	fi
	last_t[$name]=$t
	last_n[$name]=$n
	tm=$t
}

# rss_mode NAME ARGS...: median peak RSS of three runs, one run for a mode
# that was timed once, none for one that was not measured
rss_mode() {
	local name=$1
	shift
	case ${last_t[$name]:-} in
	-) echo - ;;
	*) if grep -q "^- $name at $n articles: one run" "$notes"; then
		/usr/bin/time -f %M "$px" "$@" 2>&1 >/dev/null | tail -1
	   else
		peak_rss "$px" "$@"
	   fi ;;
	esac
}

# the program's own footprint (code, libraries, data) on a one-line file
printf 'one line\n' > "$out/tiny.txt"
rss_base=$(peak_rss "$px" --dump --raw "$out/tiny.txt")

res=$out/results.md
rows=$out/rows.tsv
: > "$rows"
: > "$out/screen-rows.tsv"
host="$(nproc) cores, $(awk '/model name/ { sub(/.*: /, ""); print; exit }' /proc/cpuinfo)"
for n in $levels; do
	dir=$out/dossier-$n
	[ $distinct = 1 ] && dir=$out/dossier-distinct-$n
	echo "bench: dossier of $n articles in $dir"
	make_dossier "$n" "$dir"
	bytes=$(find "$dir" -type f -name '*.txt' -exec cat {} + | wc -c)
	r=$(runs_for "$n")
	csv=$out/times-$n.csv
	floors=(
		"find $dir -type f -name '*.txt' -exec cat {} + >/dev/null"
		"find $dir -type f -name '*.txt' -exec wc -w {} + >/dev/null"
		"find $dir -type f -name '*.txt' -exec grep -ci said {} + >/dev/null"
	)
	hyperfine --style none --warmup 1 --runs "$r" --export-csv "$csv" \
		"${floors[@]}" > "$out/hyperfine-$n.log" 2>&1 ||
		{ echo "bench: hyperfine failed; see $out/hyperfine-$n.log"; exit 1; }
	t_cat=$(median_of "$csv" 1); t_wc=$(median_of "$csv" 2); t_grep=$(median_of "$csv" 3)
	time_mode raw "$r" --dump --raw "$dir"; t_raw=$tm
	time_mode dump "$r" --dump "$dir"; t_dump=$tm
	# the first run after an install or an edit of the rules: every rule
	# checked again (a fixed cost, so measured where it weighs, to 10,000)
	t_cold=-
	if [ "$n" -le 10000 ] && hyperfine --style none --warmup 1 --runs "$r" \
		--prepare "rm -rf '$out/cache-cold'" --export-csv "$out/cold.csv" \
		"XDG_CACHE_HOME='$out/cache-cold' $px --dump $dir >/dev/null" \
		>> "$out/hyperfine-$n.log" 2>&1; then
		t_cold=$(median_of "$out/cold.csv" 1)
	fi
	t_men=-
	if [ $has_mentions = 1 ]; then time_mode mentions "$r" --mentions "$dir"; t_men=$tm; fi
	rss_raw=$(rss_mode raw --dump --raw "$dir")
	rss_dump=$(rss_mode dump --dump "$dir")
	rss_men=-
	[ $has_mentions = 1 ] && rss_men=$(rss_mode mentions --mentions "$dir")
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$bytes" "$r" \
		"$t_cat" "$t_wc" "$t_grep" "$t_raw" "$t_dump" "$t_men" \
		"$rss_raw" "$rss_dump" "$rss_men" "$t_cold" >> "$rows"
	if [ -n "$sb" ]; then
		# three runs in a pty; medians (ms) of each figure, and grep's
		# time for the same word over the same files as the search's floor
		: > "$out/screen-$n.txt"
		for k in 1 2 3; do
			PARALLAX=$px timeout 600 "$sb" "$dir" "$SEARCH_WORD" >> "$out/screen-$n.txt" 2>&1
		done
		med3() { sed -n "s/^$1 *\([0-9.]*\) ms.*/\1/p" "$out/screen-$n.txt" | sort -n | sed -n 2p; }
		# grep exits 1 for a batch of files without the word: not a failure
		hyperfine --style none --warmup 1 --runs "$r" --ignore-failure \
			--export-csv "$out/grep-$n.csv" \
			"find $dir -type f -name '*.txt' -exec grep -ci $SEARCH_WORD {} + >/dev/null" \
			>> "$out/hyperfine-$n.log" 2>&1 || true
		t_gw=$(median_of "$out/grep-$n.csv" 1)
		printf '%s\t%s\t%s\t%s\t%s\n' "$n" "$(med3 'first frame')" \
			"$(med3 'search keystroke, mean')" "$(med3 'dossier-wide search')" \
			"$t_gw" >> "$out/screen-rows.tsv"
	fi
	echo "bench: $n articles: wc -w ${t_wc}s, --dump --raw ${t_raw}s, --dump ${t_dump}s, --mentions ${t_men}s"
done

# --- the report -------------------------------------------------------------------
{
	echo "Measured $(date -u +%Y-%m-%d) on $host; LC_ALL=C.UTF-8;"
	echo "\`bench/run.sh --write\` ($nsrc real articles cycled; medians of hyperfine runs"
	echo "after one warm-up, page cache warm; floors over the same files in the same run)."
	[ $distinct = 1 ] && echo "Distinct copies (\`--distinct\`): no file repeats another."
	echo
	echo "| articles | MB | runs | cat | wc -w | grep -ci | --dump --raw | --dump | --mentions | --dump, cold cache |"
	echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
	awk -F'\t' 'function s(x) { return x == "-" ? "-" : sprintf("%.3f s", x) }
	{
		printf "| %d | %.1f | %d | %s | %s | %s | %s | %s | %s | %s |\n",
			$1, $2 / 1e6, $3, s($4), s($5), s($6), s($7), s($8), s($9), s($13) }' "$rows"
	echo
	echo "Ratios to \`wc -w\` (goals: decode+segment <= 1x; reader mode on top of it,"
	echo "\`--dump\` less \`--dump --raw\`, <= 1x; whole pipeline <= 2x) and peak RSS over"
	echo "the dossier's bytes (goal <= 2.5x):"
	echo
	echo "| articles | raw / wc | reader / wc | dump / wc | mentions / wc | cold dump / wc | raw / cat | RSS raw | RSS dump | RSS mentions |"
	echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
	awk -F'\t' 'function r(x, y) { return x == "-" ? "-" : sprintf("%.2fx", x / y) }
	function m(k, b) { return k == "-" ? "-" : sprintf("%.0f MB (%.2fx)", k * 1024 / 1e6, k * 1024 / b) }
	{
		printf "| %d | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
			$1, r($7, $5), r($8 - $7, $5), r($8, $5), r($9, $5), r($13, $5), r($7, $4), m($10, $2), m($11, $2), m($12, $2) }' "$rows"
	echo
	printf 'The program alone (one-line file) peaks at %.1f MB; RSS ratios above\n' "$(echo "$rss_base" | awk '{ print $1 * 1024 / 1e6 }')"
	echo "include it, which is what weighs at 1,000 articles."
	echo
	echo "Growth: time per article (µs) at each level; linear cost keeps it flat."
	echo
	echo "| articles | wc -w | --dump --raw | --dump | --mentions |"
	echo "| ---: | ---: | ---: | ---: | ---: |"
	awk -F'\t' 'function u(x, n) { return x == "-" ? "-" : sprintf("%.1f", x * 1e6 / n) }
	{
		printf "| %d | %s | %s | %s | %s |\n", $1, u($5, $1), u($7, $1), u($8, $1), u($9, $1) }' "$rows"
	if [ -s "$out/screen-rows.tsv" ]; then
		echo
		echo "The screen (\`tests/test_screen_bench DOSSIER $SEARCH_WORD\` in a 100x30 pty, medians"
		echo "of three runs; goals: first frame <= 50 ms, a keystroke <= 5 ms, the dossier-wide"
		echo "search <= 2x \`grep -ci\` of the word over the same files):"
		echo
		echo "| articles | first frame | search keystroke (mean) | dossier-wide search | grep -ci | search / grep |"
		echo "| ---: | ---: | ---: | ---: | ---: | ---: |"
		awk -F'\t' 'function ms(x) { return x == "" ? "-" : sprintf("%.1f ms", x) }
		{
			g = $5 == "-" || $5 == "" ? "-" : sprintf("%.1f ms", $5 * 1000)
			q = $4 == "" || $5 == "-" || $5 == "" || $5 == 0 ? "-" : sprintf("%.2fx", $4 / ($5 * 1000))
			printf "| %d | %s | %s | %s | %s | %s |\n", $1, ms($2), ms($3), ms($4), g, q }' \
			"$out/screen-rows.tsv"
	fi
	if [ -s "$notes" ]; then
		echo
		echo "Modes too slow for repeated runs at a level (MODE_BUDGET=${MODE_BUDGET} s):"
		echo
		cat "$notes"
	fi
} > "$res"
cat "$res"

if [ $write = 1 ]; then
	mark=core
	[ $distinct = 1 ] && mark=distinct
	b="<!-- bench:$mark:begin -->" e="<!-- bench:$mark:end -->"
	if grep -q "$b" BENCHMARKS.md; then
		RES=$res B=$b E=$e perl -0pi -e '
			my $new = do { local $/; open(my $h, "<", $ENV{RES}) or die; <$h> };
			s/(\Q$ENV{B}\E\n).*?(\Q$ENV{E}\E)/$1$new$2/s' \
			BENCHMARKS.md
		echo "bench: BENCHMARKS.md updated"
	else
		echo "bench: no $b marker in BENCHMARKS.md; not written"
	fi
fi
