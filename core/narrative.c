/* SPDX-License-Identifier: MIT */
/* Narrative checks: the figures the explanatory text quotes, recomputed.
 *
 *  V39  "项目N个，共计金额X万元": N = the number of project performance forms,
 *       X = Σ of their 年度资金总额 (元 → 万元);
 *  V40  shares "A万元，占P%": A / base, base = the sentence's first amount, or
 *       the table figure a phrase names ("占…项目支出总额的P%");
 *  V41  growth "C万元，比上年增加/减少X万元，增长/下降P%": X / (C ∓ X);
 *  V42  "T万元，其中：a万元，b万元…": Σ parts = T.
 * Percentages must equal the recomputed ratio rounded half up to the printed
 * decimals; amounts must agree within the tolerance. Only errors are reported:
 * a quoted figure that agrees within rounding is not a finding.
 *
 * The text is scanned once into tokens (amounts in 万元, percentages, the
 * words that give them a meaning, clause and sentence ends). */
#include "narrative.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum ntok_kind {
    NT_AMOUNT,  /* a number followed by 万元 */
    NT_PERCENT, /* a number followed by % */
    NT_COUNT,   /* "项目…N个": value = N */
    NT_SHARE,   /* 占 */
    NT_AMONG,   /* 其中 */
    NT_COMPARE, /* 比 (比上年, 比2023年) */
    NT_MORE,    /* 增加 */
    NT_LESS,    /* 减少 */
    NT_GROW,    /* 增长 */
    NT_FALL,    /* 下降 */
    NT_CLAUSE,  /* ；or ; */
    NT_SENTENCE /* 。or the end of the text */
} ntok_kind;

#define NONE SIZE_MAX

typedef struct ntok {
    ntok_kind kind;
    bk_amount value;
    size_t start, end; /* bytes in the text */
    /* context, filled by annotate() in one pass (token indices, NONE if none) */
    size_t sent_first;   /* first token of the sentence */
    size_t sent_end;     /* the token that ends the sentence */
    size_t sent_amount;  /* first amount of the sentence, up to this token */
    size_t clause_first; /* first amount of the clause, up to this token */
    size_t clause_last;  /* last amount of the clause, up to this token */
    size_t anchor;       /* for 其中: the amount it divides; otherwise that of the sentence's first 其中 so far */
} ntok;

typedef struct ntoks {
    ntok *items;
    size_t count, cap;
} ntoks;

typedef struct nctx {
    const bk_document *doc;
    const bk_validate_options *opt;
    bk_findings *out;
    const bk_section *sec;
    size_t sec_index;
    ntoks t;
} nctx;

static int push(ntoks *t, ntok_kind kind, bk_amount v, size_t start, size_t end)
{
    if (t->count == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 64;
        ntok *n = realloc(t->items, cap * sizeof *n);
        if (!n) return BK_ERR_NOMEM;
        t->items = n;
        t->cap = cap;
    }
    t->items[t->count++] = (ntok){kind, v, start, end, 0, 0, NONE, NONE, NONE, NONE};
    return BK_OK;
}

static bool at(const char *s, size_t i, const char *word)
{
    return !strncmp(s + i, word, strlen(word));
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* A number at s+i: digits, ASCII thousands commas, one decimal point. */
static size_t number_len(const char *s, size_t i)
{
    size_t j = i;
    bool point = false;
    while (is_digit(s[j]) || (s[j] == ',' && is_digit(s[j + 1]) && j > i) ||
           (s[j] == '.' && !point && is_digit(s[j + 1]) && j > i)) {
        if (s[j] == '.') point = true;
        j++;
    }
    return j - i;
}

/* Whether "项目" occurs within the few characters before byte @p i. */
static bool project_before(const char *s, size_t i)
{
    size_t from = i > 18 ? i - 18 : 0; /* six CJK characters */
    for (size_t k = from; k + 6 <= i; k++)
        if (at(s, k, "项目")) return true;
    return false;
}

static int tokenize(const char *s, ntoks *t)
{
    static const struct {
        const char *word;
        ntok_kind kind;
    } words[] = {{"占", NT_SHARE},  {"其中", NT_AMONG}, {"比", NT_COMPARE}, {"增加", NT_MORE}, {"减少", NT_LESS},
                 {"增长", NT_GROW}, {"下降", NT_FALL},  {"；", NT_CLAUSE},  {";", NT_CLAUSE},  {"。", NT_SENTENCE}};
    int st = BK_OK;
    size_t i = 0;
    while (s[i] && st == BK_OK) {
        size_t n = is_digit(s[i]) && (i == 0 || !is_digit(s[i - 1])) ? number_len(s, i) : 0;
        if (n) {
            bk_amount v;
            if (bk_amount_parse(s + i, n, BK_AMOUNT_SEPARATORS, &v) == BK_AMOUNT_OK) {
                size_t e = i + n;
                while (s[e] == ' ' &&
                       (at(s, e + 1, " ") || at(s, e + 1, "万元") || at(s, e + 1, "%") || at(s, e + 1, "％")))
                    e++; /* "307.82 万元", "占 100.00%": the PDF's and the 决算's spacing */
                if (at(s, e, "万元"))
                    st = push(t, NT_AMOUNT, v, i, e + 6);
                else if (at(s, e, "%"))
                    st = push(t, NT_PERCENT, v, i, e + 1);
                else if (at(s, e, "％"))
                    st = push(t, NT_PERCENT, v, i, e + 3);
                else if (at(s, e, "个") && v.scale == 0 && project_before(s, i))
                    st = push(t, NT_COUNT, v, i, e + 3);
            }
            i += n;
            continue;
        }
        unsigned char b = (unsigned char)s[i];
        if (b != ';' && b != 0xE3 && b != 0xE4 && b != 0xE5 && b != 0xE6 && b != 0xEF) { /* no word starts here */
            i++;
            continue;
        }
        bool word = false;
        for (size_t k = 0; k < sizeof words / sizeof words[0] && !word; k++)
            if (words[k].word[0] == s[i] && at(s, i, words[k].word)) {
                size_t len = strlen(words[k].word);
                st = push(t, words[k].kind, (bk_amount){0, 0}, i, i + len);
                i += len;
                word = true;
            }
        if (!word) i++;
    }
    return st ? st : push(t, NT_SENTENCE, (bk_amount){0, 0}, i, i);
}

/* ---- arithmetic ---- */

/* round_half_up(100 × a / b, digits) as units at @p digits decimals; false if b is 0. */
static bool percent_of(bk_amount a, bk_amount b, int digits, bk_amount *out)
{
    int s = a.scale > b.scale ? a.scale : b.scale;
    bk_amount x, y;
    if (!bk_amount_rescale(a, s, &x) || !bk_amount_rescale(b, s, &y) || y.units == 0) return false;
    __int128 num = (__int128)x.units * 100;
    for (int i = 0; i < digits; i++) num *= 10;
    __int128 den = y.units;
    bool neg = (num < 0) != (den < 0);
    if (num < 0) num = -num;
    if (den < 0) den = -den;
    __int128 q = (2 * num + den) / (2 * den);
    if (q > INT64_MAX) return false;
    out->units = neg ? -(int64_t)q : (int64_t)q;
    out->scale = digits;
    return true;
}

/* ---- findings ---- */

/* The sentence around byte range [from, to), for the message (narrative.h). */
void bk_narrative_quote(const char *text, size_t from, size_t to, char *buf, size_t cap)
{
    size_t n = to - from;
    if (n >= cap - 4) { /* cut at a UTF-8 boundary */
        n = cap - 4;
        while (n > 0 && ((unsigned char)text[from + n] & 0xC0) == 0x80) n--;
    }
    memcpy(buf, text + from, n);
    buf[n] = '\0';
    for (char *p = buf; *p; p++)
        if (*p == '\n') *p = ' ';
    if (n < to - from) strcat(buf, "…");
}

static int report(nctx *c, const char *rule, bk_amount stated, bk_amount computed, const char *how, size_t sent_from,
                  size_t sent_to)
{
    bk_amount d;
    if (!bk_amount_sub(stated, computed, &d)) d = (bk_amount){0, 0};
    char sentence[640], msg[1024], a[BK_AMOUNT_TEXT_MAX], e[BK_AMOUNT_TEXT_MAX];
    bk_narrative_quote(c->sec->text, sent_from, sent_to, sentence, sizeof sentence);
    bk_amount_format(stated, a, sizeof a);
    bk_amount_format(computed, e, sizeof e);
    snprintf(msg, sizeof msg, "%s: stated %s, recomputed %s: \u201c%s\u201d", how, a, e, sentence);
    bk_finding f;
    memset(&f, 0, sizeof f);
    f.rule = rule;
    f.severity = BK_FINDING_ERROR;
    f.table_kind = "narrative";
    f.table_title = c->sec->heading;
    f.table_index = c->sec_index;
    f.row = c->sec->heading;
    f.row_index = -1;
    f.actual = stated;
    f.expected = computed;
    f.difference = d;
    f.message = msg;
    f.pos = bk_section_pos_at(c->doc, c->sec_index, sent_from); /* the paragraph's own position */
    return bk_findings_push(c->out, &f);
}

/* Beyond the tolerance for a sum of @p n figures (万元)? */
static bool beyond(const nctx *c, bk_amount a, bk_amount b, int n)
{
    bk_amount d;
    if (!bk_amount_sub(a, b, &d)) return false;
    if (d.units < 0) d.units = -d.units;
    return bk_amount_cmp(d, bk_validate_tolerance(c->opt, BK_UNIT_WAN_YUAN, n)) > 0;
}

/* ---- token context ---- */

/* Fill each token's context in two linear passes. A 其中 divides the last
 * amount before it in its sentence or, when it opens a sentence, what the
 * previous sentence is about (its own 其中's amount, else its first amount). */
static void annotate(ntoks *t)
{
    size_t first = 0, sent_amount = NONE, clause_first = NONE, clause_last = NONE, sent_last = NONE;
    size_t prev_anchor = NONE, cur_anchor = NONE;
    for (size_t i = 0; i < t->count; i++) {
        ntok *k = &t->items[i];
        if (k->kind == NT_AMOUNT) {
            if (sent_amount == NONE) sent_amount = i;
            if (clause_first == NONE) clause_first = i;
            clause_last = sent_last = i;
        }
        if (k->kind == NT_AMONG) {
            k->anchor = sent_last != NONE ? sent_last : prev_anchor;
            if (cur_anchor == NONE) cur_anchor = k->anchor;
        } else {
            k->anchor = cur_anchor;
        }
        k->sent_first = first;
        k->sent_amount = sent_amount;
        k->clause_first = clause_first;
        k->clause_last = clause_last;
        if (k->kind == NT_CLAUSE || k->kind == NT_SENTENCE) clause_first = clause_last = NONE;
        if (k->kind == NT_SENTENCE) {
            prev_anchor = cur_anchor != NONE ? cur_anchor : sent_amount;
            first = i + 1;
            sent_amount = sent_last = cur_anchor = NONE;
        }
    }
    size_t end = t->count - 1;
    for (size_t i = t->count; i-- > 0;) {
        if (t->items[i].kind == NT_SENTENCE) end = i;
        t->items[i].sent_end = end;
    }
}

/* Byte range of the sentence holding token i. */
static void sentence_bytes(const nctx *c, size_t i, size_t *from, size_t *to)
{
    size_t s = c->t.items[i].sent_first;
    *from = s > 0 ? c->t.items[s - 1].end : 0;
    while (c->sec->text[*from] == '\n' || c->sec->text[*from] == ' ') (*from)++;
    *to = c->t.items[c->t.items[i].sent_end].end;
}

/* How far a check looks ahead for the word or figure that completes it. */
#define LOOKAHEAD 8

/* ---- the checks ---- */

/* A phrase between 占 and the percentage names the base ("项目支出总额"). */
static const struct {
    const char *phrase;
    const char *ref;
} SHARE_BASES[] = {
    {"项目支出总额", "budget.projects/main[total].total"},
    {"项目支出", "budget.projects/main[total].total"},
};

static int check_share(nctx *c, size_t i)
{
    const ntoks *t = &c->t;
    size_t pct = i + 1;
    if (pct >= t->count || t->items[pct].kind != NT_PERCENT) return BK_OK;
    size_t a = t->items[i].clause_last;
    if (a == NONE) return BK_OK;
    bk_amount base;
    size_t gap_from = t->items[i].end, gap_to = t->items[pct].start;
    while (gap_from < gap_to && c->sec->text[gap_from] == ' ') gap_from++; /* "占 65.70%" */
    if (gap_to > gap_from) { /* a named base ("占部门项目支出总额的"), a short phrase */
        if (gap_to - gap_from > 120) return BK_OK;
        const char *ref = NULL;
        for (size_t k = 0; k < sizeof SHARE_BASES / sizeof SHARE_BASES[0] && !ref; k++)
            if (memmem(c->sec->text + gap_from, gap_to - gap_from, SHARE_BASES[k].phrase,
                       strlen(SHARE_BASES[k].phrase)))
                ref = SHARE_BASES[k].ref;
        if (!ref || bk_validate_eval_ref(c->doc, ref, &base, NULL, NULL) != BK_OK) return BK_OK;
    } else {
        /* the whole a 其中 divides, else the sentence's first amount */
        size_t b = t->items[i].anchor != NONE ? t->items[i].anchor : t->items[i].sent_amount;
        if (b == NONE || b == a) return BK_OK;
        base = t->items[b].value;
    }
    bk_amount stated = t->items[pct].value, computed;
    if (!percent_of(t->items[a].value, base, stated.scale, &computed)) return BK_OK;
    c->out->n_checks++;
    /* one unit of the last printed digit is the author's rounding to make the shares add up
     * to 100% (the 决算's 住房保障 29.42 / 307.82 = 9.5575, printed 9.55 beside 86.05 + 3.52 + 0.88) */
    int64_t d = stated.units - computed.units;
    if (d == 0 || (stated.scale >= 1 && d >= -1 && d <= 1)) return BK_OK; /* a whole percent (占0%) is exact */
    size_t from, to;
    sentence_bytes(c, i, &from, &to);
    return report(c, "V40", stated, computed, "share", from, to);
}

static int check_growth(nctx *c, size_t i)
{
    const ntoks *t = &c->t;
    /* 增加/减少 X万元 … 增长/下降 P% in the same clause */
    if (i + 1 >= t->count || t->items[i + 1].kind != NT_AMOUNT) return BK_OK;
    size_t p = NONE;
    for (size_t k = i + 2;
         k < t->count && k < i + 2 + LOOKAHEAD && t->items[k].kind != NT_CLAUSE && t->items[k].kind != NT_SENTENCE;
         k++) {
        if (t->items[k].kind == NT_GROW || t->items[k].kind == NT_FALL) {
            if (k + 1 < t->count && t->items[k + 1].kind == NT_PERCENT) p = k + 1;
            break;
        }
        if (t->items[k].kind == NT_AMOUNT) break;
    }
    if (p == NONE) return BK_OK;
    size_t cur = t->items[i].clause_first;
    if (cur == NONE) return BK_OK;
    bk_amount change = t->items[i + 1].value, prior;
    bool ok = t->items[i].kind == NT_MORE ? bk_amount_sub(t->items[cur].value, change, &prior)
                                          : bk_amount_add(t->items[cur].value, change, &prior);
    bk_amount stated = t->items[p].value, computed;
    if (!ok || prior.units <= 0 || !percent_of(change, prior, stated.scale, &computed)) return BK_OK;
    c->out->n_checks++;
    if (bk_amount_cmp(stated, computed) == 0) return BK_OK;
    size_t from, to;
    sentence_bytes(c, i, &from, &to);
    char how[160], ch[BK_AMOUNT_TEXT_MAX], pr[BK_AMOUNT_TEXT_MAX];
    bk_amount_format(change, ch, sizeof ch);
    bk_amount_format(prior, pr, sizeof pr);
    snprintf(how, sizeof how, "growth rate %s / %s (previous year)", ch, pr);
    return report(c, "V41", stated, computed, how, from, to);
}

/* Σ 年度资金总额 of the project forms, in 万元 at @p scale; false if none. */
static bool project_forms_total(const bk_document *d, int scale, size_t *n_forms, bk_amount *out)
{
    bk_amount sum = {0, 0};
    size_t n = 0;
    bk_unit_kind unit = BK_UNIT_YUAN; /* project forms print 元 */
    for (size_t i = 0; i < d->n_perf_targets; i++) {
        const bk_perf_target *p = &d->perf_targets[i];
        if (p->kind != BK_PERF_PROJECT) continue;
        if (n++ == 0 && p->unit != BK_UNIT_UNKNOWN) unit = p->unit;
        for (size_t k = 0; k < p->n_amounts; k++) {
            const bk_perf_amount *a = &p->amounts[k];
            if (a->group && !strcmp(a->group, "annual") && a->key && !strcmp(a->key, "total") &&
                a->value.kind == BK_CELL_AMOUNT && !bk_amount_add(sum, a->value.amount, &sum))
                return false;
        }
    }
    *n_forms = n;
    if (!n) return false;
    if (unit == BK_UNIT_WAN_YUAN) return bk_amount_rescale(sum, scale, out);
    return bk_amount_shift(sum, 4, scale, out); /* 元 → 万元 */
}

static int check_count_total(nctx *c, size_t i)
{
    const ntoks *t = &c->t;
    size_t n_forms = 0;
    size_t x = NONE;
    for (size_t k = i + 1;
         k < t->count && k <= i + LOOKAHEAD && t->items[k].kind != NT_CLAUSE && t->items[k].kind != NT_SENTENCE; k++)
        if (t->items[k].kind == NT_AMOUNT) {
            x = k;
            break;
        }
    if (x == NONE) return BK_OK;
    bk_amount stated = t->items[x].value, total;
    if (!project_forms_total(c->doc, stated.scale, &n_forms, &total)) return BK_OK;
    if (t->items[i].value.units != (int64_t)n_forms) return BK_OK;
    c->out->n_checks++;
    if (!beyond(c, stated, total, (int)n_forms)) return BK_OK;
    size_t from, to;
    sentence_bytes(c, i, &from, &to);
    return report(c, "V39", stated, total, "total of the project performance forms", from, to);
}

static int check_among(nctx *c, size_t i)
{
    const ntoks *t = &c->t;
    size_t anchor = t->items[i].anchor;
    if (anchor == NONE) return BK_OK;
    bk_amount sum = {0, 0};
    int n = 0;
    for (size_t k = i + 1; k < t->count; k++) {
        ntok_kind kd = t->items[k].kind;
        if (kd == NT_SENTENCE || kd == NT_COMPARE || kd == NT_AMONG || kd == NT_MORE || kd == NT_LESS) break;
        if (kd != NT_AMOUNT) continue;
        if (!bk_amount_add(sum, t->items[k].value, &sum)) return BK_OK;
        n++;
    }
    if (n < 2) return BK_OK;
    c->out->n_checks++;
    bk_amount stated = t->items[anchor].value;
    if (!beyond(c, stated, sum, n)) return BK_OK;
    size_t from, to;
    sentence_bytes(c, i, &from, &to);
    return report(c, "V42", stated, sum, "total of the parts listed after 其中", from, to);
}

static int check_section(nctx *c)
{
    int st = tokenize(c->sec->text, &c->t);
    if (st == BK_OK) annotate(&c->t);
    for (size_t i = 0; st == BK_OK && i < c->t.count; i++) {
        switch (c->t.items[i].kind) {
        case NT_SHARE: st = check_share(c, i); break;
        case NT_MORE:
        case NT_LESS: st = check_growth(c, i); break;
        case NT_COUNT: st = check_count_total(c, i); break;
        case NT_AMONG: st = check_among(c, i); break;
        default: break;
        }
    }
    return st;
}

int bk_narrative_check(const bk_document *doc, const bk_validate_options *opt, bk_findings *out)
{
    nctx c;
    memset(&c, 0, sizeof c);
    c.doc = doc;
    c.opt = opt;
    c.out = out;
    int st = BK_OK;
    for (size_t i = 0; st == BK_OK && i < doc->n_sections; i++) {
        if (!doc->sections[i].text) continue;
        c.sec = &doc->sections[i];
        c.sec_index = i;
        c.t.count = 0;
        st = check_section(&c);
    }
    free(c.t.items);
    return st;
}
