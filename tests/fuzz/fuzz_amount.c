/* SPDX-License-Identifier: MIT */
/* libFuzzer harness: bk_amount_parse() and bk_amount_parse_round().
 * Besides "no crash, no UB", it checks what the parser promises: a parsed
 * amount has a scale in 0..BK_AMOUNT_MAX_SCALE, formats within
 * BK_AMOUNT_TEXT_MAX and reads back strictly as the same units and scale. */
#include <budgetkit/amount.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_round_trip(bk_amount a)
{
    if (a.scale < 0 || a.scale > BK_AMOUNT_MAX_SCALE) abort();
    char text[BK_AMOUNT_TEXT_MAX];
    size_t n = bk_amount_format(a, text, sizeof text);
    if (n == 0 || n >= sizeof text || strlen(text) != n) abort();
    bk_amount back;
    if (bk_amount_parse(text, n, BK_AMOUNT_STRICT, &back) != BK_AMOUNT_OK) abort();
    if (back.units != a.units || back.scale != a.scale) abort();
    char grouped[2 * BK_AMOUNT_TEXT_MAX];
    n = bk_amount_format_grouped(a, grouped, sizeof grouped);
    if (n == 0) abort();
    if (bk_amount_parse(grouped, n, BK_AMOUNT_SEPARATORS, &back) != BK_AMOUNT_OK) abort();
    if (back.units != a.units || back.scale != a.scale) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    /* first byte: flags for bk_amount_parse and the scale for bk_amount_parse_round */
    unsigned flags = data[0] & 0x1F;
    int scale = (data[0] >> 5) & 0x7; /* 0..7: 7 is out of range on purpose */
    const char *text = (const char *)data + 1;
    size_t len = size - 1;
    /* a private copy with no terminator: reads past len are caught by ASan */
    char *copy = malloc(len ? len : 1);
    if (!copy) return 0;
    memcpy(copy, text, len);

    bk_amount a;
    bk_amount_result r = bk_amount_parse(copy, len, flags, &a);
    if (r > BK_AMOUNT_RANGE) abort();
    if (r == BK_AMOUNT_OK) check_round_trip(a);
    if (!bk_amount_result_str(r)) abort();

    r = bk_amount_parse_round(copy, len, scale, &a);
    if (r == BK_AMOUNT_OK) {
        if (a.scale != scale) abort();
        check_round_trip(a);
    }
    free(copy);
    return 0;
}
