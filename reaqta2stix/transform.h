/* SPDX-License-Identifier: Apache-2.0 */
/* The value transformers of the reaqta maps and the value checks of
 * stix-shifter's results engine, with Python's semantics (int(), float(),
 * str(), ntpath.split, datetime.fromtimestamp). */
#ifndef TRANSFORM_H
#define TRANSFORM_H

#include "rmap.h"

struct arena;
struct jv;

/* The value t makes of v, new in a; NULL where Python's transformer
 * returns None or raises (the property is then not written), or when out
 * of memory (*oom set). */
struct jv *tr_apply(
    enum transformer t, const struct jv *v, struct arena *a, int *oom);
/* Does v pass check c (a regular expression of stix-shifter's
 * observable.py, matched at the start as re.match does)? */
int tr_check(enum check c, const struct jv *v);

#endif
