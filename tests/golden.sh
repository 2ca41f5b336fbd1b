#!/bin/sh
# golden.sh - --dump of each bundled sample against its reviewed expected file.
# To update after a reviewed change: tests/golden.sh --update (from the top).
. "${top_srcdir:-.}/tests/tap.sh"
S="$top_srcdir/share/parallax/samples"
G="$top_srcdir/tests/golden"
for f in "$S"/*.txt; do
	b=$(basename "$f" .txt); n=${b%%_*}
	(cd "$S" && $PARALLAX --dump "$b.txt") > "$TMP/$n.dump" 2>&1
	if [ "${1:-}" = --update ]; then cp "$TMP/$n.dump" "$G/$n.dump"; fi
	if diff -u "$G/$n.dump" "$TMP/$n.dump" > "$TMP/diff"; then
		ok 0 "--dump $n matches tests/golden/$n.dump"
	else
		ok 1 "--dump $n matches tests/golden/$n.dump"; sed 's/^/# /' "$TMP/diff" | head -40
	fi
done
done_testing
