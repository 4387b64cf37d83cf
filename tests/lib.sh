# SPDX-License-Identifier: Apache-2.0
# tests/lib.sh: TAP output, expect and the golden-case runner, sourced by
# the test drivers.  The harness sets top_srcdir and top_builddir (absolute).
#
# A golden case is a set of files NAME.* in a case directory:
#   NAME.args    the arguments, one a line (absent: none)
#   NAME.in      standard input (absent: /dev/null)
#   NAME.out     expected standard output
#   NAME.err     expected standard error
#   NAME.status  expected exit status
# The three expected files are required, empty ones too: a case without
# one of them fails.  The program runs in the case directory, so arguments
# can name files there.  make check UPDATE_GOLDEN=1 writes .out, .err and
# .status from what the program does: review the diff before committing it.

: "${top_srcdir:?}" "${top_builddir:?}"
tap_count=0
tap_fail=0

tap_ok() {
	tap_count=$((tap_count + 1))
	echo "ok $tap_count - $1"
}

tap_not_ok() {
	tap_count=$((tap_count + 1))
	tap_fail=$((tap_fail + 1))
	echo "not ok $tap_count - $1"
}

# tap_check NAME COMMAND...: ok when the command succeeds; its output is
# shown as diagnostics when it fails.
tap_check() {
	tap_name=$1
	shift
	if tap_out=$("$@" 2>&1); then
		tap_ok "$tap_name"
	else
		tap_not_ok "$tap_name"
		printf '%s\n' "$tap_out" | sed 's/^/# /'
	fi
}

tap_done() {
	echo "1..$tap_count"
	[ "$tap_fail" -eq 0 ]
}

tmpdir=$(mktemp -d "${TMPDIR:-/tmp}/rqt-test.XXXXXX") || exit 99
trap 'rm -rf "$tmpdir"' EXIT

# expect STATUS STDERR COMMAND...: the status and standard error of a
# command (standard output is not looked at); for tap_check, which shows
# what it prints when it fails.
expect() {
	ex_status=$1 ex_err=$2
	shift 2
	"$@" 2>"$tmpdir/err" >/dev/null
	ex_got=$?
	if [ "$ex_got" -ne "$ex_status" ]; then
		echo "exit status $ex_got, not $ex_status"
		return 1
	fi
	printf '%s\n' "$ex_err" | diff -u - "$tmpdir/err"
}

# golden_file EXPECTED ACTUAL: compare ACTUAL with the file EXPECTED,
# which must exist; with UPDATE_GOLDEN=1, write EXPECTED instead.
golden_file() {
	if [ -n "${UPDATE_GOLDEN:-}" ]; then
		cmp -s "$1" "$2" || cp "$2" "$1"
	elif ! [ -f "$1" ]; then
		echo "# ${1##*/} is missing (make check UPDATE_GOLDEN=1 writes it)"
		return 1
	elif ! diff -u "$1" "$2" >"$tmpdir/diff"; then
		sed 's/^/# /' "$tmpdir/diff"
		return 1
	fi
	return 0
}

# golden_case DIR NAME PROGRAM: run one case and report it.
golden_case() {
	gc_dir=$1 gc_name=$2 gc_prog=$3
	set --
	if [ -f "$gc_dir/$gc_name.args" ]; then
		while IFS= read -r gc_arg || [ -n "$gc_arg" ]; do
			set -- "$@" "$gc_arg"
		done <"$gc_dir/$gc_name.args"
	fi
	gc_in=/dev/null
	[ -f "$gc_dir/$gc_name.in" ] && gc_in=$gc_name.in
	(cd "$gc_dir" && "$gc_prog" "$@" <"$gc_in" >"$tmpdir/out" \
	    2>"$tmpdir/err"; echo $? >"$tmpdir/status")
	gc_ok=0
	golden_file "$gc_dir/$gc_name.out" "$tmpdir/out" || gc_ok=1
	golden_file "$gc_dir/$gc_name.err" "$tmpdir/err" || gc_ok=1
	golden_file "$gc_dir/$gc_name.status" "$tmpdir/status" || gc_ok=1
	if [ $gc_ok -eq 0 ]; then
		tap_ok "$gc_name"
	else
		tap_not_ok "$gc_name"
	fi
}

# golden_dir DIR PROGRAM: run every case of DIR, in the order of their
# names: a case is any NAME with one of the files NAME.args, NAME.in,
# NAME.out, NAME.err or NAME.status (other files, such as maps, are what
# the cases read).
golden_dir() {
	gd_seen='
'
	for gd_file in "$1"/*; do
		case $gd_file in
		*.args | *.in | *.out | *.err | *.status) ;;
		*) continue ;;
		esac
		[ -f "$gd_file" ] || continue
		gd_name=${gd_file##*/}
		gd_name=${gd_name%.*}
		case $gd_seen in
		*"
$gd_name
"*) continue ;;
		esac
		gd_seen=$gd_seen$gd_name'
'
		golden_case "$1" "$gd_name" "$2"
	done
}
