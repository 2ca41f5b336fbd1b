# tap.sh - TAP helpers for the shell tests (sourced).
tap_n=0
tap_fail=0
ok() { # ok CONDITION-EXIT-STATUS DESCRIPTION
	tap_n=$((tap_n + 1))
	if [ "$1" -eq 0 ]; then echo "ok $tap_n - $2"; else echo "not ok $tap_n - $2"; tap_fail=1; fi
}
check() { # check DESCRIPTION COMMAND...
	d=$1; shift
	if "$@"; then ok 0 "$d"; else ok 1 "$d"; fi
}
done_testing() { echo "1..$tap_n"; exit $tap_fail; }
: "${PARALLAX:=$top_builddir/src/parallax}"
: "${top_srcdir:=.}"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/px-test.XXXXXX")
trap 'chmod -R u+rwx "$TMP" 2>/dev/null; rm -rf "$TMP"' EXIT
# no control byte but TAB and LF, no ESC, no C1 control in UTF-8
no_controls() { ! LC_ALL=C grep -q -P '[\x00-\x08\x0B-\x1F\x7F]|\xC2[\x80-\x9F]' "$1"; }
