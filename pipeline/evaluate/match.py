"""When two strings of a record count as the same (CODEBOOK.md section 3)."""

from __future__ import annotations

from functools import lru_cache
from typing import Callable, Sequence, TypeVar

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from pipeline.text.normalize import basic_key, strip_diacritics, unit_key

T = TypeVar("T")
U = TypeVar("U")

# Near-identical strings (a source typo, one letter off) match; 90 keeps
# "Sở Nội vụ" ~ "Sở Nôi vụ" while "Sở Tư pháp" and "Sở Tài chính" stay apart.
FUZZY_THRESHOLD = 90.0


def _near(a: str, b: str) -> bool:
    """Equal, equal but for diacritics, or one typo apart.

    A typo is one word differing by one edit ("nôi"/"nội" is caught above,
    "Nôi"/"Nọi" here); two different words ("Kiên Giang"/"An Giang") are
    different units however similar the whole strings look.
    """
    if a == b:
        return True
    if strip_diacritics(a) == strip_diacritics(b):
        return True
    wa, wb = a.split(), b.split()
    if len(wa) != len(wb) or fuzz.ratio(a, b) < FUZZY_THRESHOLD:
        return False
    diffs = [(x, y) for x, y in zip(wa, wb) if x != y and strip_diacritics(x) != strip_diacritics(y)]
    return len(diffs) <= 1 and all(Levenshtein.distance(x, y) <= 1 for x, y in diffs)


def _province_suffix_variants(key: str) -> set[str]:
    """'X tỉnh Y' also stands for a bare 'X' (but only X, never 'X tỉnh Z')."""
    variants = {key}
    for marker in (" tỉnh ", " thành phố "):
        idx = key.rfind(marker)
        if idx > 0:
            variants.add(key[:idx])
    return variants


@lru_cache(maxsize=65536)
def units_match(a: str, b: str) -> bool:
    """Unit names: normalised, then exact, 'X tỉnh Y' ~ 'X', diacritics-blind, or nearly the same."""
    ka, kb = unit_key(a), unit_key(b)
    if not ka or not kb:
        return False
    if _near(ka, kb):
        return True
    va, vb = _province_suffix_variants(ka), _province_suffix_variants(kb)
    # Only the side that carries a province may be shortened.
    return any(_near(x, kb) for x in va - {ka}) or any(_near(ka, y) for y in vb - {kb})


@lru_cache(maxsize=65536)
def titles_match(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return a is b
    ka, kb = basic_key(a), basic_key(b)
    return bool(ka) and _near(ka, kb)


@lru_cache(maxsize=65536)
def names_match(a: str, b: str) -> bool:
    """Person names: case, spacing and tone marks do not count."""
    ka, kb = basic_key(a), basic_key(b)
    return bool(ka) and ka == kb


def scalar_equal(field: str, gold: object, got: object) -> bool:
    if field == "province" and isinstance(gold, str) and isinstance(got, str):
        return unit_key(gold) == unit_key(got) or strip_diacritics(unit_key(gold)) == strip_diacritics(unit_key(got))
    return gold == got


def match_one_to_one(gold: Sequence[T], got: Sequence[U], same: Callable[[T, U], bool]) -> list[tuple[int, int]]:
    """A maximum one-to-one matching of gold to extracted items (augmenting paths).

    Greedy matching can pair a gold item with the wrong one of two similar
    extracted items and lose the other pair; lists here are short, so the exact
    maximum is cheap.
    """
    edges = [[j for j, g in enumerate(got) if same(item, g)] for item in gold]
    owner: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in edges[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(len(gold)):
        augment(i, set())
    return sorted((i, j) for j, i in owner.items())
