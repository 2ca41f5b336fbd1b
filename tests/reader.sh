#!/bin/sh
# reader.sh - reader mode on the bundled samples: what SEEDS.md asks of each
# file (titles, stripped lines, the two articles of 002 with their outlets,
# dates and URLs, 004 as a wire copy, credit and caption labels), and rule
# diagnostics from a user's rule file.
. "${top_srcdir:-.}/tests/tap.sh"
S="$top_srcdir/share/parallax/samples"
P=$PARALLAX

(cd "$S" && $P --dump .) > "$TMP/all" 2> "$TMP/err"; ok $? "--dump of the samples exits 0"
check "no diagnostics from the shipped rules" test ! -s "$TMP/err"
(cd "$S" && $P --dump --explain .) > "$TMP/explain" 2>/dev/null

# The lines of article N (as "==> ./FILE <==" or "(k/n)" names it) of --dump.
article() { # article HEADER-SUBSTRING
	awk -v h="$1" '/^==> /{on = index($0, h) > 0; next} on' "$TMP/all"
}
# First line of an article: its title.
title_is() { # title_is HEADER TITLE
	test "$(article "$1" | head -1)" = "$2"
}
has() { article "$1" | grep -qF -- "$2"; }
lacks() { ! article "$1" | grep -qF -- "$2"; }
label_is() { # label_is LABEL TEXT-PREFIX: the block starting with TEXT has LABEL
	grep -F -- "] $2" "$TMP/explain" | head -1 | grep -q "^\[$1[]:]"
}

# 000
check "000: title without ' | World news'" \
	title_is "000_" "Iraqi Prime Minister Gathers Allies to Prevent US Embassy Closure After Pompeo Threats"
check "000: body starts" has "000_" "The Iraqi prime minister has rallied"
check "000: body ends" has "000_" "advance the Iranian cause."
check "000: comment form stripped" lacks "000_" "Please enter your comment!"
check "000: name prompt stripped" lacks "000_" "Please enter your name here"
check "000: lost space after a full stop repaired" has "000_" "attacks. The ultimatum"

# 001
check "001: title" title_is "001_" "Pompeo warns of the withdrawal of US plans for the embassy in Baghdad"
check "001: the title once" test "$(article 001_ | grep -c 'Pompeo warns of the withdrawal')" -eq 1
check "001: theme advert stripped" lacks "001_" "قالب"
check "001: breadcrumb stripped" lacks "001_" "Home / Tips and Tricks"
check "001: 'Source link' stripped" lacks "001_" "Source link"
check "001: the credit line kept" has "001_" "Ryan and Hudson reported from Washington. Mustafa Salim in Baghdad contributed to this report."
check "001: ... and labelled a credit" label_is credit "Ryan and Hudson reported"
check "001: Pompeo’s in one paragraph" has "001_" "Pompeo’s"

# 002: two articles
check "002: two articles" test "$(grep -c '^==> ./002_.* ([12]/2) <==$' "$TMP/all")" -eq 2
check "002/1: title" title_is "002_1346e939692f5d11.txt (1/2)" \
	"US says it will leave Baghdad embassy if Iraq doesn't rein in attacks: report"
check "002/1: byline" has "(1/2)" "By: Justine Coleman"
check "002/1: outlet" has "(1/2)" "Outlet: The Hill"
check "002/1: date" has "(1/2)" "Date: 2020-09-28"
check "002/1: URL" has "(1/2)" "URL: https://www.msn.com/en-us/news/politics/us-says-it-will-leave-baghdad-embassy"
check "002/1: body" has "(1/2)" "The U.S. told Iraq that it will leave its embassy"
check "002/2: a quotation with few stop words stays" has "(2/2)" "The Americans aren’t just angry."
check "002/2: title" title_is "002_1346e939692f5d11.txt (2/2)" "US threatens to close embassy in Baghdad"
check "002/2: outlet" has "(2/2)" "Outlet: Asia Times/AFP"
check "002/2: date" has "(2/2)" "Date: 2020-09-27"
check "002/2: URL" has "(2/2)" "URL: https://asiatimes.com/2020/09/us-threatens-to-close-embassy-in-baghdad/"
check "002/2: standfirst" label_is standfirst "Pompeo ultimatum to halt attacks"
check "002/2: subheading 'Growing rift'" label_is heading "Growing rift"
check "002/2: subheading 'PM in hot water?'" label_is heading "PM in hot water?"
check "002: the photo caption is a caption" label_is caption "An Iraqi woman protesting"
for junk in "Al-Jazeerah: Cross-Cultural Understanding" "www.ccun.org" "News, September 2020" \
	"Al-Jazeerah History" "Mission & Name" "US Foreign Policy (Dr. El-Najjar" "Editorial Note:" \
	"Share the link of this article" "Fair Use Notice" "Opinions expressed" "editor@aljazeerah.info" \
	"***"; do
	check "002: stripped: $junk" lacks "002_" "$junk"
done

# 003
check "003: title" title_is "003_" "Attacks on the American Embassy: Washington issues an ultimatum to Iraq"
check "003: subheading 'Distance taking'" label_is heading "Distance taking"
check "003: subheading 'Message to the United States'" label_is heading "Message to the United States"
for junk in "Source link" "Leave a Reply" "Your email address will not be published"; do
	check "003: stripped: $junk" lacks "003_" "$junk"
done

# 004
check "004: title" title_is "004_" "New US threats to Iraq widen rifts, leave PM exposed"
check "004: a wire copy of 002's second article" has "004_" "Wire copy of: ./002_1346e939692f5d11.txt (2/2)"
check "004: first paragraph reflowed" has "004_" "Enraged by near-daily attacks on its interests in Iraq, Washington"

# --explain: every block with a label and a reason
check "--explain: boilerplate shown with its rule" grep -q '^\[boilerplate: comment-enter\] Please enter your comment!' "$TMP/explain"
check "--explain: body with the classifier's score" grep -q '^\[body: classifier: [a-z ,()-]* [01]\.[0-9][0-9]\] ' "$TMP/explain"
# --raw: no reader mode
(cd "$S" && $P --dump --raw 000_9bbb64c3ce846744.txt) > "$TMP/raw" 2>&1
check "--raw keeps the comment form" grep -q "Please enter your comment!" "$TMP/raw"

# the user's rules: a bad one is reported with file:line, the good one applies
mkdir -p "$TMP/cfg/parallax/rules"
printf 'broken boilerplate (oops\nmine boilerplate the\\s+iraqi\\s+prime\\s+minister\\s+has\\s+rallied.*$\n' \
	> "$TMP/cfg/parallax/rules/mine.rules"
(cd "$S" && XDG_CONFIG_HOME="$TMP/cfg" $P --dump 000_9bbb64c3ce846744.txt) > "$TMP/out" 2> "$TMP/err"
ok $? "a bad user rule: still exits 0"
check "a bad user rule: diagnostic with file:line" grep -q '^parallax: .*mine.rules:1: rule broken: bad pattern' "$TMP/err"
check "a user rule applies" sh -c "! grep -q 'The Iraqi prime minister has rallied' '$TMP/out'"
check "the output still has the article" grep -q "Kadhimi" "$TMP/out"
# the rule cache (what checking each rule learnt, kept between runs): a
# cold one, a warm one, none and a damaged one give the same output
C="$TMP/cache"
(cd "$S" && XDG_CACHE_HOME="$C" $P --dump --explain .) > "$TMP/cold" 2>&1
check "rule cache: written by the first run" test -s "$C/parallax/rules.cache"
(cd "$S" && XDG_CACHE_HOME="$C" $P --dump --explain .) > "$TMP/warm" 2>&1
(cd "$S" && env -u HOME -u XDG_CACHE_HOME -u XDG_CONFIG_HOME $P --dump --explain .) > "$TMP/none" 2>&1
check "rule cache: none at all, the same output as --explain before" cmp -s "$TMP/none" "$TMP/explain"
check "rule cache: a cold run, the same output" cmp -s "$TMP/cold" "$TMP/none"
check "rule cache: a warm run, the same output" cmp -s "$TMP/warm" "$TMP/none"
printf 'PXRC\001\000\000\000 not a cache' > "$C/parallax/rules.cache"
(cd "$S" && XDG_CACHE_HOME="$C" $P --dump --explain .) > "$TMP/bad" 2>&1
check "rule cache: a damaged file, the same output and no message" cmp -s "$TMP/bad" "$TMP/none"
check "rule cache: a damaged file is replaced" sh -c "! grep -q 'not a cache' '$C/parallax/rules.cache'"
done_testing
