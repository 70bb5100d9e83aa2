/* SPDX-License-Identifier: MIT */
/* The ledger reader: header names → fields through the alias list, one
 * record → one exact ::bk_ledger_line. The alias list is documented in
 * docs/compile.md; keep both in step. */
#include <budgetkit/compile.h>
#include <budgetkit/amount.h>

#include <stdio.h>
#include <string.h>

#define LEDGER_NAME_MAX 256

static const char *const FIELD_NAMES[BK_LF_COUNT] = {
    [BK_LF_YEAR] = "year",
    [BK_LF_DEPT_CODE] = "dept_code",
    [BK_LF_DEPT_NAME] = "dept_name",
    [BK_LF_UNIT_CODE] = "unit_code",
    [BK_LF_UNIT_NAME] = "unit_name",
    [BK_LF_UNIT_TYPE] = "unit_type",
    [BK_LF_FUNC_CODE] = "func_code",
    [BK_LF_FUNC_NAME] = "func_name",
    [BK_LF_DEP_ECON_CODE] = "dep_econ_code",
    [BK_LF_DEP_ECON_NAME] = "dep_econ_name",
    [BK_LF_GOV_ECON_CODE] = "gov_econ_code",
    [BK_LF_GOV_ECON_NAME] = "gov_econ_name",
    [BK_LF_FUND] = "fund",
    [BK_LF_CARRYOVER] = "carryover",
    [BK_LF_EXP_TYPE] = "exp_type",
    [BK_LF_PRO_CATEGORY] = "pro_category",
    [BK_LF_PRO_CODE] = "pro_code",
    [BK_LF_PRO_NAME] = "pro_name",
    [BK_LF_AMOUNT] = "amount",
};

/* Header aliases, already normalized (see normalize_header): ASCII lower
 * case, no spaces, no '_' or '-', full-width ASCII folded, unit suffix
 * "(元)"/"(万元)" removed. */
typedef struct ledger_alias {
    bk_ledger_field field;
    const char *name;
} ledger_alias;

static const ledger_alias ALIASES[] = {
    {BK_LF_YEAR, "年度"},
    {BK_LF_YEAR, "预算年度"},
    {BK_LF_YEAR, "财政年度"},
    {BK_LF_YEAR, "会计年度"},
    {BK_LF_YEAR, "fiscalyear"},
    {BK_LF_YEAR, "setyear"},
    {BK_LF_YEAR, "year"},
    {BK_LF_DEPT_CODE, "部门编码"},
    {BK_LF_DEPT_CODE, "部门代码"},
    {BK_LF_DEPT_CODE, "主管部门编码"},
    {BK_LF_DEPT_CODE, "主管部门代码"},
    {BK_LF_DEPT_CODE, "一级部门编码"},
    {BK_LF_DEPT_CODE, "deptcode"},
    {BK_LF_DEPT_CODE, "depcode"},
    {BK_LF_DEPT_CODE, "mofdepcode"},
    {BK_LF_DEPT_CODE, "deptid"},
    {BK_LF_DEPT_NAME, "部门名称"},
    {BK_LF_DEPT_NAME, "部门"},
    {BK_LF_DEPT_NAME, "主管部门"},
    {BK_LF_DEPT_NAME, "主管部门名称"},
    {BK_LF_DEPT_NAME, "一级部门名称"},
    {BK_LF_DEPT_NAME, "deptname"},
    {BK_LF_DEPT_NAME, "depname"},
    {BK_LF_DEPT_NAME, "mofdepname"},
    {BK_LF_UNIT_CODE, "单位编码"},
    {BK_LF_UNIT_CODE, "单位代码"},
    {BK_LF_UNIT_CODE, "预算单位编码"},
    {BK_LF_UNIT_CODE, "预算单位代码"},
    {BK_LF_UNIT_CODE, "agencycode"},
    {BK_LF_UNIT_CODE, "agencyid"},
    {BK_LF_UNIT_NAME, "单位名称"},
    {BK_LF_UNIT_NAME, "单位"},
    {BK_LF_UNIT_NAME, "预算单位"},
    {BK_LF_UNIT_NAME, "预算单位名称"},
    {BK_LF_UNIT_NAME, "agencyname"},
    {BK_LF_UNIT_TYPE, "单位类型"},
    {BK_LF_UNIT_TYPE, "单位性质"},
    {BK_LF_UNIT_TYPE, "单位类别"},
    {BK_LF_UNIT_TYPE, "agencytypename"},
    {BK_LF_UNIT_TYPE, "agencytype"},
    {BK_LF_FUNC_CODE, "功能分类科目编码"},
    {BK_LF_FUNC_CODE, "功能分类编码"},
    {BK_LF_FUNC_CODE, "功能分类代码"},
    {BK_LF_FUNC_CODE, "功能分类科目代码"},
    {BK_LF_FUNC_CODE, "功能科目编码"},
    {BK_LF_FUNC_CODE, "功能科目代码"},
    {BK_LF_FUNC_CODE, "支出功能分类科目编码"},
    {BK_LF_FUNC_CODE, "支出功能分类编码"},
    {BK_LF_FUNC_CODE, "支出功能科目编码"},
    {BK_LF_FUNC_CODE, "expfunccode"},
    {BK_LF_FUNC_CODE, "funccode"},
    {BK_LF_FUNC_NAME, "功能分类科目名称"},
    {BK_LF_FUNC_NAME, "功能分类名称"},
    {BK_LF_FUNC_NAME, "功能科目名称"},
    {BK_LF_FUNC_NAME, "支出功能分类科目名称"},
    {BK_LF_FUNC_NAME, "支出功能分类名称"},
    {BK_LF_FUNC_NAME, "支出功能科目名称"},
    {BK_LF_FUNC_NAME, "expfuncname"},
    {BK_LF_FUNC_NAME, "funcname"},
    {BK_LF_DEP_ECON_CODE, "部门经济分类编码"},
    {BK_LF_DEP_ECON_CODE, "部门经济分类科目编码"},
    {BK_LF_DEP_ECON_CODE, "部门经济分类代码"},
    {BK_LF_DEP_ECON_CODE, "部门预算支出经济分类编码"},
    {BK_LF_DEP_ECON_CODE, "部门预算支出经济分类科目编码"},
    {BK_LF_DEP_ECON_CODE, "部门预算经济分类编码"},
    {BK_LF_DEP_ECON_CODE, "部门经济科目编码"},
    {BK_LF_DEP_ECON_CODE, "经济分类编码"},
    {BK_LF_DEP_ECON_CODE, "经济分类科目编码"},
    {BK_LF_DEP_ECON_CODE, "depbgtecocode"},
    {BK_LF_DEP_ECON_CODE, "depecocode"},
    {BK_LF_DEP_ECON_NAME, "部门经济分类名称"},
    {BK_LF_DEP_ECON_NAME, "部门经济分类科目名称"},
    {BK_LF_DEP_ECON_NAME, "部门预算支出经济分类名称"},
    {BK_LF_DEP_ECON_NAME, "部门预算支出经济分类科目名称"},
    {BK_LF_DEP_ECON_NAME, "部门预算经济分类名称"},
    {BK_LF_DEP_ECON_NAME, "部门经济科目名称"},
    {BK_LF_DEP_ECON_NAME, "经济分类名称"},
    {BK_LF_DEP_ECON_NAME, "经济分类科目名称"},
    {BK_LF_DEP_ECON_NAME, "depbgteconame"},
    {BK_LF_DEP_ECON_NAME, "depeconame"},
    {BK_LF_GOV_ECON_CODE, "政府经济分类编码"},
    {BK_LF_GOV_ECON_CODE, "政府经济分类科目编码"},
    {BK_LF_GOV_ECON_CODE, "政府经济分类代码"},
    {BK_LF_GOV_ECON_CODE, "政府预算支出经济分类编码"},
    {BK_LF_GOV_ECON_CODE, "政府预算支出经济分类科目编码"},
    {BK_LF_GOV_ECON_CODE, "政府预算经济分类编码"},
    {BK_LF_GOV_ECON_CODE, "政府经济科目编码"},
    {BK_LF_GOV_ECON_CODE, "govbgtecocode"},
    {BK_LF_GOV_ECON_CODE, "govecocode"},
    {BK_LF_GOV_ECON_NAME, "政府经济分类名称"},
    {BK_LF_GOV_ECON_NAME, "政府经济分类科目名称"},
    {BK_LF_GOV_ECON_NAME, "政府预算支出经济分类名称"},
    {BK_LF_GOV_ECON_NAME, "政府预算支出经济分类科目名称"},
    {BK_LF_GOV_ECON_NAME, "政府预算经济分类名称"},
    {BK_LF_GOV_ECON_NAME, "政府经济科目名称"},
    {BK_LF_GOV_ECON_NAME, "govbgteconame"},
    {BK_LF_GOV_ECON_NAME, "goveconame"},
    {BK_LF_FUND, "资金性质"},
    {BK_LF_FUND, "资金性质名称"},
    {BK_LF_FUND, "资金性质编码"},
    {BK_LF_FUND, "资金来源"},
    {BK_LF_FUND, "资金来源名称"},
    {BK_LF_FUND, "资金类型"},
    {BK_LF_FUND, "fundtypename"},
    {BK_LF_FUND, "fundtypecode"},
    {BK_LF_FUND, "fundtype"},
    {BK_LF_CARRYOVER, "是否上年结转"},
    {BK_LF_CARRYOVER, "上年结转"},
    {BK_LF_CARRYOVER, "结转标识"},
    {BK_LF_CARRYOVER, "指标来源"},
    {BK_LF_CARRYOVER, "预算来源"},
    {BK_LF_CARRYOVER, "资金年度"},
    {BK_LF_CARRYOVER, "sourcetypename"},
    {BK_LF_CARRYOVER, "sourcetypecode"},
    {BK_LF_EXP_TYPE, "支出类型"},
    {BK_LF_EXP_TYPE, "支出类别"},
    {BK_LF_EXP_TYPE, "支出性质"},
    {BK_LF_EXP_TYPE, "基本支出/项目支出"},
    {BK_LF_EXP_TYPE, "exptype"},
    {BK_LF_EXP_TYPE, "exptypename"},
    {BK_LF_EXP_TYPE, "exptypecode"},
    {BK_LF_PRO_CATEGORY, "项目类别"},
    {BK_LF_PRO_CATEGORY, "项目类型"},
    {BK_LF_PRO_CATEGORY, "项目分类"},
    {BK_LF_PRO_CATEGORY, "prokindname"},
    {BK_LF_PRO_CATEGORY, "prokindcode"},
    {BK_LF_PRO_CATEGORY, "procatname"},
    {BK_LF_PRO_CATEGORY, "procatcode"},
    {BK_LF_PRO_CODE, "项目编码"},
    {BK_LF_PRO_CODE, "项目代码"},
    {BK_LF_PRO_CODE, "procode"},
    {BK_LF_PRO_NAME, "项目名称"},
    {BK_LF_PRO_NAME, "proname"},
    {BK_LF_AMOUNT, "金额"},
    {BK_LF_AMOUNT, "预算金额"},
    {BK_LF_AMOUNT, "预算数"},
    {BK_LF_AMOUNT, "本年预算数"},
    {BK_LF_AMOUNT, "预算额"},
    {BK_LF_AMOUNT, "指标金额"},
    {BK_LF_AMOUNT, "数额"},
    {BK_LF_AMOUNT, "amt"},
    {BK_LF_AMOUNT, "amount"},
    {BK_LF_AMOUNT, "bgtamt"},
    {BK_LF_AMOUNT, "curamt"},
};

const char *bk_ledger_field_name(bk_ledger_field f)
{
    return (unsigned)f < BK_LF_COUNT ? FIELD_NAMES[f] : "?";
}

static int field_by_name(const char *s, size_t n)
{
    for (int f = 0; f < BK_LF_COUNT; f++)
        if (strlen(FIELD_NAMES[f]) == n && memcmp(FIELD_NAMES[f], s, n) == 0) return f;
    return -1;
}

/* Trim ASCII white space, U+3000 and a UTF-8 BOM from both ends. */
static void trim(const char **s, size_t *n)
{
    const unsigned char *p = (const unsigned char *)*s;
    size_t len = *n;
    for (;;) {
        if (len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
            p += 3, len -= 3;
        else if (len >= 3 && p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80)
            p += 3, len -= 3;
        else if (len && (p[0] == ' ' || p[0] == '\t' || p[0] == '\r' || p[0] == '\n'))
            p++, len--;
        else
            break;
    }
    for (;;) {
        if (len >= 3 && p[len - 3] == 0xE3 && p[len - 2] == 0x80 && p[len - 1] == 0x80)
            len -= 3;
        else if (len && (p[len - 1] == ' ' || p[len - 1] == '\t' || p[len - 1] == '\r' || p[len - 1] == '\n'))
            len--;
        else
            break;
    }
    *s = (const char *)p;
    *n = len;
}

/*
 * Normalize a header cell into out: fold full-width ASCII (U+FF01..FF5E),
 * drop spaces (ASCII, U+3000), '_' and '-', lower-case ASCII. A trailing
 * "(元)" or "(万元)" is removed and reported in *unit. Returns the length, or
 * 0 when it does not fit.
 */
static size_t normalize_header(const char *s, size_t n, char *out, size_t cap, bk_unit_kind *unit)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t len = 0;
    trim(&s, &n);
    p = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        unsigned c = p[i];
        if (c == 0xEF && i + 2 < n && (p[i + 1] == 0xBC || p[i + 1] == 0xBD)) {
            unsigned cp = ((c & 0x0F) << 12) | ((p[i + 1] & 0x3F) << 6) | (p[i + 2] & 0x3F);
            if (cp >= 0xFF01 && cp <= 0xFF5E) {
                c = cp - 0xFF01 + 0x21;
                i += 3;
                goto ascii;
            }
        }
        if (c == 0xE3 && i + 2 < n && p[i + 1] == 0x80 && p[i + 2] == 0x80) {
            i += 3;
            continue;
        }
        if (c >= 0x80) {
            if (len + 1 >= cap) return 0;
            out[len++] = (char)c;
            i++;
            continue;
        }
        i++;
    ascii:
        if (c == ' ' || c == '\t' || c == '_' || c == '-') continue;
        if (c >= 'A' && c <= 'Z') c += 'a' - 'A';
        if (len + 1 >= cap) return 0;
        out[len++] = (char)c;
    }
    out[len] = '\0';
    static const char yuan[] = "(元)", wan[] = "(万元)";
    if (len > sizeof wan - 1 && strcmp(out + len - (sizeof wan - 1), wan) == 0) {
        len -= sizeof wan - 1;
        *unit = BK_UNIT_WAN_YUAN;
    } else if (len > sizeof yuan - 1 && strcmp(out + len - (sizeof yuan - 1), yuan) == 0) {
        len -= sizeof yuan - 1;
        *unit = BK_UNIT_YUAN;
    }
    out[len] = '\0';
    return len;
}

static int alias_field(const char *norm)
{
    for (size_t i = 0; i < sizeof ALIASES / sizeof ALIASES[0]; i++)
        if (strcmp(ALIASES[i].name, norm) == 0) return (int)ALIASES[i].field;
    return -1;
}

/* Apply "COLUMN:field,COLUMN:field". Column names are compared after normalization. */
static int apply_column_map(const bk_record *h, const char *map, bk_ledger_map *out, bk_error *err)
{
    const char *p = map;
    while (*p) {
        const char *end = strchr(p, ',');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        const char *colon = memchr(p, ':', n);
        /* the last ':' splits, so a column name may itself hold one */
        for (const char *q = colon; q && q < p + n; q = memchr(q + 1, ':', (size_t)(p + n - q - 1))) colon = q;
        if (!colon || colon == p)
            return bk_error_set(err, BK_ERR_INVALID_ARG, 0, 0, "-o map", "expected COLUMN:field, got '%.*s'", (int)n,
                                p);
        const char *fname = colon + 1;
        size_t fn = (size_t)(p + n - fname);
        trim(&fname, &fn);
        int f = field_by_name(fname, fn);
        if (f < 0)
            return bk_error_set(
                err, BK_ERR_INVALID_ARG, 0, 0, "-o map",
                "unknown field '%.*s' (fields: year, dept_code, dept_name, unit_code, unit_name, unit_type, "
                "func_code, func_name, dep_econ_code, dep_econ_name, gov_econ_code, gov_econ_name, "
                "fund, carryover, exp_type, pro_category, pro_code, pro_name, amount)",
                (int)fn, fname);
        char want[LEDGER_NAME_MAX], have[LEDGER_NAME_MAX];
        bk_unit_kind u1 = BK_UNIT_UNKNOWN, u2 = BK_UNIT_UNKNOWN;
        if (!normalize_header(p, (size_t)(colon - p), want, sizeof want, &u1))
            return bk_error_set(err, BK_ERR_INVALID_ARG, 0, 0, "-o map", "column name too long");
        int found = -1;
        for (size_t c = 0; c < h->n_fields && found < 0; c++) {
            bk_unit_kind uh = BK_UNIT_UNKNOWN;
            if (normalize_header(h->fields[c], h->lens[c], have, sizeof have, &uh) && strcmp(have, want) == 0) {
                found = (int)c;
                u2 = uh;
            }
        }
        if (found < 0)
            return bk_error_set(err, BK_ERR_INVALID_ARG, h->line, 0, "-o map", "column '%.*s' is not in the header",
                                (int)(colon - p), p);
        for (int g = 0; g < BK_LF_COUNT; g++)
            if (out->col[g] == found) out->col[g] = -1;
        out->col[f] = found;
        if (f == BK_LF_AMOUNT && (u1 || u2)) out->header_unit = u1 ? u1 : u2;
        p += n;
        if (*p == ',') p++;
    }
    return BK_OK;
}

int bk_ledger_map_header(const bk_record *header, const char *column_map, bk_ledger_map *out, bk_error *err)
{
    for (int f = 0; f < BK_LF_COUNT; f++) out->col[f] = -1;
    out->header_unit = BK_UNIT_UNKNOWN;
    out->n_columns = header->n_fields;
    char norm[LEDGER_NAME_MAX];
    for (size_t c = 0; c < header->n_fields; c++) {
        bk_unit_kind u = BK_UNIT_UNKNOWN;
        if (!normalize_header(header->fields[c], header->lens[c], norm, sizeof norm, &u)) continue;
        int f = alias_field(norm);
        if (f < 0 || out->col[f] >= 0) continue; /* the first column of a field wins */
        out->col[f] = (int)c;
        if (f == BK_LF_AMOUNT) out->header_unit = u;
    }
    if (column_map && *column_map) {
        int rc = apply_column_map(header, column_map, out, err);
        if (rc) return rc;
    }
    if (out->col[BK_LF_AMOUNT] < 0)
        return bk_error_set(err, BK_ERR_PARSE, header->line, 0, "ledger header",
                            "no amount column (金额, 预算金额, AMT …); name it with -o map=COLUMN:amount");
    if (out->col[BK_LF_FUNC_CODE] < 0)
        return bk_error_set(
            err, BK_ERR_PARSE, header->line, 0, "ledger header",
            "no function-code column (功能分类科目编码, EXP_FUNC_CODE …); name it with -o map=COLUMN:func_code");
    return BK_OK;
}

static bool contains_n(const char *s, size_t n, const char *needle, size_t m)
{
    if (m > n) return false;
    const char *end = s + n - m + 1;
    for (const char *p = s; (p = memchr(p, needle[0], (size_t)(end - p))) != NULL; p++)
        if (memcmp(p, needle, m) == 0) return true;
    return false;
}
/* needle is a string literal: its length is known when compiling */
#define contains(s, n, lit) contains_n((s), (n), (lit), sizeof(lit) - 1)

static bool all_digits(const char *s, size_t n)
{
    if (!n) return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return false;
    return true;
}

int bk_ledger_fund(const char *s, size_t n, bool *carry)
{
    *carry = contains(s, n, "结转");
    if (all_digits(s, n)) { /* FUND_TYPE_CODE: the first digit is the fund (1 一般公共预算 … 5 单位资金) */
        int d = s[0] - '1';
        return d >= 0 && d < BK_FUND_COUNT ? d : -1;
    }
    if (contains(s, n, "一般公共") || contains(s, n, "公共预算") || contains(s, n, "公共财政"))
        return BK_FUND_GENERAL_PUBLIC;
    if (contains(s, n, "政府性基金") || contains(s, n, "基金预算")) return BK_FUND_GOV_FUND;
    if (contains(s, n, "国有资本")) return BK_FUND_STATE_CAPITAL;
    if (contains(s, n, "专户") || contains(s, n, "教育收费")) return BK_FUND_SPECIAL_ACCOUNT;
    if (contains(s, n, "单位") || contains(s, n, "自有资金") || contains(s, n, "事业收入") ||
        contains(s, n, "经营收入") || contains(s, n, "其他收入"))
        return BK_FUND_UNIT_FUNDS;
    return -1;
}

/* 上年结转 marker values. Returns 1, 0, or -1 when not understood. */
static int carry_value(const char *s, size_t n)
{
    if (contains(s, n, "结转") || contains(s, n, "上年")) return 1;
    static const char *const yes[] = {"是", "y", "Y", "yes", "true", "1"};
    static const char *const no[] = {"否", "n", "N", "no", "false", "0", "当年", "本年", "年初", "新增", "年初预算"};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        if (strlen(yes[i]) == n && memcmp(yes[i], s, n) == 0) return 1;
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        if (strlen(no[i]) == n && memcmp(no[i], s, n) == 0) return 0;
    if (contains(s, n, "当年") || contains(s, n, "本年")) return 0;
    return -1;
}

static bk_expense_type exp_type_value(const char *s, size_t n)
{
    if (contains(s, n, "基本")) return BK_EXP_BASIC;
    if (contains(s, n, "项目")) return BK_EXP_PROJECT;
    if (n == 1 && s[0] == '1') return BK_EXP_BASIC;
    if (n == 1 && s[0] == '2') return BK_EXP_PROJECT;
    return BK_EXP_UNKNOWN;
}

/* 项目类别: 人员类/公用经费 are 基本支出, 其他运转类/特定目标类 are 项目支出.
 * Codes as in 预算管理一体化: 1 人员类, 21 公用经费, 22 其他运转类, 3 特定目标类. */
static bk_expense_type category_value(const char *s, size_t n, bk_basic_kind *kind)
{
    *kind = BK_BASIC_UNKNOWN;
    if (contains(s, n, "人员")) {
        *kind = BK_BASIC_PERSONNEL;
        return BK_EXP_BASIC;
    }
    if (contains(s, n, "公用")) {
        *kind = BK_BASIC_PUBLIC_USE;
        return BK_EXP_BASIC;
    }
    if (contains(s, n, "其他运转") || contains(s, n, "特定目标") || contains(s, n, "项目")) return BK_EXP_PROJECT;
    if (n == 1 && s[0] == '1') {
        *kind = BK_BASIC_PERSONNEL;
        return BK_EXP_BASIC;
    }
    if (n == 2 && s[0] == '2' && s[1] == '1') {
        *kind = BK_BASIC_PUBLIC_USE;
        return BK_EXP_BASIC;
    }
    if ((n == 2 && s[0] == '2' && s[1] == '2') || (n == 1 && s[0] == '3')) return BK_EXP_PROJECT;
    return BK_EXP_UNKNOWN;
}

/* Convert a parsed amount in @p unit to 10^-BK_LEDGER_SCALE 元, exactly. */
static bool to_internal(bk_amount a, bk_unit_kind unit, int64_t *out)
{
    int shift = BK_LEDGER_SCALE - a.scale + (unit == BK_UNIT_WAN_YUAN ? 4 : 0);
    int64_t u = a.units;
    if (shift < 0) {
        for (; shift < 0; shift++) {
            if (u % 10) return false; /* finer than 0.0001 元: would not be exact */
            u /= 10;
        }
    }
    for (; shift > 0; shift--)
        if (__builtin_mul_overflow(u, 10, &u)) return false;
    *out = u;
    return true;
}

/* "'TEXT' WHAT", located at the field's column. */
static int bad(bk_error *err, const bk_record *rec, const bk_ledger_map *m, bk_ledger_field f, const char *what,
               const char *text, size_t n)
{
    return bk_error_set(err, BK_ERR_VALUE, rec->line, (uint32_t)m->col[f] + 1, bk_ledger_field_name(f), "'%.*s' %s",
                        (int)(n > 64 ? 64 : n), text, what);
}

static bool code_ok(const char *s, size_t n, bool econ)
{
    if (!all_digits(s, n)) return false;
    return econ ? (n == 3 || n == 5) : (n == 3 || n == 5 || n == 7);
}

int bk_ledger_parse_line(const bk_ledger_map *m, const bk_record *rec, bk_unit_kind unit, bk_ledger_line *out,
                         bk_error *err)
{
    memset(out, 0, sizeof *out);
    out->exp_type = BK_EXP_UNKNOWN;
    bool any = false;
    for (int f = 0; f < BK_LF_COUNT; f++) {
        int c = m->col[f];
        if (c < 0 || (size_t)c >= rec->n_fields) continue;
        const char *s = rec->fields[c];
        size_t n = rec->lens[c];
        trim(&s, &n);
        if (!n) continue;
        out->text[f] = s;
        out->len[f] = n;
        any = true;
    }
    if (!any) {
        out->blank = true;
        return BK_OK;
    }
    const char *s = out->text[BK_LF_AMOUNT];
    size_t n = out->len[BK_LF_AMOUNT];
    if (!s) {
        out->blank = true; /* a line without an amount adds nothing */
        return BK_OK;
    }
    bk_amount a;
    bk_amount_result r = bk_amount_parse(s, n, BK_AMOUNT_LENIENT | BK_AMOUNT_EXPONENT, &a);
    if (r == BK_AMOUNT_BLANK) {
        out->blank = true;
        return BK_OK;
    }
    if (r != BK_AMOUNT_OK)
        return bk_error_set(err, BK_ERR_VALUE, rec->line, (uint32_t)m->col[BK_LF_AMOUNT] + 1, "amount",
                            "'%.*s' is not an amount: %s", (int)(n > 64 ? 64 : n), s, bk_amount_result_str(r));
    if (!to_internal(a, unit, &out->amount))
        return bk_error_set(err, BK_ERR_VALUE, rec->line, (uint32_t)m->col[BK_LF_AMOUNT] + 1, "amount",
                            "'%.*s' is out of range or finer than 0.0001 元", (int)(n > 64 ? 64 : n), s);

    if (!out->text[BK_LF_FUNC_CODE])
        return bk_error_set(err, BK_ERR_VALUE, rec->line, (uint32_t)m->col[BK_LF_FUNC_CODE] + 1, "func_code",
                            "the line has an amount but no function code");
    if (!code_ok(out->text[BK_LF_FUNC_CODE], out->len[BK_LF_FUNC_CODE], false))
        return bad(err, rec, m, BK_LF_FUNC_CODE, "is not a 3-, 5- or 7-digit function code", out->text[BK_LF_FUNC_CODE],
                   out->len[BK_LF_FUNC_CODE]);
    for (int f = BK_LF_DEP_ECON_CODE; f <= BK_LF_GOV_ECON_CODE; f += 2)
        if (out->text[f] && !code_ok(out->text[f], out->len[f], true))
            return bad(err, rec, m, (bk_ledger_field)f, "is not a 3- or 5-digit economic code", out->text[f],
                       out->len[f]);

    out->fund = BK_FUND_GENERAL_PUBLIC;
    if (out->text[BK_LF_FUND]) {
        bool carry = false;
        int fund = bk_ledger_fund(out->text[BK_LF_FUND], out->len[BK_LF_FUND], &carry);
        if (fund < 0)
            return bad(err, rec, m, BK_LF_FUND,
                       "is not a known fund (一般公共预算, 政府性基金, 国有资本经营, 财政专户, 单位资金)",
                       out->text[BK_LF_FUND], out->len[BK_LF_FUND]);
        out->fund = (bk_fund)fund;
        out->carryover = carry;
    } else if (m->col[BK_LF_FUND] >= 0) {
        return bk_error_set(err, BK_ERR_VALUE, rec->line, (uint32_t)m->col[BK_LF_FUND] + 1, "fund",
                            "the line has an amount but no fund");
    }
    if (out->text[BK_LF_CARRYOVER]) {
        int cv = carry_value(out->text[BK_LF_CARRYOVER], out->len[BK_LF_CARRYOVER]);
        if (cv < 0)
            return bad(err, rec, m, BK_LF_CARRYOVER, "does not say whether this is 上年结转 (是/否, 上年结转/当年)",
                       out->text[BK_LF_CARRYOVER], out->len[BK_LF_CARRYOVER]);
        out->carryover = out->carryover || cv == 1;
    }
    bk_basic_kind kind = BK_BASIC_UNKNOWN;
    bk_expense_type by_category = BK_EXP_UNKNOWN;
    if (out->text[BK_LF_PRO_CATEGORY]) {
        by_category = category_value(out->text[BK_LF_PRO_CATEGORY], out->len[BK_LF_PRO_CATEGORY], &kind);
        if (by_category == BK_EXP_UNKNOWN)
            return bad(err, rec, m, BK_LF_PRO_CATEGORY,
                       "is not a known 项目类别 (人员类, 公用经费, 其他运转类, 特定目标类)",
                       out->text[BK_LF_PRO_CATEGORY], out->len[BK_LF_PRO_CATEGORY]);
    }
    out->exp_type = by_category;
    if (out->text[BK_LF_EXP_TYPE]) {
        out->exp_type = exp_type_value(out->text[BK_LF_EXP_TYPE], out->len[BK_LF_EXP_TYPE]);
        if (out->exp_type == BK_EXP_UNKNOWN)
            return bad(err, rec, m, BK_LF_EXP_TYPE, "is neither 基本支出 nor 项目支出", out->text[BK_LF_EXP_TYPE],
                       out->len[BK_LF_EXP_TYPE]);
    }
    /* 人员经费 / 公用经费: the 部门经济分类 类 decides when present (301, 303 are 人员经费). */
    const char *econ = out->text[BK_LF_DEP_ECON_CODE];
    if (econ)
        kind = (memcmp(econ, "301", 3) == 0 || memcmp(econ, "303", 3) == 0) ? BK_BASIC_PERSONNEL : BK_BASIC_PUBLIC_USE;
    out->basic_kind = kind;
    return BK_OK;
}
