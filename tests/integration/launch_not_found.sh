# A command that does not exist: 127.
. "$OYA_ROOT/tests/lib.sh"
run_launch $FAST --no-heaptrack -d 5s -- oya-no-such-command-here
expect_rc 127
has err "oya-no-such-command-here: command not found"
run_launch $FAST --no-heaptrack -d 5s -- ./missing
expect_rc 127
