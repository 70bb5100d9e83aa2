/* SPDX-License-Identifier: MIT */
#include <budgetkit/text.h>
#include <stdint.h>

/*
 * Well-formed UTF-8 after Unicode's table 3-7: the lead byte fixes the length and the
 * range of the second byte (which excludes overlongs, surrogates and > U+10FFFF), the
 * rest are plain continuation bytes. Runs of E1..EC leads (most CJK) take a short loop:
 * ledgers are mostly that, and this check sees every byte of them.
 */
size_t bk_utf8_check(const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < len) {
        unsigned char c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0xE1 && c <= 0xEC) {
            do {
                if (len - i < 3 || ((s[i + 1] ^ 0x80) | (s[i + 2] ^ 0x80)) >= 0x40) return i;
                i += 3;
            } while (i < len && (unsigned char)(s[i] - 0xE1) <= 0x0B);
        } else if (c >= 0xC2 && c <= 0xDF) {
            if (len - i < 2 || (s[i + 1] & 0xC0) != 0x80) return i;
            i += 2;
        } else if (c >= 0xE0 && c <= 0xEF) { /* E0, ED, EE, EF */
            unsigned char lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
            if (len - i < 3 || s[i + 1] < lo || s[i + 1] > hi || (s[i + 2] & 0xC0) != 0x80) return i;
            i += 3;
        } else if (c >= 0xF0 && c <= 0xF4) {
            unsigned char lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
            if (len - i < 4 || s[i + 1] < lo || s[i + 1] > hi || (s[i + 2] & 0xC0) != 0x80 || (s[i + 3] & 0xC0) != 0x80)
                return i;
            i += 4;
        } else {
            return i;
        }
    }
    return len;
}
