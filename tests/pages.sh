#!/bin/sh
# pages.sh - a saved web page (tests/pages/saved-page.html, a news page as a
# browser saves it: cookie banner, menu, share bar, figure, related list,
# comment form, footer, scripts) read as its article, and its mentions
# pointing into the HTML's own bytes.
. "${top_srcdir:-.}/tests/tap.sh"
P=$PARALLAX
F="$top_srcdir/tests/pages/saved-page.html"

$P --dump "$F" > "$TMP/dump" 2> "$TMP/err"; ok $? "--dump of a saved page exits 0"
check "no diagnostics" test ! -s "$TMP/err"
check "no markup left (but the header)" sh -c "! sed 1d '$TMP/dump' | grep -q '[<>]'"
check "no script or style text" sh -c "! grep -qE 'dataLayer|display:|NewsArticle' '$TMP/dump'"
check "the title, from <h1>, entity decoded" \
	test "$(sed -n 2p "$TMP/dump")" = "Iraq’s prime minister rallies allies to prevent US embassy closure"
check "the byline" grep -qx 'By: Jane Doe in Baghdad' "$TMP/dump"
check "the date" grep -qx 'Date: 2020-09-29' "$TMP/dump"
check "the source URL, from the canonical link" \
	grep -qx 'URL: https://example.com/world/2020/sep/29/kadhimi-pompeo' "$TMP/dump"
check "a paragraph hard-wrapped in the HTML reads as one" \
	grep -qx 'Kadhimi met leaders of the main parliamentary blocs on Monday evening, officials said, and urged them to rein in the armed groups blamed for rocket attacks on the embassy.' "$TMP/dump"
check "the last paragraph" grep -q '^“The government will not allow' "$TMP/dump"
for gone in 'We use cookies' 'Politics' 'Share on Facebook' 'Who are the militias' \
	'Leave a Reply' 'Your email address' 'All rights reserved' 'Accept all' 'Post Comment'; do
	check "stripped: $gone" sh -c "! grep -qF '$gone' '$TMP/dump'"
done

# every mention's offsets are bytes of the HTML file that read as its surface
$P --mentions "$F" > "$TMP/m" 2> "$TMP/err"; ok $? "--mentions of a saved page exits 0"
check "Kadhimi found, three times" test "$(grep -c '	Mustafa al-Kadhimi	person	' "$TMP/m")" -ge 3
check "Pompeo found" grep -q '	Mike Pompeo	person	Pompeo$' "$TMP/m"
bad=0 n=0
while IFS='	' read -r file start end actor kind surface; do
	n=$((n + 1))
	got=$(dd if="$file" bs=1 skip="$start" count=$((end - start)) 2>/dev/null)
	[ "$got" = "$surface" ] || { bad=$((bad + 1)); echo "# $start-$end: '$got' is not '$surface'"; }
done < "$TMP/m"
check "every mention's offsets hold its surface in the HTML ($n)" test "$bad" -eq 0 -a "$n" -gt 5

# a text file that holds some markup is read as text
printf 'A note on markup\n\nThe <p> tag opens a paragraph and the <b> tag makes bold text in the page.\n' > "$TMP/note.txt"
$P --dump --raw "$TMP/note.txt" > "$TMP/note" 2>&1
check "text with tags in it stays text" grep -qF 'The <p> tag opens' "$TMP/note"
done_testing
