/* SPDX-License-Identifier: Apache-2.0 */
/* The maps compiled into the binaries (common/maps/ *.map, generated into
 * builtin-maps.c by build-aux/bin2c). */
#ifndef BUILTIN_MAPS_H
#define BUILTIN_MAPS_H

#include <stddef.h>

struct builtin_map {
	const char *name;
	const unsigned char *text;
	size_t len;
};

/* Terminated by an entry whose name is NULL. */
extern const struct builtin_map builtin_maps[];

#endif
