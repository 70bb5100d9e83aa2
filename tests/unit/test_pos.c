/* SPDX-License-Identifier: MIT */
/* Positions: bk_pos_describe() words them as findings cite them, bk_row_cell_pos() makes a row's cell positions. */
#include <budgetkit/model.h>
#include <string.h>
#include "check.h"

static const char *describe(const bk_pos *p, int with_box, char *buf, size_t cap)
{
    return bk_pos_describe(p, with_box, buf, cap);
}

static void test_describe(void)
{
    char b[BK_POS_TEXT_MAX];
    bk_pos none = {.line = 0};
    CHECK_STR(describe(&none, 1, b, sizeof b), "");
    bk_pos text = {.line = 120, .column = 5};
    CHECK_STR(describe(&text, 1, b, sizeof b), "line 120");
    bk_pos cell = {.line = 36, .column = 2, .sheet = "表3"};
    CHECK_STR(describe(&cell, 1, b, sizeof b), "表3!B36");
    bk_pos wide = {.line = 1, .column = 28, .sheet = "Sheet1"};
    CHECK_STR(describe(&wide, 0, b, sizeof b), "Sheet1!AB1");
    bk_pos far = {.line = 1048576, .column = 16384, .sheet = "s"};
    CHECK_STR(describe(&far, 0, b, sizeof b), "s!XFD1048576");
    bk_pos quoted = {.line = 2, .column = 1, .sheet = "My 'sheet'"};
    CHECK_STR(describe(&quoted, 0, b, sizeof b), "'My ''sheet'''!A2");
    bk_pos page = {.page = 4, .box = {5670, 12000, 30025, 13205}};
    CHECK_STR(describe(&page, 0, b, sizeof b), "page 4");
    CHECK_STR(describe(&page, 1, b, sizeof b), "page 4 [56.7 120 300.25 132.05]");
    bk_pos nobox = {.page = 9};
    CHECK_STR(describe(&nobox, 1, b, sizeof b), "page 9");
    bk_pos neg = {.page = 1, .box = {-150, 0, 5, 7}};
    CHECK_STR(describe(&neg, 1, b, sizeof b), "page 1 [-1.5 0 0.05 0.07]");
    CHECK(bk_pos_is_printed(&page) && bk_pos_is_printed(&cell) && !bk_pos_is_printed(&text));
    /* a long sheet name is cut on a character boundary, and the cell still fits */
    char name[400];
    size_t n = 0;
    while (n + 3 < sizeof name) {
        memcpy(name + n, "表", 3);
        n += 3;
    }
    name[n] = '\0';
    bk_pos longp = {.line = 7, .column = 3, .sheet = name};
    describe(&longp, 0, b, sizeof b);
    CHECK(strlen(b) < sizeof b);
    CHECK(strstr(b, "!C7") != NULL);
    CHECK((strlen(b) - 3) % 3 == 0); /* whole 3-byte characters before "!C7" */
    char tiny[6];
    CHECK_STR(describe(&page, 1, tiny, sizeof tiny), "page ");
    CHECK(bk_pos_describe(&page, 1, NULL, 0) == NULL);
}

static void test_cell_pos(void)
{
    bk_document *d = bk_document_new();
    bk_table *t = bk_document_add_table(d, "custom", "t");
    bk_panel *p = bk_table_add_panel(d, t, "main", NULL);
    bk_panel_add_column(d, p, "a", "A", BK_CELL_AMOUNT);
    bk_panel_add_column(d, p, "b", "B", BK_CELL_AMOUNT);
    bk_row *r = bk_panel_add_row(d, p, NULL, "x");
    CHECK(r->cell_pos == NULL); /* absent until a reader sets one */
    bk_pos *cp = bk_row_cell_pos(d, p, r);
    CHECK(cp != NULL && cp == r->cell_pos);
    CHECK(cp[0].page == 0 && cp[1].sheet == NULL && cp[1].line == 0);
    cp[1] = (bk_pos){.page = 2, .box = {1, 2, 3, 4}};
    CHECK(bk_row_cell_pos(d, p, r) == cp); /* made once */
    CHECK_INT(r->cell_pos[1].box.x1, 3);
    bk_document_free(d);
}

int main(void)
{
    test_describe();
    test_cell_pos();
    return CHECK_DONE("test_pos");
}
