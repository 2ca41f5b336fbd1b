#!/bin/sh
# gen.sh DIR [--heavy] - write the hostile corpus (see README) into DIR.
# Everything is generated: nothing hostile is stored in the repository.
# --heavy adds the 100,000 tiny files (kept for .ci/extra).
set -eu
D=$1
heavy=${2:-}
mkdir -p "$D/text" "$D/tree"
T=$D/text

# 1. terminal escapes: title setting, OSC 52 clipboard, OSC 8 hyperlinks,
#    CSI, DCS, APC/PM/SOS strings, keypad and charset switches, a string that
#    never ends, and the same introducers as 8-bit C1 bytes in UTF-8
printf 'Title \033]0;pwned\007 and \033]2;pwned too\033\\ end\n\nClipboard \033]52;c;ZWNobyBwd25lZA==\007 gone\nLink \033]8;;https://evil.example/\033\\click\033]8;;\033\\ here\nScreen \033[2J\033[H\033[31;1mred\033[0m \033[?1049h\033[?25l\033[6n\033[>c\033[c done\nDCS \033P1$r0m\033\\ \033Pq#0;2;0;0;0#1!100~\033\\ sixel\nAPC \033_Gf=24;AAAA\033\\ PM \033^pm\033\\ SOS \033Xsos\033\\ \033=\033>\033(0lqk\033(B\033#8\033c reset\nUnterminated \033]0;this title never ends and runs to the end of the line\nnext line survives \033\n\033[\n\033]\n' > "$T/escapes.txt"
printf 'C1 in UTF-8: \302\233"31m csi \302\235"0;title\302\234 osc \302\220dcs\302\234 \302\205nel \302\204ind \302\215ri \302\216ss2 \302\217ss3 \302\226spa \302\232sci \302\237apc\302\234 end\n' > "$T/c1-utf8.txt"
# raw 8-bit C1 bytes in a file that is otherwise Latin-1: read as
# Windows-1252, the bytes 1252 leaves undefined are controls and go
printf 'Raw C1: \233"31m csi \235"0;title\234 \220dcs\234 \201\215\217\220\235 caf\351\n' > "$T/c1-raw.txt"
# every byte value, NUL aside (NUL makes a file binary: tested below)
perl -e 'print map { chr } 1 .. 255; print "\nafter every byte\n"' > "$T/all-bytes.txt"
# each C0 control and DEL alone on a line with text around it
perl -e 'for my $c (1 .. 31, 127) { print "a", chr($c), "b and more text around the control byte\n" }' > "$T/c0.txt"

# 2. bidi overrides, embeddings and isolates (Trojan Source), and marks
printf 'Override \342\200\256txet desrever\342\200\254 embed \342\200\252ltr\342\200\254 \342\200\253rtl\342\200\254 \342\200\255lro\342\200\254\nIsolates \342\201\246lri\342\201\251 \342\201\247rli\342\201\251 \342\201\250fsi\342\201\251\nUnclosed \342\200\256 to the end of the file\n' > "$T/bidi.txt"

# 3. zero-width and combining floods: 200,000 zero-width spaces, joiners
#    and BOMs; one base letter with 200,000 combining marks; Zalgo text
perl -e 'binmode STDOUT, ":utf8"; print "zw:", "\x{200B}\x{200C}\x{200D}\x{2060}\x{FEFF}" x 40000, ":end\n";
	print "e", "\x{301}" x 200000, " after\n";
	print join(" ", map { my $i = $_; "z" . join("", map { chr(0x300 + ($i * 7 + $_) % 0x70) } 1 .. 30) } 1 .. 2000), "\n"' > "$T/floods.txt"

# 4. invalid UTF-8 of every class, in an otherwise UTF-8 file (a valid
#    multi-byte character keeps it UTF-8): lone continuation bytes, C0/C1
#    leads (always overlong), overlong 3- and 4-byte forms, UTF-16
#    surrogates, code points past U+10FFFF, F5-FF, sequences cut short by a
#    space, by a line end and by the end of the file
printf 'valid \342\200\231 then: cont \200 \277 | c0c1 \300\257 \301\277 | over3 \340\200\257 \340\237\277 | over4 \360\200\200\257 \360\217\277\277 | surr \355\240\200 \355\277\277 \355\240\275\355\270\200 | big \364\220\200\200 \367\277\277\277 | f5ff \365 \370\210\200\200\200 \374\204\200\200\200\200 \376 \377 | cut2 \303 x | cut3 \342\202 x | cut4 \360\237\230 x\ncut at line end \342\202\ncut at end of file \360\237\230' > "$T/invalid-utf8.txt"
# every byte 0x80-0xFF alone, between ASCII letters, in a UTF-8 file
perl -e 'print "\xe2\x80\x99 "; for my $b (0x80 .. 0xFF) { print "x", chr($b), "y " } print "\n"' > "$T/lone-bytes.txt"

# 5. entities that decode to controls, escapes and bidi controls, and a
#    flood of repairs past the per-file record cap
printf 'Entities &#27;[31mred &#x1b;]0;t&#7; &#155;31m &#x9b; &#0; &#x202E;rev &#8238;rev &#x2066;iso &#127; &#xD800; &#1114112; &#99999999999; &amp;#27;[2J\n' > "$T/entities.txt"
perl -e 'print "&amp;" x 20000, "\n", "It\xc3\xa2\xe2\x82\xac\xe2\x84\xa2s " x 5000, "\n"' > "$T/repair-flood.txt"

# 6. a 100 MB line, and one million blank lines (CRLF), and 500,000 short lines
perl -e '$s = "word " x 200; for (1 .. 100_000) { print $s } print "\n"' > "$T/line-100mb.txt"
perl -e 'print "first\r\n", "\r\n" x 1_000_000, "last\r\n"' > "$T/blank-1m.txt"
perl -e 'print "a\n" x 500_000' > "$T/short-lines.txt"
# lines of no-break spaces only, and CR-only line ends
printf 'one\n\302\240\302\240\302\240\n\302\240\n\ntwo\rthree\r\rfour\r' > "$T/nbsp-cr.txt"

# 6b. saved web pages: escapes and C1 controls in text, attributes, comments
#    and the title; entities that decode to escapes and bidi controls;
#    markup left open (a comment, a quote, a script); 100,000 nested hidden
#    elements; 200,000 tags that each open a quote; 2 MB of empty tags
printf '<!DOCTYPE html><html><head><title>T \033]0;pwned\007 &#27;]0;t&#7; &#x202E;rev</title>\n<link rel=canonical href="https://x.example/\033[2J\302\233"0m"></head><body><p title="\033]52;c;ZWNobw==\007">Para \033[31mred\033[0m &#x1b;[2J &#155;31m &#8238;rev</p><!-- \033]0;c\007 --><script>"\033[?1049h"</script><p>after</p><p>open <a href="x\n' > "$T/page-escapes.html"
perl -e 'print "<html><body><p>a</p>", "<svg>" x 100_000, "x" x 1000, "\n"' > "$T/page-nested.html"
perl -e 'print "<html><body><p>a</p>", "<a x=\x27" x 200_000, "\n"' > "$T/page-quotes.html"
perl -e 'print "<html><body>", "<div><span></span></div>" x 90_000, "<p>end</p><!-- never closed ", "-" x 100_000, "\n"' > "$T/page-tags.html"

# 7. not text: NUL bytes; UTF-16 with its BOM; mostly controls
printf 'bin\000ary\000' > "$D/tree/binary.dat"
printf '\377\376T\000e\000x\000t\000\n\000' > "$D/tree/utf16.txt"
perl -e 'print map { chr(1 + $_ % 8) } 1 .. 4096' > "$D/tree/controls.txt"

# 8. paths: a directory 100 deep (past the walk's depth cap), a directory
#    loop, a symlink that points at itself, a dangling symlink, a FIFO, an
#    unreadable file, a file name with an escape sequence in it
p=$D/tree/deep
i=0
while [ $i -lt 100 ]; do p=$p/d; i=$((i + 1)); done
mkdir -p "$p"
printf 'deep file\n' > "$p/deep.txt"
printf 'shallow file\n' > "$D/tree/deep/d/shallow.txt"
mkdir -p "$D/tree/loop/sub"
ln -s .. "$D/tree/loop/sub/up"
printf 'in the loop\n' > "$D/tree/loop/a.txt"
ln -s self "$D/tree/self"
ln -s nowhere "$D/tree/dangling"
mkfifo "$D/tree/fifo"
printf 'secret\n' > "$D/tree/unreadable.txt"
chmod 000 "$D/tree/unreadable.txt"
printf 'named with an escape\n' > "$D/tree/evil$(printf '\033')]0;pwned$(printf '\007').txt"
printf 'plain text that loads\n' > "$D/tree/plain.txt"

# 9. many tiny files in one directory: 2,000 here, 100,000 with --heavy
n=2000
[ "$heavy" = --heavy ] && n=100000
mkdir -p "$D/many"
perl -e 'my ($d, $n) = @ARGV; for my $i (1 .. $n) { open(my $f, ">", sprintf("%s/%06d.txt", $d, $i)) or die; print $f "tiny $i\n"; close $f }' "$D/many" "$n"
