/* Names of classification codes: the built-in 2024 政府收支分类科目 names the
 * samples use, and user codebooks (CSV code,name) that override them. */
#include <budgetkit/compile.h>

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

typedef struct code_name {
    const char *code;
    const char *name;
} code_name;

/* Sorted by code (strcmp order) for bsearch; checked by tests/compile. */
static const code_name BUILTIN[] = {
    /* 收入分类 (seed T7) */
    {"103", "非税收入"}, {"10301", "政府性基金收入"}, {"1030155", "彩票公益金收入"},
    {"1030180", "彩票发行机构和彩票销售机构的业务费用"},
    /* 支出功能分类 2024: the 30 类 and every 款/项 of the seed */
    {"201", "一般公共服务支出"}, {"20101", "人大事务"}, {"2010101", "行政运行"}, {"20103", "政府办公厅（室）及相关机构事务"},
    {"2010301", "行政运行"}, {"2010350", "事业运行"}, {"20132", "组织事务"}, {"2013299", "其他组织事务支出"},
    {"202", "外交支出"}, {"203", "国防支出"}, {"204", "公共安全支出"}, {"20402", "公安"}, {"2040201", "行政运行"},
    {"205", "教育支出"}, {"20502", "普通教育"}, {"2050201", "学前教育"}, {"2050202", "小学教育"}, {"2050203", "初中教育"},
    {"2050204", "高中教育"}, {"206", "科学技术支出"}, {"207", "文化旅游体育与传媒支出"}, {"20701", "文化和旅游"},
    {"2070101", "行政运行"}, {"208", "社会保障和就业支出"}, {"20801", "人力资源和社会保障管理事务"},
    {"2080101", "行政运行"}, {"20802", "民政管理事务"}, {"2080201", "行政运行"}, {"2080202", "一般行政管理事务"},
    {"2080207", "行政区划和地名管理"}, {"2080299", "其他民政管理事务支出"}, {"20805", "行政事业单位养老支出"},
    {"2080501", "行政单位离退休"}, {"2080502", "事业单位离退休"}, {"2080505", "机关事业单位基本养老保险缴费支出"},
    {"2080506", "机关事业单位职业年金缴费支出"}, {"20808", "抚恤"}, {"2080801", "死亡抚恤"}, {"2080899", "其他优抚支出"},
    {"20810", "社会福利"}, {"2081001", "儿童福利"}, {"2081002", "老年福利"}, {"2081005", "社会福利事业单位"},
    {"20819", "最低生活保障"}, {"2081901", "城市最低生活保障金支出"}, {"20820", "临时救助"}, {"2082001", "临时救助支出"},
    {"2082002", "流浪乞讨人员救助支出"}, {"20899", "其他社会保障和就业支出"}, {"2089999", "其他社会保障和就业支出"},
    {"209", "社会保险基金支出"}, {"210", "卫生健康支出"}, {"21001", "卫生健康管理事务"}, {"2100101", "行政运行"},
    {"21004", "公共卫生"}, {"2100409", "重大公共卫生服务"}, {"21007", "计划生育事务"}, {"2100799", "其他计划生育事务支出"},
    {"21011", "行政事业单位医疗"}, {"2101101", "行政单位医疗"}, {"2101102", "事业单位医疗"}, {"2101103", "公务员医疗补助"},
    {"211", "节能环保支出"}, {"212", "城乡社区支出"}, {"21201", "城乡社区管理事务"}, {"2120101", "行政运行"},
    {"213", "农林水支出"}, {"21301", "农业农村"}, {"2130101", "行政运行"}, {"21305", "巩固脱贫攻坚成果衔接乡村振兴"},
    {"2130599", "其他巩固脱贫攻坚成果衔接乡村振兴支出"}, {"214", "交通运输支出"}, {"215", "资源勘探工业信息等支出"},
    {"216", "商业服务业等支出"}, {"217", "金融支出"}, {"219", "援助其他地区支出"}, {"220", "自然资源海洋气象等支出"},
    {"221", "住房保障支出"}, {"22102", "住房改革支出"}, {"2210201", "住房公积金"}, {"2210202", "提租补贴"},
    {"2210203", "购房补贴"}, {"222", "粮油物资储备支出"}, {"223", "国有资本经营预算支出"}, {"22301", "解决历史遗留问题及改革成本支出"},
    {"2230199", "其他解决历史遗留问题及改革成本支出"}, {"224", "灾害防治及应急管理支出"}, {"227", "预备费"}, {"229", "其他支出"},
    {"22908", "彩票发行销售机构业务费安排的支出"}, {"2290804", "福利彩票销售机构的业务费支出"},
    {"2290808", "彩票市场调控资金支出"}, {"22960", "彩票公益金安排的支出"}, {"2296002", "用于社会福利的彩票公益金支出"},
    {"230", "转移性支出"}, {"231", "债务还本支出"}, {"232", "债务付息支出"}, {"233", "债务发行费用支出"},
    {"234", "抗疫特别国债安排的支出"},
    /* 部门预算支出经济分类 2024 (names as the seed's 基本支出 table prints them) */
    {"301", "工资福利支出"}, {"30101", "基本工资"}, {"30102", "津贴补贴"}, {"30103", "奖金"}, {"30106", "伙食补助费"},
    {"30107", "绩效工资"}, {"30108", "机关事业单位基本养老保险缴费"}, {"30109", "职业年金缴费"},
    {"30110", "职工基本医疗保险缴费"}, {"30111", "公务员医疗补助缴费"}, {"30112", "其他社会保障缴费"}, {"30113", "住房公积金"},
    {"30114", "医疗费"}, {"30199", "其他工资福利支出"}, {"302", "商品和服务支出"}, {"30201", "办公费"}, {"30202", "印刷费"},
    {"30203", "咨询费"}, {"30204", "手续费"}, {"30205", "水费"}, {"30206", "电费"}, {"30207", "邮电费"}, {"30208", "取暖费"},
    {"30209", "物业管理费"}, {"30211", "差旅费"}, {"30212", "因公出国（境）费用"}, {"30213", "维修（护）费"},
    {"30214", "租赁费"}, {"30215", "会议费"}, {"30216", "培训费"}, {"30217", "公务接待费"}, {"30218", "专用材料费"},
    {"30224", "被装购置费"}, {"30225", "专用燃料费"}, {"30226", "劳务费"}, {"30227", "委托业务费"}, {"30228", "工会经费"},
    {"30229", "福利费"}, {"30231", "公务用车运行维护费"}, {"30239", "其他交通费用"}, {"30240", "税金及附加费用"},
    {"30299", "其他商品和服务支出"}, {"303", "对个人和家庭的补助"}, {"30301", "离休费"}, {"30302", "退休费"},
    {"30303", "退职（役）费"}, {"30304", "抚恤金"}, {"30305", "生活补助"}, {"30306", "救济费"}, {"30307", "医疗费补助"},
    {"30308", "助学金"}, {"30309", "奖励金"}, {"30310", "个人农业生产补贴"}, {"30311", "代缴社会保险费"},
    {"30399", "其他对个人和家庭的补助"}, {"307", "债务利息及费用支出"}, {"309", "资本性支出（基本建设）"},
    {"310", "资本性支出"}, {"31001", "房屋建筑物购建"}, {"31002", "办公设备购置"}, {"31003", "专用设备购置"},
    {"31005", "基础设施建设"}, {"31006", "大型修缮"}, {"31007", "信息网络及软件购置更新"}, {"31013", "公务用车购置"},
    {"31099", "其他资本性支出"}, {"312", "对企业补助"}, {"399", "其他支出"},
    /* 政府预算支出经济分类 2024 */
    {"501", "机关工资福利支出"}, {"50101", "工资奖金津补贴"}, {"50102", "社会保障缴费"}, {"50103", "住房公积金"},
    {"50199", "其他工资福利支出"}, {"502", "机关商品和服务支出"}, {"50201", "办公经费"}, {"50202", "会议费"},
    {"50203", "培训费"}, {"50204", "专用材料购置费"}, {"50205", "委托业务费"}, {"50206", "公务接待费"},
    {"50207", "因公出国（境）费用"}, {"50208", "公务用车运行维护费"}, {"50209", "维修（护）费"},
    {"50299", "其他商品和服务支出"}, {"503", "机关资本性支出（一）"}, {"50301", "房屋建筑物购建"}, {"50302", "基础设施建设"},
    {"50303", "公务用车购置"}, {"50306", "设备购置"}, {"50307", "大型修缮"}, {"50399", "其他资本性支出"},
    {"505", "对事业单位经常性补助"}, {"50501", "工资福利支出"}, {"50502", "商品和服务支出"}, {"50599", "其他对事业单位补助"},
    {"506", "对事业单位资本性补助"}, {"50601", "资本性支出（一）"}, {"509", "对个人和家庭的补助"}, {"50901", "社会福利和救助"},
    {"50902", "助学金"}, {"50903", "个人农业生产补贴"}, {"50905", "离退休费"}, {"50999", "其他对个人和家庭的补助"},
    {"599", "其他支出"},
};

#define N_BUILTIN (sizeof BUILTIN / sizeof BUILTIN[0])

static int cmp_code(const void *key, const void *elem)
{
    return strcmp((const char *)key, ((const code_name *)elem)->code);
}

const char *bk_codebook_builtin_name(const char *code)
{
    if (!code) return NULL;
    const code_name *hit = bsearch(code, BUILTIN, N_BUILTIN, sizeof BUILTIN[0], cmp_code);
    return hit ? hit->name : NULL;
}

size_t bk_codebook_builtin_count(void) { return N_BUILTIN; }

typedef struct cb_item {
    const char *code; /* first two members as in code_name, for bsearch with cmp_code */
    const char *name;
    size_t order;
} cb_item;

struct bk_codebook {
    cb_item *items; /* sorted by code after loading */
    size_t n, cap;
    bk_arena *arena;
};

void bk_codebook_free(bk_codebook *cb)
{
    if (!cb) return;
    free(cb->items);
    bk_arena_free(cb->arena);
    free(cb);
}

static int cmp_items(const void *a, const void *b)
{
    const cb_item *x = a, *y = b;
    int c = strcmp(x->code, y->code);
    return c ? c : (x->order < y->order ? -1 : x->order > y->order);
}

static int cmp_item_code(const void *key, const void *elem)
{
    return strcmp((const char *)key, ((const cb_item *)elem)->code);
}

static void trim_span(char **s, size_t *n)
{
    while (*n && (**s == ' ' || **s == '\t' || **s == '"')) (*s)++, (*n)--;
    while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t' || (*s)[*n - 1] == '"' || (*s)[*n - 1] == '\r' ||
                  (*s)[*n - 1] == '\n'))
        (*n)--;
}

static int add_line(bk_codebook *cb, char *line, uint32_t lineno, const char *path, bk_error *err)
{
    size_t n = strlen(line);
    if (lineno == 1 && n >= 3 && (unsigned char)line[0] == 0xEF && (unsigned char)line[1] == 0xBB &&
        (unsigned char)line[2] == 0xBF)
        line += 3, n -= 3;
    char *comma = memchr(line, ',', n);
    char *code = line;
    size_t cn = comma ? (size_t)(comma - line) : n;
    trim_span(&code, &cn);
    if (!comma) {
        if (cn == 0) return BK_OK; /* blank line */
        return bk_error_set(err, BK_ERR_PARSE, lineno, 0, path, "expected code,name");
    }
    char *name = comma + 1;
    size_t nn = (size_t)(line + n - name);
    trim_span(&name, &nn);
    bool digits = cn > 0;
    for (size_t i = 0; i < cn; i++) digits = digits && code[i] >= '0' && code[i] <= '9';
    if (!digits) {
        if (lineno == 1) return BK_OK; /* a header line */
        return bk_error_set(err, BK_ERR_PARSE, lineno, 1, path, "'%.*s' is not a numeric code", (int)(cn > 32 ? 32 : cn),
                            code);
    }
    if (nn == 0) return bk_error_set(err, BK_ERR_PARSE, lineno, 2, path, "code %.*s has no name", (int)cn, code);
    if (bk_grow((void **)&cb->items, &cb->cap, cb->n + 1, sizeof *cb->items))
        return bk_error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    const char *c = bk_arena_strdup(cb->arena, code, cn);
    const char *nm = bk_arena_strdup(cb->arena, name, nn);
    if (!c || !nm) return bk_error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    cb->items[cb->n].code = c;
    cb->items[cb->n].name = nm;
    cb->items[cb->n].order = cb->n;
    cb->n++;
    return BK_OK;
}

int bk_codebook_load(const char *path, const bk_limits *limits, bk_codebook **out, bk_error *err)
{
    *out = NULL;
    bk_limits def;
    if (!limits) {
        bk_limits_default(&def);
        limits = &def;
    }
    FILE *f = fopen(path, "rb");
    if (!f) {
        bk_error_set(err, BK_ERR_NOT_FOUND, 0, 0, NULL, "cannot open codebook: %s", strerror(errno));
        bk_error_set_file(err, path);
        return BK_ERR_NOT_FOUND;
    }
    bk_codebook *cb = calloc(1, sizeof *cb);
    if (cb) cb->arena = bk_arena_new();
    if (!cb || !cb->arena) {
        fclose(f);
        bk_codebook_free(cb);
        return bk_error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    }
    char line[4096];
    uint32_t lineno = 0;
    int rc = BK_OK;
    while (rc == BK_OK && fgets(line, sizeof line, f)) {
        lineno++;
        if (strlen(line) == sizeof line - 1 && line[sizeof line - 2] != '\n')
            rc = bk_error_set(err, BK_ERR_LIMIT, lineno, 0, NULL, "line longer than %zu bytes", sizeof line - 2);
        else if (lineno > limits->rows)
            rc = bk_error_set(err, BK_ERR_LIMIT, lineno, 0, NULL, "more than %llu lines",
                              (unsigned long long)limits->rows);
        else
            rc = add_line(cb, line, lineno, NULL, err);
    }
    if (rc == BK_OK && ferror(f)) rc = bk_error_set(err, BK_ERR_IO, 0, 0, NULL, "cannot read codebook");
    fclose(f);
    if (rc) {
        bk_error_set_file(err, path);
        bk_codebook_free(cb);
        return rc;
    }
    /* sorted by (code, order): the last name given for a code wins */
    qsort(cb->items, cb->n, sizeof *cb->items, cmp_items);
    size_t k = 0;
    for (size_t i = 0; i < cb->n; i++) {
        if (k && strcmp(cb->items[k - 1].code, cb->items[i].code) == 0) k--;
        cb->items[k++] = cb->items[i];
    }
    cb->n = k;
    *out = cb;
    return BK_OK;
}

const char *bk_codebook_name(const bk_codebook *cb, const char *code)
{
    if (!code) return NULL;
    if (cb && cb->n) {
        const cb_item *hit = bsearch(code, cb->items, cb->n, sizeof cb->items[0], cmp_item_code);
        if (hit) return hit->name;
    }
    return bk_codebook_builtin_name(code);
}
