# A command found but not executable: 126.
. "$OYA_ROOT/tests/lib.sh"
printf 'not a program\n' >notexec
chmod 644 notexec
run_launch $FAST --no-heaptrack -d 5s -- ./notexec
expect_rc 126
has err "./notexec: cannot run it"
mkdir adir
run_launch $FAST --no-heaptrack -d 5s -- ./adir
expect_rc 126
