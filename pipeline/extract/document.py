"""An article prepared for extraction: working text, body lines, offsets back to the original.

Extraction runs on a working copy of the text (NFC, new-style tone marks) in
which page furniture, photo credits and bylines are blanked out with spaces.
Blanking instead of deleting keeps every offset valid, so an evidence span
found in the working text maps straight back to the article as given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from pipeline.corpus import Article
from pipeline.text.normalize import working_text

# Whole lines that are page furniture (menus, widgets, image file names,
# auto-generated image descriptions, "Tin liên quan" and what follows).
_FURNITURE_LINE = re.compile(
    r"^\s*(?:Skip (?:Ribbon Commands|to main content)|Xem với cỡ chữ.*|Tin hoạt động|Thư viện ảnh|Video|"
    r"Web liên kết|Liên kết Website|Quảng cáo|Cơ quan Đảng, Nhà nước|Cơ quan Báo chí|In bài viết|Chia sẻ|"
    r"Các trường Đại học, Cao đẳng|Trang chủ.*|Bản in|Gửi bài viết|Lượt xem.*|Tin cùng chuyên mục.*|"
    r"Hiện tại bài viết chưa được cập nhật nội dung.*|\(?\s*Cập nhật lúc:.*|Ngày đăng:.*|"
    r"Description automatically generated.*|A (?:group of |person |close-up |picture |room |table )[a-z ,]*|"
    r"[\w\s()\-]+\.(?:jpe?g|png|gif|JPE?G|PNG)|leftcenterrightdel|\d{1,6}|"
    r"Thi đua Khen thưởng|\W*)\s*$"
)
# Everything after one of these lines is furniture.
_TAIL_START = re.compile(r"^\s*(?:Tin liên quan|Các tin khác|Tin khác|Bài viết liên quan|Các bài viết khác|Tin mới hơn|Tin cũ hơn)\b.*$", re.M)
# "Ảnh: Ngọc Yến", "(Ảnh: …)", "Nguồn: …" credits inside or at the end of a line.
_CREDIT = re.compile(r"\(?\s*(?:Ảnh|Nguồn|Tin, ảnh|Tin và ảnh|Bài, ảnh|Bài và ảnh|Tin|Bài)\s*:\s*"
                     r"(?!Đồng chí|đồng chí|Ông |Bà |Lãnh đạo|Toàn cảnh|Quang cảnh|Các |Đại diện)"
                     r"(?:[^\s\n)]+[ \t]*){1,6}\)?[ \t]*$", re.M)
# A byline: a short last line that is a name, optionally with a unit in brackets.
_BYLINE = re.compile(r"^\s*[A-ZĐÂĂÊÔƠƯÁÀẢÃẠ][\wÀ-ỹ.]*(?:\s+[A-ZĐÂĂÊÔƠƯÀ-Ỹ][\wÀ-ỹ.]*){0,4}\s*(?:\([^)\n]{0,80}\)|-\s*[^\n]{0,60})?\s*$")


# A line break between a word and a lower-case word or an opening bracket continues the sentence.
_WRAPPED = re.compile(r"(?<=[^\W\d_])\n(?=[a-zđà-ỹ(])|(?:(?<=\slà)|(?<=\scủa)|(?<=\svà)|(?<=\scác)|(?<=\scho)|(?<=\svới)|"
                      r"(?<=\sgồm)|(?<=\stại)|(?<=\sdo)|(?<=\sđược)|(?<=\sthuộc))\n(?=\S)")


@dataclass
class Document:
    """One article ready for the rule families."""

    article: Article
    original: str
    text: str  # working text, same length as the cleaned-and-mapped original
    offset_map: list[int] | None
    title: str
    blanked: list[tuple[int, int]] = field(default_factory=list)

    @classmethod
    def from_article(cls, article: Article) -> "Document":
        work, offsets = working_text(article.text)
        title, _ = working_text(article.title or "")
        doc = cls(article=article, original=article.text, text=work, offset_map=offsets, title=title.strip())
        doc._blank_furniture()
        doc._join_wrapped_lines()
        return doc

    def _join_wrapped_lines(self) -> None:
        """Hard line wraps inside a sentence ("Liên\nđoàn lao động") become spaces; the length is kept."""
        self.text = _WRAPPED.sub(" ", self.text)

    def _blank(self, start: int, end: int) -> None:
        if end > start:
            self.text = self.text[:start] + " " * (end - start) + self.text[end:]
            self.blanked.append((start, end))

    def _blank_furniture(self) -> None:
        tail = _TAIL_START.search(self.text)
        if tail:
            self._blank(tail.start(), len(self.text))
        for m in _CREDIT.finditer(self.text):
            self._blank(m.start(), m.end())
        pos = 0
        lines = self.text.split("\n")
        for line in lines:
            if _FURNITURE_LINE.match(line) and line.strip():
                self._blank(pos, pos + len(line))
            pos += len(line) + 1
        self._blank_byline()

    def _blank_byline(self) -> None:
        """The last non-empty line is a byline when it is a short bare name (no verb, no full stop)."""
        stripped = self.text.rstrip()
        start = stripped.rfind("\n") + 1
        last = stripped[start:]
        if not last.strip() or len(last.strip()) > 70 or start == 0:
            return
        body = last.strip()
        if body.endswith((".", ":", ";")) and not body.endswith("./."):
            return
        if _BYLINE.match(body) and not re.search(r"\b(?:Khối|Cụm|thi đua|Hội nghị|năm \d{4})\b", body):
            self._blank(start, len(stripped))

    def orig_span(self, start: int, end: int) -> list[int]:
        """The [start, end] in the original article text of a working-text span."""
        if self.offset_map is None:
            return [start, end]
        return [self.offset_map[start], self.offset_map[end]]

    @cached_property
    def lower(self) -> str:
        return self.text.lower()

    @cached_property
    def head(self) -> str:
        """Title and the opening of the body: where the bloc and the event are named."""
        return self.title + "\n" + self.text[:1200]
