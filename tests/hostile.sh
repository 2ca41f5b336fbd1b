#!/bin/sh
# hostile.sh - the hostile corpus (tests/hostile/README) through the program:
# no crash, a bounded time, one clear message for each input skipped, and
# not one byte that could drive a terminal in the output (--dump, --dump
# --raw, --explain, and --mentions when the program has it).
# HOSTILE_HEAVY=1 adds 100,000 tiny files in one directory (.ci/extra).
. "${top_srcdir:-.}/tests/tap.sh"
P=$PARALLAX
H=$TMP/h
heavy=
[ "${HOSTILE_HEAVY:-0}" = 1 ] && heavy=--heavy
sh "$top_srcdir/tests/hostile/gen.sh" "$H" $heavy
ok $? "the hostile corpus is generated"

# Content is checked on --dump --raw (reader mode may hide a line); every
# mode is checked for inert output. Time limits are generous for sanitizer
# builds (several times slower).
LIMIT=${HOSTILE_LIMIT:-60}

# inert FILE: no C0 but TAB and LF, no DEL, no C1 (raw or in UTF-8), no
# bidi override, embedding or isolate, and valid UTF-8 throughout
inert() {
	no_controls "$1" &&
	! LC_ALL=C grep -q -P '\xE2\x80[\xAA-\xAE]|\xE2\x81[\xA6-\xA9]' "$1" &&
	iconv -f UTF-8 -t UTF-8 "$1" > /dev/null 2>&1
}

modes="--dump --raw --explain"
$P --help | grep -q -- '--mentions' && modes="$modes --mentions"

# run NAME EXPECTED-EXIT ARGS...: every mode; exit status, time, output
run() {
	name=$1 want=$2; shift 2
	for m in $modes; do
		case $m in --raw|--explain) opts="--dump $m" ;; *) opts=$m ;; esac
		timeout "$LIMIT" "$P" $opts "$@" > "$TMP/out" 2> "$TMP/err" < /dev/null
		rc=$?
		if [ $rc -ge 124 ]; then
			ok 1 "$name ($m): finishes within ${LIMIT}s without a crash (exit $rc)"
			sed 's/^/# /' "$TMP/err" | head -5
			continue
		fi
		test "$rc" -eq "$want"; ok $? "$name ($m): exit $want"
		check "$name ($m): output inert" inert "$TMP/out"
		check "$name ($m): messages inert" inert "$TMP/err"
	done
}

T=$H/text
run "terminal escapes (title, OSC 52, OSC 8, CSI, DCS, APC)" 0 "$T/escapes.txt"
$P --dump --raw "$T/escapes.txt" > "$TMP/out" 2>&1
check "escapes: the text between them stays" grep -q 'Screen red *done' "$TMP/out"
for f in c1-utf8 c1-raw all-bytes c0 bidi floods invalid-utf8 lone-bytes entities repair-flood nbsp-cr; do
	run "$f" 0 "$T/$f.txt"
done
for f in page-escapes page-nested page-quotes page-tags; do
	run "$f" 0 "$T/$f.html"
done
$P --dump --raw "$T/page-escapes.html" > "$TMP/out" 2>&1
check "a page with escapes: its text stays, the escapes go" grep -q '^Para red' "$TMP/out"
check "a page with escapes: no markup shown" sh -c "! sed 1d '$TMP/out' | grep -q '<'"
$P --dump --raw "$T/page-tags.html" > "$TMP/out" 2>&1
check "2 MB of tags: the paragraph after them" grep -qx 'end' "$TMP/out"
$P --dump --raw "$T/bidi.txt" > "$TMP/out" 2>&1
check "bidi: the words stay, the controls go" grep -q 'Override txet desrever embed ltr' "$TMP/out"
$P --dump --raw "$T/floods.txt" > "$TMP/out" 2>&1
check "combining flood: cut to a few marks per letter" \
	test "$(wc -c < "$TMP/out")" -lt 800000
$P --dump --raw "$T/invalid-utf8.txt" > "$TMP/out" 2>&1
check "invalid UTF-8: the text around each bad byte stays" grep -q 'cut at end of file' "$TMP/out"
$P --dump --raw "$T/c0.txt" > "$TMP/out" 2>&1
check "C0 controls in text: the file loads (not taken for binary)" grep -q 'ab and more text around' "$TMP/out"

# big inputs: bounded time and memory
for f in line-100mb blank-1m short-lines; do
	start=$(date +%s)
	timeout "$LIMIT" "$P" --dump "$T/$f.txt" > "$TMP/out" 2> "$TMP/err"; rc=$?
	el=$(( $(date +%s) - start ))
	test $rc -eq 0; ok $? "$f: loads (exit $rc, ${el}s)"
	check "$f: output inert" no_controls "$TMP/out"
done
$P --dump --raw "$T/line-100mb.txt" | wc -c > "$TMP/n"
check "the 100 MB line: every byte out (100,000,000 + header)" test "$(cat "$TMP/n")" -gt 100000000
$P --dump --raw "$T/blank-1m.txt" > "$TMP/out"
check "one million blank lines: two blocks" test "$(grep -c -v -e '^$' -e '^==>' "$TMP/out")" -eq 2
$P --dump --max-size=50M "$T/line-100mb.txt" "$T/escapes.txt" > "$TMP/out" 2> "$TMP/err"; rc=$?
test $rc -eq 1; ok $? "over --max-size: exit 1"
check "over --max-size: a message naming the cap" grep -q 'line-100mb.txt: file too large' "$TMP/err"
check "over --max-size: the rest loads" grep -q 'escapes.txt' "$TMP/out"
rm -f "$T/line-100mb.txt"

# paths: one message for each skipped input, the rest loads, exit 1
run "a tree of bad paths" 1 "$H/tree"
$P --dump "$H/tree" > "$TMP/out" 2> "$TMP/err"
for what in 'binary.dat: binary' 'utf16.txt: binary' 'controls.txt: binary' \
            'directory nested too deep' 'loop/sub/up: directory loop' \
            'self: Too many levels' 'dangling: No such file' 'fifo: not a regular file'; do
	check "bad paths: '$what' reported once" test "$(grep -c -- "$what" "$TMP/err")" -eq 1
done
check "bad paths: a file under the loop loads once" test "$(grep -c 'in the loop' "$TMP/out")" -eq 1
check "bad paths: the shallow part of the deep tree loads" grep -q 'shallow file' "$TMP/out"
check "bad paths: a name with an escape is shown inert" grep -q 'evil^\[\]0;pwned^G.txt' "$TMP/out"
if [ "$(id -u)" != 0 ]; then
	check "bad paths: the unreadable file reported" grep -q 'unreadable.txt: Permission denied' "$TMP/err"
fi
check "bad paths: plain text still loads" grep -q 'plain text that loads' "$TMP/out"

# a FIFO with a writer, read as standard input
mkfifo "$TMP/pipe"
(printf 'Through a FIFO \033]0;x\007ok\n' > "$TMP/pipe") &
timeout 10 "$P" --dump - < "$TMP/pipe" > "$TMP/out" 2>&1; rc=$?
test $rc -eq 0; ok $? "a FIFO on standard input: read to its end"
check "a FIFO on standard input: inert" inert "$TMP/out"
wait

# a file that shrinks (and one that grows) while it is read: no crash, and
# whatever was read is text
perl -e 'print "shrinking text line\n" x 2_000_000' > "$TMP/shrink.txt"
i=0; bad=0
while [ $i -lt 5 ]; do
	cp "$TMP/shrink.txt" "$TMP/s.txt"
	( sleep 0.0$i; : > "$TMP/s.txt" ) &
	timeout "$LIMIT" "$P" --dump "$TMP/s.txt" > "$TMP/out" 2> "$TMP/err"; rc=$?
	wait
	{ [ $rc -le 1 ] && no_controls "$TMP/out"; } || bad=$((bad + 1))
	i=$((i + 1))
done
test $bad -eq 0; ok $? "a file truncated while read: no crash, inert output"
( i=0; while [ $i -lt 200 ]; do echo "growing line $i" >> "$TMP/g.txt"; i=$((i + 1)); done ) &
timeout "$LIMIT" "$P" --dump "$TMP/g.txt" > "$TMP/out" 2> "$TMP/err"; rc=$?
wait
test $rc -le 1; ok $? "a file growing while read: no crash"

# many tiny files in one directory
start=$(date +%s)
timeout "$LIMIT" "$P" --dump "$H/many" > "$TMP/out" 2> "$TMP/err"; rc=$?
el=$(( $(date +%s) - start ))
test $rc -eq 0; ok $? "many tiny files: loaded (exit $rc, ${el}s)"
n=$(ls "$H/many" | wc -l)
check "many tiny files: all $n articles" test "$(grep -c '^==> ' "$TMP/out")" -eq "$n"

# loading on several threads: the same dossier, byte for byte
for t in 1 2 7; do
	PARALLAX_THREADS=$t "$P" --dump --raw "$H/many" "$T" "$H/tree" > "$TMP/threads-$t" 2>&1
done
check "PARALLAX_THREADS=1, 2, 7: the same output" \
	sh -c "cmp -s '$TMP/threads-1' '$TMP/threads-2' && cmp -s '$TMP/threads-1' '$TMP/threads-7'"
rm -f "$TMP"/threads-*

# the locale and the terminal: LANG=C, a non-UTF-8 locale, TERM unset or
# unknown, no terminal on stdin or stdout: the same inert, UTF-8 dump
for env in "LC_ALL=C" "LC_ALL=POSIX" "LANG=en_US.ISO-8859-1 LC_ALL=" "TERM=" "TERM=no-such-terminal"; do
	env $env "$P" "$T/escapes.txt" < /dev/null > "$TMP/out" 2> "$TMP/err"; rc=$?
	test $rc -eq 0; ok $? "$env, no terminal: exit 0"
	check "$env, no terminal: prints the dump, inert" inert "$TMP/out"
	check "$env, no terminal: the article is there" grep -q '^==> .*escapes.txt <==$' "$TMP/out"
done
env -u TERM "$P" --dump --raw "$T/c1-raw.txt" > "$TMP/out" 2>&1
check "TERM unset: Latin-1 input comes out as UTF-8" grep -q 'café' "$TMP/out"

done_testing
