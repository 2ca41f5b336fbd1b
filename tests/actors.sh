#!/bin/sh
# actors.sh - the actor engine on the sample dossier, as SEEDS.md's actor
# section asks: every listed group is one actor, the listed people stay
# apart, organisations are orgs, no sentence-initial word is an actor; and
# the --mentions / --actors output formats.
. "${top_srcdir:-.}/tests/tap.sh"
P=$PARALLAX
S=$top_srcdir/share/parallax/samples

$P --actors "$S" > "$TMP/actors" 2> "$TMP/err"; ok $? "--actors on the samples exits 0"
$P --mentions "$S" > "$TMP/mentions" 2>> "$TMP/err"; ok $? "--mentions on the samples exits 0"
check "no message on stderr" test ! -s "$TMP/err"

# The line number of the actor that has spelling $1 (a variant field
# "SPELLING (N)"), or nothing.
line_of() {
	awk -F'\t' -v v="$1" '{ for (i = 5; i <= NF; i++) { f = $i; sub(/ \([0-9]+\)$/, "", f); if (f == v) { print NR; exit } } }' "$TMP/actors"
}
# group "NAME" SPELLING...: all spellings are found, on one actor's line
group() {
	name=$1; shift
	first=
	good=0
	for v in "$@"; do
		l=$(line_of "$v")
		if [ -z "$l" ]; then echo "# $name: '$v' not found"; good=1; continue; fi
		if [ -z "$first" ]; then first=$l
		elif [ "$l" != "$first" ]; then echo "# $name: '$v' on line $l, not $first"; good=1; fi
	done
	ok $good "one actor: $name"
}
group "Mike Pompeo" "Mike Pompeo" "Pompeo"
group "Mustafa al-Kadhimi" "Mustafa al-Kadhimi" "Kadhimi" "Mustafa al-Kadhemi" "Kadhemi" \
	"Mustafa al-Kazimi" "Kazimi"
group "Qassem Soleimani" "Qassem Suleimani" "Qasem Soleimani" "Qassem Soleimani" "Qassem"
group "Abu Mahdi al-Muhandis" "Abu Mahdi al-Muhandis" "Abu Mehdi al-Mouhandis"
group "Barham Saleh" "Barham Saleh" "Barham Salih"
group "Kataeb Hezbollah" "Kata’ib Hezbollah" "Kata ‘ib Hezbollah" "Kataeb Hezbollah"
group "Hashed al-Shaabi" "Hashed al-Shaabi" "Hachd al-Chaabi" "Hachd"
group "Moqtada Sadr" "Moqtada Sadr" "Sadr"
group "Trump" "Trump"
group "Islamic State" "Islamic State" "ISIS"
group "The Washington Post" "Washington Post" "Post"
check "the title of 'Secretary of State Mike Pompeo' is not a spelling" \
	test -z "$(line_of 'Secretary of State Mike Pompeo')"
check "'President Trump' is Trump" test -z "$(line_of 'President Trump')"

# apart "A" "B": spellings A and B are two actors
apart() {
	a=$(line_of "$1"); b=$(line_of "$2")
	if [ -n "$a" ] && [ -n "$b" ] && [ "$a" != "$b" ]; then ok 0 "apart: $1 / $2"
	else echo "# lines '$a' '$b'"; ok 1 "apart: $1 / $2"; fi
}
apart "Mustafa Salim" "Mustafa al-Kadhimi"
apart "Mustafa Salim" "Barham Saleh"
for p in "Ali Mamouri" "Lahib Higel" "Clarisse Pasztory" "Frank McKenzie Jr." \
	"Hisham al-Hashemi" "Ahmed Mulla Talal" "Justine Coleman"; do
	l=$(line_of "$p")
	if [ -n "$l" ] && [ "$(sed -n "${l}p" "$TMP/actors" | cut -f1)" = "$p" ]; then ok 0 "own actor: $p"
	else echo "# line '$l'"; ok 1 "own actor: $p"; fi
	apart "$p" "Mike Pompeo"
done

# kind "SPELLING" KIND
kind() {
	l=$(line_of "$1")
	k=$([ -n "$l" ] && sed -n "${l}p" "$TMP/actors" | cut -f2)
	[ "$k" = "$2" ]; ok $? "kind: $1 is $2${k:+ (got $k)}"
}
for o in "State Department" "White House" "Pentagon" "AFP" "International Crisis Group" \
	"Al-Monitor" "U.S. Central Command" "United Nations"; do
	kind "$o" org
done
kind "Mike Pompeo" person
kind "Mustafa al-Kadhimi" person

for w in Since Officials Analysts Another; do
	check "no actor is the sentence-initial '$w'" test -z "$(line_of "$w")"
done

# --mentions: six fields, offsets into the original file
check "--mentions: six tab-separated fields on every line" \
	awk -F'\t' 'NF != 6 { exit 1 }' "$TMP/mentions"
check "--mentions: start < end" awk -F'\t' '$2 >= $3 { exit 1 }' "$TMP/mentions"
n=0 same=0
while IFS="$(printf '\t')" read -r f s e a k surf; do
	n=$((n + 1))
	orig=$(tail -c +"$((s + 1))" "$f" | head -c "$((e - s))")
	[ "$orig" = "$surf" ] && same=$((same + 1))
done < "$TMP/mentions"
echo "# $same of $n mentions are their original bytes"
test "$n" -gt 100 && test $((same * 100)) -ge $((n * 97)); ok $? "--mentions: offsets cut the surface out of the original file"
check "--mentions: the file is the path as given" grep -q "^$S/000_" "$TMP/mentions"
check "--mentions: equal actor names are one actor" \
	sh -c "test \"\$(cut -f4 '$TMP/mentions' | sort -u | wc -l)\" -eq \"\$(cut -f1 '$TMP/actors' | sort -u | wc -l)\""

# JSON
$P --mentions --json "$S" > "$TMP/m.json"; ok $? "--mentions --json exits 0"
$P --actors --json "$S" > "$TMP/a.json"; ok $? "--actors --json exits 0"
if command -v python3 > /dev/null; then
	check "--mentions --json is JSON, one object per mention" python3 -c "
import json, sys
m = json.load(open('$TMP/m.json'))
sys.exit(0 if len(m) == sum(1 for _ in open('$TMP/mentions')) and all('start' in x for x in m) else 1)"
	check "--actors --json is JSON with variants" python3 -c "
import json, sys
a = json.load(open('$TMP/a.json'))
sys.exit(0 if a and all(x['variants'] for x in a) else 1)"
	check "--actors --json: per actor, its outlets' mentions add up to its mentions" python3 -c "
import json, sys
a = json.load(open('$TMP/a.json'))
sys.exit(0 if a and all(x['outlets'] and sum(o['mentions'] for o in x['outlets']) == x['mentions']
                        and sum(o['articles'] for o in x['outlets']) == x['sources'] for x in a) else 1)"
	# file names that are not UTF-8, or hold C1 and bidi controls: valid
	# UTF-8 JSON, nothing a terminal would obey
	mkdir -p "$TMP/jn"
	for n in 'bad\377.txt' 'c1\302\23331m.txt' 'bidi\342\200\256X.txt'; do
		printf 'Angela Merkel met Olaf Scholz in Berlin.\n' > "$TMP/jn/$(printf "$n")"
	done
	$P --mentions --json "$TMP/jn" > "$TMP/jn.json"
	check "--mentions --json: hostile file names, valid UTF-8 JSON" python3 -c "
import json
m = json.loads(open('$TMP/jn.json', 'rb').read().decode('utf-8'))
files = set(x['file'] for x in m)
bad = [f for f in files if any(0x80 <= ord(c) <= 0x9f or 0x202a <= ord(c) <= 0x202e for c in f)]
raise SystemExit(0 if len(files) == 3 and not bad else 1)"
	$P --actors --json "$TMP/jn" > "$TMP/jn-a.json"
	check "--actors --json: the same names, valid UTF-8 JSON" python3 -c "
import json; json.loads(open('$TMP/jn-a.json', 'rb').read().decode('utf-8'))"
else
	check "--mentions --json starts an array" grep -q '^\[' "$TMP/m.json"
	check "--actors --json starts an array" grep -q '^\[' "$TMP/a.json"
fi

# an empty input and a user's actors.tsv
printf 'Nothing to see here.\n' > "$TMP/empty.txt"
$P --mentions "$TMP/empty.txt" > "$TMP/out"; ok $? "a file without names: exit 0"
check "a file without names: no mention" test ! -s "$TMP/out"
mkdir -p "$TMP/cfg/parallax"
printf 'same\tMike Pompeo\tThe Secretary\nbad line\n' > "$TMP/cfg/parallax/actors.tsv"
printf 'Mike Pompeo spoke. Later The Secretary spoke again.\n' > "$TMP/u.txt"
XDG_CONFIG_HOME=$TMP/cfg $P --mentions "$TMP/u.txt" > "$TMP/out" 2> "$TMP/err"; ok $? "with a user actors.tsv: exit 0"
check "a bad line in actors.tsv is reported" grep -q 'actors.tsv:2' "$TMP/err"

# --mentions formats its lines on several threads, in rounds of equal
# parts: one thread or three, the same bytes, over enough mentions
# (copies of the samples) for more than one round and a short last one
mkdir "$TMP/many"
for k in $(seq 1 120); do
	for f in "$S"/*.txt; do cp "$f" "$TMP/many/$k-$(basename "$f")"; done
done
PARALLAX_THREADS=1 $P --mentions "$TMP/many" > "$TMP/m1" 2>/dev/null
PARALLAX_THREADS=3 $P --mentions "$TMP/many" > "$TMP/m3" 2>/dev/null
n=$(wc -l < "$TMP/m1")
check "many mentions: more than a round of three threads ($n)" test "$n" -gt 24576
check "many mentions: one thread or three, the same output" cmp -s "$TMP/m1" "$TMP/m3"
done_testing
