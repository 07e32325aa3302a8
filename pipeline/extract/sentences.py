"""Sentence spans of the working text, from underthesea's sentence splitter.

underthesea knows Vietnamese abbreviations ("TP. Hồ Chí Minh", "UB.MTTQ") that
a split on full stops breaks; bench/components.py measured it at well under a
millisecond per article. Lines are split first: page texts put headings,
captions and list items on their own lines without a full stop.
"""

from __future__ import annotations

import bisect
from functools import lru_cache

from underthesea import sent_tokenize


@lru_cache(maxsize=8)
def sentence_starts(text: str) -> tuple[list[int], list[int]]:
    """Start and end offsets of every sentence, in order."""
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            cursor = 0
            for sentence in sent_tokenize(line):
                found = line.find(sentence, cursor)
                if found == -1:
                    continue
                if starts and starts[-1] >= pos and not line[:found].rstrip().endswith((".", "!", "?", "…", ":", ";")):
                    ends[-1] = pos + found + len(sentence)  # a split without punctuation ("… năm 2023 là UBMTTQVN …"): undo it
                else:
                    starts.append(pos + found)
                    ends.append(pos + found + len(sentence))
                cursor = found + len(sentence)
        pos += len(line) + 1
    return starts, ends


def sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    """The (start, end) of the sentence that holds `pos`; the line around it when none does."""
    starts, ends = sentence_starts(text)
    i = bisect.bisect_right(starts, pos) - 1
    if i >= 0 and pos <= ends[i]:
        return starts[i], ends[i]
    line_start = text.rfind("\n", 0, pos) + 1
    line_end = text.find("\n", pos)
    return line_start, len(text) if line_end == -1 else line_end
