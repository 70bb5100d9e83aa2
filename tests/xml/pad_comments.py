# SPDX-License-Identifier: MIT
"""pad_comments.py IN.xml OUT.xml KIND MB: IN with MB megabytes of comments (KIND comment),
processing instructions (pi) or tiny comments (tiny: 9 bytes each, many of them) right after
the root's start tag, and multi-line ones (with a PI) between the units, so that line numbers
after them can be checked."""
import sys

src, out, kind, mb = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
s = open(src, encoding="utf-8").read()
i = s.index(">", s.index("<submission")) + 1
one = {"comment": "<!--" + "x" * 1000 + "-->\n", "pi": "<?pad " + "x" * 1000 + "?>\n", "tiny": "<!--x-->\n"}[kind]
count = mb * 1000000 // len(one)
head, rest = s[:i], s[i:]
j = rest.index("<unit ")
with open(out, "w", encoding="utf-8") as f:
    f.write(head)
    for _ in range(count // 1000):
        f.write(one * 1000)
    f.write(rest[:j] + "<!-- a\ncomment\nover lines --> <?pi over\ntwo lines?>" + rest[j:])
