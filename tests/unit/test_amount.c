/* SPDX-License-Identifier: MIT */
/* Exact decimal amounts: parsing as printed in disclosures, printing back as read. */
#include <budgetkit/amount.h>
#include "check.h"

static const char *fmt(bk_amount a)
{
    static char buf[BK_AMOUNT_TEXT_MAX];
    return bk_amount_format(a, buf, sizeof buf) ? buf : "(format failed)";
}

/* Parse with flags and print back. */
static const char *roundtrip(const char *text, unsigned flags)
{
    bk_amount a;
    bk_amount_result r = bk_amount_parse(text, (size_t)-1, flags, &a);
    if (r == BK_AMOUNT_BLANK) return "BLANK";
    if (r == BK_AMOUNT_SYNTAX) return "SYNTAX";
    if (r == BK_AMOUNT_RANGE) return "RANGE";
    return fmt(a);
}

static void test_prints_back_as_read(void)
{
    CHECK_STR(roundtrip("8261.00", 0), "8261.00");
    CHECK_STR(roundtrip("8261", 0), "8261");
    CHECK_STR(roundtrip("0.00", 0), "0.00");
    CHECK_STR(roundtrip("0", 0), "0");
    CHECK_STR(roundtrip("15.55", 0), "15.55");
    CHECK_STR(roundtrip("-1.88", 0), "-1.88");
    CHECK_STR(roundtrip("0.05", 0), "0.05");
    CHECK_STR(roundtrip("007", 0), "7");
    CHECK_STR(roundtrip("922337203685477.5807", 0), "922337203685477.5807");
    bk_amount a;
    CHECK(bk_amount_parse("8261.00", (size_t)-1, 0, &a) == BK_AMOUNT_OK);
    CHECK_INT(a.units, 826100);
    CHECK_INT(a.scale, 2);
}

static void test_published_forms(void)
{
    /* thousands separators as the text and performance forms print them */
    CHECK_STR(roundtrip("8,261.00", BK_AMOUNT_LENIENT), "8261.00");
    CHECK_STR(roundtrip("1,830,000", BK_AMOUNT_LENIENT), "1830000");
    CHECK_STR(roundtrip("189,767,551", BK_AMOUNT_LENIENT), "189767551");
    /* full-width digits, point and comma */
    CHECK_STR(roundtrip("１，２３４．５６", BK_AMOUNT_LENIENT), "1234.56");
    CHECK_STR(roundtrip("　12.30 ", BK_AMOUNT_LENIENT), "12.30");
    /* blank and dashes are not zero */
    CHECK_STR(roundtrip("", BK_AMOUNT_LENIENT), "BLANK");
    CHECK_STR(roundtrip("  ", BK_AMOUNT_LENIENT), "BLANK");
    CHECK_STR(roundtrip("-", BK_AMOUNT_LENIENT), "BLANK");
    CHECK_STR(roundtrip("—", BK_AMOUNT_LENIENT), "BLANK");
    CHECK_STR(roundtrip("－", BK_AMOUNT_LENIENT), "BLANK");
    CHECK_STR(roundtrip("-", 0), "SYNTAX");
}

static void test_rejects(void)
{
    CHECK_STR(roundtrip("12.3.4", 0), "SYNTAX");
    CHECK_STR(roundtrip("12,3", BK_AMOUNT_LENIENT), "SYNTAX"); /* a European decimal, not a thousands group */
    CHECK_STR(roundtrip("1,2345", BK_AMOUNT_LENIENT), "SYNTAX");
    CHECK_STR(roundtrip("8,261.00", 0), "SYNTAX"); /* strict: no separators */
    CHECK_STR(roundtrip("1e400", 0), "SYNTAX");
    CHECK_STR(roundtrip("1e400", BK_AMOUNT_EXPONENT), "RANGE");
    CHECK_STR(roundtrip("NaN", BK_AMOUNT_LENIENT), "SYNTAX");
    CHECK_STR(roundtrip("Inf", BK_AMOUNT_LENIENT), "SYNTAX");
    CHECK_STR(roundtrip("12345678901234567890", 0), "RANGE");
    CHECK_STR(roundtrip("1.1234567", 0), "RANGE");
    CHECK_STR(roundtrip(".", 0), "SYNTAX");
    CHECK_STR(roundtrip("1.", 0), "SYNTAX");
    CHECK_STR(roundtrip("+", 0), "SYNTAX");
    CHECK_STR(roundtrip("12元", BK_AMOUNT_LENIENT), "SYNTAX");
    CHECK_STR(roundtrip(" 12", 0), "SYNTAX");
}

static void test_spreadsheet_numbers_round_as_text(void)
{
    bk_amount a;
    /* libxlsxwriter writes %.16G: the reader rounds the text to the table's scale */
    CHECK(bk_amount_parse_round("99999999.98999999", (size_t)-1, 2, &a) == BK_AMOUNT_OK);
    CHECK_STR(fmt(a), "99999999.99");
    CHECK(bk_amount_parse_round("0.9399999999999999", (size_t)-1, 2, &a) == BK_AMOUNT_OK);
    CHECK_STR(fmt(a), "0.94");
    CHECK(bk_amount_parse_round("77.15000000000001", (size_t)-1, 2, &a) == BK_AMOUNT_OK);
    CHECK_STR(fmt(a), "77.15");
    CHECK(bk_amount_parse_round("617283.9449999999", (size_t)-1, 2, &a) == BK_AMOUNT_OK);
    CHECK_STR(fmt(a), "617283.94");
    CHECK(bk_amount_parse_round("1.5E3", (size_t)-1, 2, &a) == BK_AMOUNT_OK);
    CHECK_STR(fmt(a), "1500.00");
    CHECK(bk_amount_parse_round("-0.005", (size_t)-1, 2, &a) == BK_AMOUNT_OK);
    CHECK_STR(fmt(a), "-0.01");
    CHECK(bk_amount_parse_round("8261", (size_t)-1, 2, &a) == BK_AMOUNT_OK);
    CHECK_STR(fmt(a), "8261.00");
}

static void test_arithmetic(void)
{
    bk_amount a = {776227, 2}, b = {49873, 2}, s;
    CHECK(bk_amount_add(a, b, &s));
    CHECK_STR(fmt(s), "8261.00"); /* 7762.27 + 498.73 = 收入总计 */
    bk_amount x = {15, 1}, y = {150, 2};
    CHECK_INT(bk_amount_cmp(x, y), 0); /* 1.5 == 1.50 */
    CHECK(bk_amount_sub(a, b, &s));
    CHECK_STR(fmt(s), "7263.54");
    bk_amount big = {INT64_MAX, 0};
    CHECK(!bk_amount_add(big, (bk_amount){1, 0}, &s));
    /* 元 → 万元: 7,477,748 元 = 747.77 万元 (the seed's 22 project forms) */
    CHECK(bk_amount_shift((bk_amount){7477748, 0}, 4, 2, &s));
    CHECK_STR(fmt(s), "747.77");
    CHECK(bk_amount_shift((bk_amount){315500, 0}, 4, 2, &s));
    CHECK_STR(fmt(s), "31.55");
    CHECK(bk_amount_rescale((bk_amount){12345, 3}, 2, &s)); /* 12.345 → 12.35 half away from zero */
    CHECK_STR(fmt(s), "12.35");
    CHECK(bk_amount_rescale((bk_amount){-12345, 3}, 2, &s));
    CHECK_STR(fmt(s), "-12.35");
    char buf[BK_AMOUNT_TEXT_MAX];
    CHECK(bk_amount_format_grouped((bk_amount){826100, 2}, buf, sizeof buf));
    CHECK_STR(buf, "8,261.00");
    CHECK(bk_amount_format_grouped((bk_amount){-1830000, 0}, buf, sizeof buf));
    CHECK_STR(buf, "-1,830,000");
    CHECK(bk_amount_format((bk_amount){INT64_MIN, 2}, buf, sizeof buf));
    CHECK_STR(buf, "-92233720368547758.08");
}

int main(void)
{
    test_prints_back_as_read();
    test_published_forms();
    test_rejects();
    test_spreadsheet_numbers_round_as_text();
    test_arithmetic();
    return CHECK_DONE("test_amount");
}
