"""Related articles: the few other articles that share the most themes, organisations and keywords.

Pure and deterministic: a weighted score per shared term; ties go to the newer article, then by
section and slug. Counting pairs one by one took minutes on 10,000 articles, so each term holds
its articles as one bitset (a Python int, bit = position in tie-break order) and the scores of
all candidates are summed at once in bit-sliced counters; the best are then read off the bits.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from ..core.model import Article

RELATED_LIMIT = 3
# A shared theme says more than a shared organisation, and that more than a free keyword.
THEME_WEIGHT = 3
ORGANISATION_WEIGHT = 2
KEYWORD_WEIGHT = 1


def _terms(article: Article) -> list[tuple[str, int]]:
    return ([(f"t:{k}", THEME_WEIGHT) for k in article.themes]
            + [(f"o:{k}", ORGANISATION_WEIGHT) for k in article.organisations]
            + [(f"k:{k.slug}", KEYWORD_WEIGHT) for k in article.keywords])


def _add(slices: list[int], members: int, weight: int) -> None:
    """Add `weight` to the counter of every article in `members` (ripple-carry over the slices)."""
    bit = 0
    while weight:
        if weight & 1:
            carry = members
            k = bit
            while carry:
                while k >= len(slices):
                    slices.append(0)
                slices[k], carry = slices[k] ^ carry, slices[k] & carry
                k += 1
        weight >>= 1
        bit += 1


def _best(slices: list[int], alive: int, limit: int) -> list[int]:
    """Positions of the `limit` highest counters among `alive`; lower position wins a tie."""
    chosen: list[int] = []
    while alive and len(chosen) < limit:
        top = alive
        for k in range(len(slices) - 1, -1, -1):  # keep those with the highest score, bit by bit
            narrowed = top & slices[k]
            if narrowed:
                top = narrowed
        while top and len(chosen) < limit:
            lowest = top & -top
            chosen.append(lowest.bit_length() - 1)
            top ^= lowest
            alive &= ~lowest
    return chosen


def related_articles(articles: Sequence[Article], limit: int = RELATED_LIMIT) -> dict[int, tuple[Article, ...]]:
    """For each index into `articles`, its most related other articles, best first."""
    signature = (limit, tuple((a.published, a.section, a.slug, tuple(_terms(a))) for a in articles))
    chosen = _latest.get(signature)
    if chosen is None:
        # A build asks twice (the link check and the pages) and the dev server at every save;
        # a body edit changes nothing here, so the answer for the same signature is kept.
        chosen = _related_positions(articles, limit)
        _latest.clear()
        _latest[signature] = chosen
    return {i: tuple(articles[j] for j in others) for i, others in chosen.items()}


# The latest call's signature and answer (one entry), for the life of the process.
_latest: dict[object, dict[int, tuple[int, ...]]] = {}


def _related_positions(articles: Sequence[Article], limit: int) -> dict[int, tuple[int, ...]]:
    def tie_break(i: int) -> tuple[float, str, str]:
        published = articles[i].published
        return (-(published.timestamp() if published else 0.0), articles[i].section, articles[i].slug)

    order = sorted(range(len(articles)), key=tie_break)
    position = {index: pos for pos, index in enumerate(order)}
    members: dict[str, int] = defaultdict(int)
    terms = [_terms(a) for a in articles]
    for i, article_terms in enumerate(terms):
        for term, _weight in article_terms:
            members[term] |= 1 << position[i]
    result: dict[int, tuple[int, ...]] = {}
    for i, article_terms in enumerate(terms):
        slices: list[int] = []
        for term, weight in article_terms:
            _add(slices, members[term], weight)
        alive = 0
        for s in slices:
            alive |= s
        alive &= ~(1 << position[i])
        result[i] = tuple(order[p] for p in _best(slices, alive, limit))
    return result
