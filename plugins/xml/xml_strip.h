/* SPDX-License-Identifier: MIT */
/**
 * @file xml_strip.h
 * @brief A read filter that drops comments and processing instructions before libxml2's reader.
 *
 * xmlTextReader hands control back only at a start tag, so a run of comments or processing
 * instructions between two elements is built into its tree whole (issue 19: 20 MB of
 * comments cost 50 MB, 2,000,000 tiny ones 580 MB). The document model keeps neither, so the
 * canonical reader never lets libxml2 see them: memory stays flat whatever the input holds.
 * Line numbers of elements stay those of the file: a dropped comment's line breaks are put
 * back inside the next tag, after its name, where XML allows white space (only text between
 * the comment and that tag reads a few lines early). Line ends between dropped comments are
 * held the same way (they would add up to one huge white-space text node), and given back
 * exactly where text follows them (past 256 bytes of it, only its line ends). At most 65,536
 * line ends go into one tag (libxml2 holds a tag whole), the rest into the tags after it, whose
 * lines read early until they are all given back. The XML declaration (`<?xml …?>`) and
 * CDATA sections pass unchanged; a UTF-16 or UCS-4 input passes unchanged (not filtered).
 */
#ifndef BK_XMLP_STRIP_H
#define BK_XMLP_STRIP_H

#include <stdint.h>
#include <stdio.h>

/** The filter's state over one stream. Fill with xmlp_strip_init(); no allocation. */
typedef struct xmlp_strip {
    FILE *fp;
    unsigned char in[65536];
    size_t in_len, in_pos;
    int state;
    int quote;              /* the quote of an attribute value being copied, or 0 */
    unsigned char look[12]; /* markup start being recognised: "<!--", "<![CDATA[", "<?xml" */
    size_t look_len;
    unsigned char q[320];  /* bytes decided but not yet delivered */
    unsigned char ws[256]; /* white space held after dropped markup */
    size_t ws_len;
    int lossy; /* ws overflowed: only its line ends are counted in held */
    size_t q_len, q_pos;
    uint64_t newlines; /* line breaks of dropped markup, owed to the next tag */
    uint64_t owe;      /* line breaks to deliver before the queue */
    size_t name_len;   /* bytes of the tag name so far */
    uint64_t held;     /* line ends between dropped markup, not yet delivered */
    int absorb;        /* markup was just dropped: line ends are held */
    int text_seen;     /* text other than white space since the last tag */
    int dashes;        /* trailing '-' (comments) or ']' (CDATA) seen, or a '?' (PIs) */
    int started;       /* the first bytes were examined */
    int passthrough;   /* not an ASCII-compatible encoding: no filtering */
    int eof, error;
} xmlp_strip;

/** Start filtering @p fp (read from its current position). */
void xmlp_strip_init(xmlp_strip *s, FILE *fp);

/** An xmlInputReadCallback: up to @p len filtered bytes into @p buf; 0 at the end, -1 on a read error. */
int xmlp_strip_read(void *ctx, char *buf, int len);

#endif
