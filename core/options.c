/* SPDX-License-Identifier: MIT */
#include <budgetkit/options.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>

typedef struct option_kv {
    char *key;
    char *value;
} option_kv;

struct bk_options {
    option_kv *items;
    size_t count, cap;
};

bk_options *bk_options_new(void)
{
    return calloc(1, sizeof(bk_options));
}

void bk_options_free(bk_options *o)
{
    if (!o) return;
    for (size_t i = 0; i < o->count; i++) {
        free(o->items[i].key);
        free(o->items[i].value);
    }
    free(o->items);
    free(o);
}

int bk_options_set(bk_options *o, const char *key, const char *value, bk_error *err)
{
    if (!o || !key || !*key || !value)
        return bk_error_set(err, BK_ERR_INVALID_ARG, 0, 0, NULL, "option needs a key and a value");
    for (size_t i = 0; i < o->count; i++) {
        if (strcmp(o->items[i].key, key) == 0) {
            char *v = strdup(value);
            if (!v) return bk_error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
            free(o->items[i].value);
            o->items[i].value = v;
            return BK_OK;
        }
    }
    if (o->count == o->cap) {
        size_t ncap = o->cap ? o->cap * 2 : 8;
        option_kv *n = realloc(o->items, ncap * sizeof *n);
        if (!n) return bk_error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
        o->items = n;
        o->cap = ncap;
    }
    char *k = strdup(key), *v = strdup(value);
    if (!k || !v) {
        free(k);
        free(v);
        return bk_error_set(err, BK_ERR_NOMEM, 0, 0, NULL, "out of memory");
    }
    o->items[o->count].key = k;
    o->items[o->count].value = v;
    o->count++;
    return BK_OK;
}

int bk_options_parse(bk_options *o, const char *kv, bk_error *err)
{
    const char *eq = kv ? strchr(kv, '=') : NULL;
    if (!eq || eq == kv)
        return bk_error_set(err, BK_ERR_INVALID_ARG, 0, 0, NULL, "option '%s' is not of the form key=value",
                            kv ? kv : "");
    size_t kl = (size_t)(eq - kv);
    char key[128];
    if (kl >= sizeof key) return bk_error_set(err, BK_ERR_INVALID_ARG, 0, 0, NULL, "option key too long");
    memcpy(key, kv, kl);
    key[kl] = '\0';
    return bk_options_set(o, key, eq + 1, err);
}

const char *bk_options_get(const bk_options *o, const char *key)
{
    if (!o || !key) return NULL;
    for (size_t i = 0; i < o->count; i++)
        if (strcmp(o->items[i].key, key) == 0) return o->items[i].value;
    return NULL;
}

const char *bk_options_get_str(const bk_options *o, const char *key, const char *def)
{
    const char *v = bk_options_get(o, key);
    return v ? v : def;
}

/* 1 true, 0 false, -1 not a boolean */
static int parse_bool(const char *v)
{
    static const char *const yes[] = {"true", "yes", "1", "on"};
    static const char *const no[] = {"false", "no", "0", "off"};
    for (size_t i = 0; i < 4; i++) {
        if (strcmp(v, yes[i]) == 0) return 1;
        if (strcmp(v, no[i]) == 0) return 0;
    }
    return -1;
}

bool bk_options_get_bool(const bk_options *o, const char *key, bool def)
{
    const char *v = bk_options_get(o, key);
    if (!v) return def;
    int b = parse_bool(v);
    return b < 0 ? def : b == 1;
}

static bool parse_int(const char *v, int64_t *out)
{
    if (!*v) return false;
    int64_t n = 0;
    for (const char *p = v; *p; p++) {
        if (*p < '0' || *p > '9') return false;
        if (n > (INT64_MAX - 9) / 10) return false;
        n = n * 10 + (*p - '0');
    }
    *out = n;
    return true;
}

int64_t bk_options_get_int(const bk_options *o, const char *key, int64_t def)
{
    const char *v = bk_options_get(o, key);
    int64_t n;
    return v && parse_int(v, &n) ? n : def;
}

size_t bk_options_count(const bk_options *o)
{
    return o ? o->count : 0;
}
const char *bk_options_key_at(const bk_options *o, size_t i)
{
    return o && i < o->count ? o->items[i].key : NULL;
}

static const bk_option_spec *find_spec(const bk_option_spec *specs, const char *key, unsigned direction)
{
    for (const bk_option_spec *s = specs; s && s->name; s++)
        if (strcmp(s->name, key) == 0 && (s->direction & direction)) return s;
    return NULL;
}

bool bk_option_specs_have(const bk_option_spec *specs, const char *key, unsigned direction)
{
    return find_spec(specs, key, direction) != NULL;
}

static bool enum_has(const char *choices, const char *v)
{
    size_t n = strlen(v);
    for (const char *p = choices; p && *p;) {
        const char *bar = strchr(p, '|');
        size_t len = bar ? (size_t)(bar - p) : strlen(p);
        if (len == n && strncmp(p, v, n) == 0) return true;
        p = bar ? bar + 1 : NULL;
    }
    return false;
}

int bk_options_check(const bk_options *o, const bk_option_spec *specs, unsigned direction,
                     const char *const *extra_keys, const char *who, bk_error *err)
{
    for (size_t i = 0; o && i < o->count; i++) {
        const char *key = o->items[i].key, *v = o->items[i].value;
        bool extra = false;
        for (const char *const *e = extra_keys; e && *e; e++)
            if (strcmp(*e, key) == 0) extra = true;
        if (extra) continue;
        const bk_option_spec *s = find_spec(specs, key, direction);
        if (!s) {
            char known[256] = "";
            size_t used = 0;
            for (const bk_option_spec *p = specs; p && p->name; p++) {
                if (!(p->direction & direction)) continue;
                int w = snprintf(known + used, sizeof known - used, "%s%s", used ? ", " : "", p->name);
                if (w < 0 || (size_t)w >= sizeof known - used) break;
                used += (size_t)w;
            }
            return bk_error_set(err, BK_ERR_INVALID_ARG, 0, 0, NULL, "unknown %s option '%s' for %s (known: %s)",
                                direction == BK_OPT_READ ? "input" : "output", key, who ? who : "this format",
                                used ? known : "none");
        }
        int64_t n;
        if (s->type == BK_OPT_BOOL && parse_bool(v) < 0)
            return bk_error_set(err, BK_ERR_INVALID_ARG, 0, 0, NULL, "option %s=%s: expected true or false", key, v);
        if (s->type == BK_OPT_INT && !parse_int(v, &n))
            return bk_error_set(err, BK_ERR_INVALID_ARG, 0, 0, NULL, "option %s=%s: expected a whole number", key, v);
        if (s->type == BK_OPT_ENUM && !enum_has(s->choices, v))
            return bk_error_set(err, BK_ERR_INVALID_ARG, 0, 0, NULL, "option %s=%s: expected one of %s", key, v,
                                s->choices ? s->choices : "");
    }
    return BK_OK;
}
