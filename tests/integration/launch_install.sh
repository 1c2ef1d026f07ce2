# make install: an installed oya-launch finds the installed preload, and a program
# builds against the installed tree with pkg-config.
. "$OYA_ROOT/tests/lib.sh"
unset OYA_PRELOAD
root=$tmp/root
# the sanitizer build (build-san) must be installed as it was built
san=
case $BUILD in */build-san) san=address,undefined ;; esac
make -s -C "$OYA_ROOT" install DESTDIR="$root" PREFIX=/usr BUILD="$BUILD" SANITIZE="$san" >make.log 2>&1 ||
	{ cat make.log; fail "make install failed"; }
for f in usr/bin/oya-launch usr/lib/oya/liboya_preload.so usr/lib/oya/oya-exec usr/include/oya/oya.h usr/lib/liboya.a \
	usr/lib/liboya.so usr/lib/liboya.so.0 usr/lib/pkgconfig/oya.pc; do
	[ -e "$root/$f" ] || fail "make install did not install $f"
done
grep -qx "prefix=/usr" "$root/usr/lib/pkgconfig/oya.pc" || fail "oya.pc does not say prefix=/usr"
# Only the API is exported from liboya.so.
nm -D --defined-only "$root/usr/lib/liboya.so" | awk '$2 == "T" { print $3 }' >exports
has exports oya_run_background
hasnt exports oya_launch_parse
hasnt exports oya_status_parse

# The installed launcher, with the installed preload.
run_launch --no-heaptrack $FAST -d 10s -- "$TARGET" sleep 300
cp err err.direct
rc=0
"$root/usr/bin/oya-launch" --no-heaptrack $FAST -d 10s -o inst.jsonl -- "$TARGET" sleep 300 >out 2>err || rc=$?
expect_rc 0
has inst.jsonl '"exe":"launch-target","event":"start","seq":0,"source":"preload"'
# Under heaptrack it finds the installed oya-exec: the command's stdout is its own.
if command -v heaptrack >/dev/null; then
	rc=0
	"$root/usr/bin/oya-launch" -q $FAST -d 30s -o inst-ht.jsonl -- "$TARGET" exit 0 >out 2>err || rc=$?
	expect_rc 0
	[ ! -s out ] || fail "stdout holds more than the command's output: $(cat out)"
	has inst-ht.summary.json '"complete":true'
fi

# The README's example, built with pkg-config against the installed tree.
export PKG_CONFIG_SYSROOT_DIR="$root" PKG_CONFIG_PATH="$root/usr/lib/pkgconfig"
flags=$(pkg-config --cflags --libs oya) || fail "pkg-config does not know oya"
cc ${san:+-fsanitize=$san} -o ex "$OYA_ROOT/tests/integration/lib/liboya-example.c" $flags >cc.log 2>&1 ||
	{ cat cc.log >&2; fail "the example does not build: cc ex.c $flags"; }
LD_LIBRARY_PATH="$root/usr/lib" ./ex >ex.out 2>err || fail "the example failed: $(cat ex.out)"
has ex.out "exited (status 0)"
has ex.jsonl '"exe":"dash"'
[ -s ex.summary.json ] || fail "the example wrote no summary"
