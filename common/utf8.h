/* SPDX-License-Identifier: Apache-2.0 */
/* UTF-8 decoding. */
#ifndef UTF8_H
#define UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Decode the code point at s (len bytes available) into *cp and return its
 * length, 1 to 4; 0 when the bytes are not well-formed UTF-8 (overlong
 * forms, surrogates and values above U+10FFFF included). */
size_t utf8_decode(const unsigned char *s, size_t len, uint32_t *cp);

#endif
