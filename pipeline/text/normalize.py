"""Unicode, tone-mark and abbreviation normalisation of Vietnamese strings.

Two uses with different needs:

- `working_text` prepares an article for extraction. It must keep a map back to
  the original characters, because evidence spans point into the article as
  given. NFC can shorten the text (decomposed input); the tone-mark fold never
  changes the length.
- `match_key` turns a unit, title or name into the key that the evaluation
  and the dataset compare (CODEBOOK.md section 3). It loses information on
  purpose and is never shown to users.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_TONES = ("\u0300", "\u0301", "\u0309", "\u0303", "\u0323")  # grave, acute, hook, tilde, dot below


def _old_to_new_pairs() -> dict[str, str]:
    """Old-style pairs ("oà", "uỷ") and their new-style spelling ("òa", "ủy"), in both cases."""
    pairs: dict[str, str] = {}
    for first in "oOuU":
        for second in "aAeEyY":
            for tone in _TONES:
                old = first + unicodedata.normalize("NFC", second + tone)
                new = unicodedata.normalize("NFC", first + tone) + second
                pairs[old] = new
    return pairs


# Old-style tone placement puts the mark on the second vowel of an open "oa",
# "oe", "uy" ("hoà", "thuỷ"); the new style puts it on the first ("hòa",
# "thủy"). The new style is used throughout (it is what the administrative-unit
# data uses). "qu" + "y" is left alone: the u there is part of the consonant.
# Only open syllables change: "hoàn" keeps its mark.
_PAIRS = _old_to_new_pairs()
_OLD_TONE = re.compile("(?<![qQ])(?:" + "|".join(map(re.escape, _PAIRS)) + ")(?![^\\W\\d_])")


def fold_tones(text: str) -> str:
    """Move old-style tone marks to the new-style vowel; the length never changes."""
    return _OLD_TONE.sub(lambda m: _PAIRS[m.group()], text)


def working_text(text: str) -> tuple[str, list[int] | None]:
    """NFC + tone-folded text, and the map from its offsets to the original's.

    The map is None when the two have the same length (the usual case), so
    offsets carry over unchanged. Otherwise map[i] is the original offset of
    working character i, and map[len] is len(original).
    """
    if unicodedata.is_normalized("NFC", text):
        return fold_tones(text), None
    pieces: list[str] = []
    offsets: list[int] = []
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or not unicodedata.combining(text[i]):
            cluster = unicodedata.normalize("NFC", text[start:i])
            pieces.append(cluster)
            offsets.extend([start] * len(cluster))
            start = i
    offsets.append(len(text))
    return fold_tones("".join(pieces)), offsets


# Abbreviations of the genre, expanded for comparison. Each pattern is applied
# to lower-cased, tone-folded text; "&" variants are covered by the patterns.
_ABBREVIATIONS: list[tuple[str, str]] = [
    (r"lđ\s*[-,.]?\s*tb\s*(?:&|và)?\s*xh", "lao động thương binh và xã hội"),
    (r"kh\s*(?:&|và)?\s*đt", "kế hoạch và đầu tư"),
    (r"kh\s*(?:&|và)\s*cn|khcn", "khoa học và công nghệ"),
    (r"gd\s*(?:&|và)?\s*đt", "giáo dục và đào tạo"),
    (r"vh\s*[-,]?\s*tt\s*(?:&|và)?\s*dl", "văn hóa thể thao và du lịch"),
    (r"tn\s*(?:&|và)?\s*mt", "tài nguyên và môi trường"),
    (r"nn\s*(?:&|và)?\s*ptnt", "nông nghiệp và phát triển nông thôn"),
    (r"tt\s*(?:&|và)\s*tt|tttt", "thông tin và truyền thông"),
    (r"ptnt", "phát triển nông thôn"),
    (r"gtvt", "giao thông vận tải"),
    (r"ubmttq", "ủy ban mặt trận tổ quốc"),
    (r"ubnd", "ủy ban nhân dân"),
    (r"hđnd", "hội đồng nhân dân"),
    (r"mttq", "mặt trận tổ quốc"),
    (r"đbqh", "đại biểu quốc hội"),
    (r"tđkt", "thi đua khen thưởng"),
    (r"vksnd", "viện kiểm sát nhân dân"),
    (r"tand", "tòa án nhân dân"),
    (r"bhxh", "bảo hiểm xã hội"),
    (r"thads", "thi hành án dân sự"),
    (r"kbnn", "kho bạc nhà nước"),
    (r"bchqs", "bộ chỉ huy quân sự"),
    (r"chqs", "chỉ huy quân sự"),
    (r"bđbp", "bộ đội biên phòng"),
    (r"uvtv", "ủy viên ban thường vụ"),
    (r"vp", "văn phòng"),
    (r"tp", "thành phố"),
    (r"tx", "thị xã"),
    (r"ct", "chủ tịch"),
    (r"pct", "phó chủ tịch"),
    (r"gđ", "giám đốc"),
    (r"pgđ", "phó giám đốc"),
]
_ABBREV_RE = [(re.compile(r"(?<![^\W\d_])(?:" + pat + r")(?![^\W\d_])"), rep) for pat, rep in _ABBREVIATIONS]
_PUNCT = re.compile(r"[^\w\s]|_")
_SPACES = re.compile(r"\s+")
_LEADING_LEVEL = re.compile(r"^(?:tỉnh|thành phố|huyện|quận|thị xã|thị trấn|xã|phường)\s+")
_TRAILING_LEVEL = re.compile(r"\s+(?:tỉnh|thành phố)$")


@lru_cache(maxsize=65536)
def basic_key(text: str) -> str:
    """NFC, tone-folded, lower case, abbreviations expanded, '&' as 'và', no punctuation."""
    s = fold_tones(unicodedata.normalize("NFC", text)).lower()
    s = s.replace("đ", "đ")
    for pattern, replacement in _ABBREV_RE:
        s = pattern.sub(replacement, s)
    s = s.replace("&", " và ")
    s = _PUNCT.sub(" ", s)
    return _SPACES.sub(" ", s).strip()


@lru_cache(maxsize=65536)
def unit_key(text: str) -> str:
    """The comparison key of a unit name: `basic_key` less a leading level and a bare trailing 'tỉnh'."""
    s = basic_key(text)
    s = _LEADING_LEVEL.sub("", s)
    return _TRAILING_LEVEL.sub("", s)


def strip_diacritics(text: str) -> str:
    """ASCII-ish form: tone and vowel marks removed, đ as d."""
    s = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in s if not unicodedata.combining(ch))
