# SPDX-License-Identifier: Apache-2.0
# RS_ADD_CFLAG(VARIABLE, FLAG): append FLAG to VARIABLE when the C compiler
# accepts it without a warning.
AC_DEFUN([RS_ADD_CFLAG], [
	AS_VAR_PUSHDEF([rs_cache], [rs_cv_cflag_$2])
	AC_CACHE_CHECK([whether $CC accepts $2], [rs_cache], [
		rs_save_CFLAGS=$CFLAGS
		CFLAGS="$CFLAGS -Werror $2"
		AC_LINK_IFELSE([AC_LANG_PROGRAM([], [])],
		    [AS_VAR_SET([rs_cache], [yes])],
		    [AS_VAR_SET([rs_cache], [no])])
		CFLAGS=$rs_save_CFLAGS])
	AS_VAR_IF([rs_cache], [yes], [$1="$$1 $2"])
	AS_VAR_POPDEF([rs_cache])
])
