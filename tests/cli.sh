#!/bin/sh
# cli.sh - the command line: options, exit codes, bad inputs, hostile text.
. "${top_srcdir:-.}/tests/tap.sh"
P=$PARALLAX

$P --help > "$TMP/help" 2>&1; ok $? "--help exits 0"
check "--help names --dump" grep -q -- '--dump' "$TMP/help"
$P --version > "$TMP/v" 2>&1; ok $? "--version exits 0"
check "--version prints the version" grep -q '^parallax [0-9]' "$TMP/v"
$P --no-such-option > /dev/null 2>&1; test $? -eq 2; ok $? "an unknown option exits 2"
$P --max-size=banana x > /dev/null 2>&1; test $? -eq 2; ok $? "a bad --max-size exits 2"
# options that would be ignored are refused, each with its reason
for opts in "--dump --mentions" "--mentions --actors" "--json" "--dump --json" \
	"--mentions --raw" "--actors --explain"; do
	$P $opts x > /dev/null 2> "$TMP/err"; rc=$?
	test $rc -eq 2 && grep -q '^parallax: --' "$TMP/err"; ok $? "$opts: exit 2 and why"
done
printf 'One line.\n' > "$TMP/one.txt"
$P --dump --dump --raw "$TMP/one.txt" > /dev/null 2>&1; ok $? "--dump twice, with --raw: fine"
# --help and --version tell a failed write (a full disk) and exit 1
if [ -w /dev/full ]; then
	for opt in --help --version; do
		$P $opt > /dev/full 2> "$TMP/err"; rc=$?
		test $rc -eq 1 && grep -q 'write error' "$TMP/err"; ok $? "$opt to a full disk: exit 1, a message"
	done
fi

printf 'Good article\n\nIt has text.\n' > "$TMP/good.txt"
printf 'bin\0ary\0data' > "$TMP/bin.dat"
mkfifo "$TMP/fifo"
mkdir -p "$TMP/loop/sub"; ln -s .. "$TMP/loop/sub/up"; cp "$TMP/good.txt" "$TMP/loop/a.txt"

$P --dump "$TMP/missing.txt" "$TMP/good.txt" > "$TMP/out" 2> "$TMP/err"
rc=$?
test $rc -eq 1; ok $? "a missing file: exit 1"
check "a missing file: the rest still prints" grep -q 'It has text.' "$TMP/out"
check "a missing file: one message naming it" test "$(grep -c 'missing.txt' "$TMP/err")" -eq 1

$P --dump /proc/self/mem "$TMP/good.txt" > "$TMP/out" 2> "$TMP/err"; rc=$?
test $rc -eq 1; ok $? "an unreadable file: exit 1"
check "an unreadable file: a message" grep -q 'mem' "$TMP/err"
check "an unreadable file: the rest prints" grep -q 'It has text.' "$TMP/out"

$P --dump "$TMP/bin.dat" "$TMP/good.txt" > "$TMP/out" 2> "$TMP/err"; rc=$?
test $rc -eq 1; ok $? "a binary file: exit 1"
check "a binary file: 'binary' in the message" grep -q 'bin.dat: binary' "$TMP/err"
check "a binary file: the rest prints" grep -q 'It has text.' "$TMP/out"

# a FIFO named on the command line must not block
timeout 10 $P --dump "$TMP/fifo" "$TMP/good.txt" > "$TMP/out" 2> "$TMP/err"; rc=$?
test $rc -eq 1; ok $? "a FIFO: exit 1, no hang"
check "a FIFO: a message" grep -q 'fifo: not a regular file' "$TMP/err"

timeout 10 $P --dump "$TMP/loop" > "$TMP/out" 2> "$TMP/err"; rc=$?
test $rc -eq 1; ok $? "a directory loop: exit 1, no hang"
check "a directory loop: a message" grep -q 'loop' "$TMP/err"
check "a directory loop: the file inside still prints" test "$(grep -c 'It has text.' "$TMP/out")" -eq 1

mkdir "$TMP/empty"
$P --dump "$TMP/empty" > "$TMP/out" 2> "$TMP/err"; rc=$?
test $rc -eq 0; ok $? "an empty dossier: exit 0"
check "an empty dossier: says so" grep -q 'empty' "$TMP/err"

printf 'From stdin\n\nbody text\n' | $P --dump - > "$TMP/out" 2>&1
check "- reads standard input" grep -q 'body text' "$TMP/out"
printf 'Piped\n' | $P > "$TMP/out" 2>&1 < "$TMP/good.txt"
check "no terminal on stdout: behaves like --dump on the samples" grep -q '==> .*samples/000' "$TMP/out"

# hostile text: escape sequences, C1 controls, bidi, title setting, OSC 52
printf 'Title \033]0;pwned\007here\n\nBody \033[2J\033[31mred\033[0m \302\233"31m C1 \342\200\256rev\n\033]52;c;ZXZpbA==\033\\ \033P1$q\033\\ \220dcs\234 end \001\002\177\n' > "$TMP/hostile.txt"
$P --dump "$TMP/hostile.txt" > "$TMP/out" 2>&1; ok $? "a hostile file loads"
check "--dump of a hostile file has no control bytes" no_controls "$TMP/out"
check "--dump keeps the hostile file's text" grep -q 'Body red' "$TMP/out"
printf 'x' > "$TMP/evil$(printf '\033')[31mname.txt"
$P --dump "$TMP" > "$TMP/out" 2> "$TMP/err"
check "a file name with ESC is printed inert (stdout)" no_controls "$TMP/out"
check "a file name with ESC is printed inert (stderr)" no_controls "$TMP/err"

# no argument: the bundled samples
$P --dump > "$TMP/out" 2>&1; ok $? "no path: the bundled sample dossier"
check "the samples hold five articles or more" test "$(grep -c '^==> ' "$TMP/out")" -ge 5

done_testing
