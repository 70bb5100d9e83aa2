/* SPDX-License-Identifier: MIT */
/**
 * @file review.h
 * @brief The examiner's review of a disclosure, as data: the rules of a template family.
 *
 * Each definitions file (`definitions/FAMILY.json`) may carry a `review` object
 * (docs/definitions.md, docs/validate.md): which tables and text sections the family
 * requires, which phrases say that an empty table is empty, which placeholders and
 * template instructions must not be left in a published text, the comparison words,
 * and which text phrases state which table figure. The validator (core/review.c)
 * implements the generic rule classes R1–R10 over these lists; no family's phrase
 * is written in C.
 */
#ifndef BUDGETKIT_REVIEW_H
#define BUDGETKIT_REVIEW_H

#include <stddef.h>
#include <budgetkit/model.h>

#ifdef __cplusplus
extern "C" {
#endif

/** A required text section: its name and the heading fragments that identify it. */
typedef struct bk_review_section_def {
    const char *name;            /**< "主要职能", for messages */
    const char *const *patterns; /**< a heading containing any of these is the section (NULL-terminated) */
} bk_review_section_def;

/** A phrase of the text that states a table figure ("本年收入合计" → final.summary income subtotal). */
typedef struct bk_review_statement_def {
    const char *phrase;          /**< printed right before the amount (fillers such as 为 between) */
    const char *ref;             /**< the figure, a REF of the identity language (validate.h) */
    const char *const *sections; /**< only in sections whose heading contains one of these, or NULL (any) */
} bk_review_statement_def;

/** The review rules of one template family. Every list is NULL-terminated (or NULL: empty). */
typedef struct bk_review_def {
    const char *family;                    /**< the family id ("final-mof9") */
    bk_doc_kind document;                  /**< the document kind it reviews */
    const char *const *detect;             /**< table kinds that mark a document of this family */
    const char *const *required_tables;    /**< R1: table kinds every disclosure prints */
    const char *const *empty_phrases;      /**< R2: an empty table's 说明 contains one of these */
    const char *const *full_text;          /**< R3 applies when a heading contains one of these (a whole text) */
    const bk_review_section_def *sections; /**< R3: required sections */
    size_t n_sections;
    const bk_review_statement_def *statements; /**< R4: phrases stating table figures */
    size_t n_statements;
    const char *const *fillers;     /**< R4: what may stand between a phrase and its amount ("为") */
    const char *const *more_words;  /**< R5: 增加, 增长, 大于, 高于, 超过 */
    const char *const *less_words;  /**< R5: 减少, 下降, 小于, 低于 */
    const char *const *equal_words; /**< R5: 持平, 等于, 相同 */
    const char *const
        *compare_markers; /**< R5, R6: a sentence compares (比, 相比, 上年): the previous year is allowed */
    const char *const *budget_words;     /**< R5: what names the budgeted figure (年初预算) */
    const char *const *final_words;      /**< R5: what names the outturn (决算) */
    const char *const *completion_words; /**< R5: "完成年初预算的" before a percentage */
    const char *const *year_phrases;     /**< R6: "YYYY年度", "截至YYYY年" — YYYY where the year is written */
    const char *const *placeholders;     /**< R8: XX, ××, 某某, 【】 */
    const char *const *instructions;     /**< R9: markers of template guidance (仍保留该表格式) */
    const char *const *doubled;          /**< R10: doubled punctuation (。。) */
    const char *const *brackets;         /**< R10: bracket pairs, open then close in one string ("（）") */
    /* R7 in headings and the title (appended): how a department's name is told in a line. */
    const char *const *department_prefixes; /**< R7: what may precede a name's region ("中共") */
    const char *const *department_regions; /**< R7: what ends the region a name starts with ("省", "市", "区", "县") */
    const char *const *department_suffixes; /**< R7: how a department's name ends ("局", "委员会", "办公室") */
    const char *const *department_stops; /**< R7: what ends a name ("部门", "年"): a suffix is not looked for past it */
    const char *const
        *department_sections; /**< R7: headings of the sections that list the department's units (机构设置) */
    /* R4 on rows named by their 类/款/项 path (appended). */
    const char *const *
        path_tables; /**< R4: "KIND/PANEL.COLUMN" whose rows a path names ("final.general_public_expense/main.total") */
    const char *const *path_separators;   /**< R4: what follows a name of a path ("-", "（类）", "”") */
    const char *const *path_amount_words; /**< R4: what states the path's figure after it ("科目", "支出决算为") */
    /** R5 (appended): what joins a 决算 word and a 预算 word before the comparison word
     *  ("决算数与全年预算数持平": "与", "和") */
    const char *const *pair_connectors;
} bk_review_def;

/** The review rules loaded, one per family that has them. */
BK_API const bk_review_def *bk_review_defs(size_t *count);

/**
 * The family whose rules review @p doc: of the families of its document kind, the one
 * with the most `detect` kinds among its tables (at least one); NULL when none fits.
 */
BK_API const bk_review_def *bk_review_family(const bk_document *doc);

#ifdef __cplusplus
}
#endif
#endif
