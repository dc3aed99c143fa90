"""Vietnamese search without diacritics, inside Material's own lunr index.

Material's worker indexes every field named in the index's `config.fields`, so each entry
gets two extra fields holding only the folded forms (đ -> d, no marks) of the words that
carry marks: `fold_title` and `fold_text`. A query typed without marks ("nong thon moi")
matches them; a query typed with marks still matches only the original fields, so exact
matches rank first. Words already without marks are not repeated, and each folded word
is kept once per entry, which keeps the index well under 1.6× the plain one.

Profile entries also get `facts` (locality, unit, tags, summary): frontmatter that is
shown on the page but is not part of the Markdown body Material indexes.
"""

from __future__ import annotations

import functools
import html
import json
import re
from collections.abc import Iterable, Mapping

from ..content.model import Profile
from ..content.taxonomy import strip_marks

# Same boost for title as Material's default: a folded title match counts like a title
# match, a little less so that an exact word still wins over its folded twin.
# Facts (campaign titles, field, locality, unit, tags, summary) rank between the title
# (Material: 1000) and the body text (1): a profile of the "…nông thôn mới" campaign comes
# before pages that merely mention the words.
FIELDS = {
    "fold_title": {"boost": 800.0},
    "fold_text": {"boost": 0.8},
    "facts": {"boost": 100.0},
    "fold_facts": {"boost": 80.0},
}
_TAG = re.compile(r"<[^>]*>")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def plain_text(markup: str) -> str:
    """Text of an index field (Material stores HTML in `text` and escaped `title`)."""
    return html.unescape(_TAG.sub(" ", markup))


_fold_word = functools.lru_cache(maxsize=1 << 17)(strip_marks)  # a corpus repeats its words


def fold_words(texts: Iterable[str], skip: Iterable[str] = ()) -> list[str]:
    """Folded forms of the words that carry marks, once each, in order of appearance."""
    seen = set(skip)
    out: list[str] = []
    for text in texts:
        for word in _WORD.findall(text.lower()):
            folded = _fold_word(word)
            if folded != word and folded not in seen:
                seen.add(folded)
                out.append(folded)
    return out


def profile_facts(p: Profile, labels: Iterable[str] = ()) -> str:
    """Searchable frontmatter of a profile, as plain text (never anything `private`);
    `labels` are the titles of its campaigns and its field's label."""
    parts = [*labels, p.locality, p.unit, *p.tags]
    if not p.summary_from_story:
        parts.append(p.summary)
    return " · ".join(x for x in parts if x)


def enrich(index: dict, facts: Mapping[str, str] | None = None) -> dict:
    """Add folded fields (and profile facts) to a Material search index, in place."""
    facts = facts or {}
    index.setdefault("config", {}).setdefault("fields", {}).update(FIELDS)
    for doc in index.get("docs", []):
        location = doc.get("location", "")
        fact = facts.get(location, "") if "#" not in location else ""
        if fact:
            doc["facts"] = html.escape(fact, quote=False)
        title_words = fold_words([plain_text(doc.get("title", ""))])
        text_words = fold_words([plain_text(doc.get("text", ""))], skip=title_words)
        fact_words = fold_words([fact], skip=title_words)
        if title_words:
            doc["fold_title"] = " ".join(title_words)
        if text_words:
            doc["fold_text"] = " ".join(text_words)
        if fact_words:
            doc["fold_facts"] = " ".join(fact_words)
    return index


def dumps(index: dict) -> str:
    """Serialised like Material's own index (compact, ASCII-escaped), so sizes compare."""
    return json.dumps(index, separators=(",", ":"), default=str)


def rewrite(path, facts: Mapping[str, str] | None = None) -> tuple[int, int]:
    """Enrich the index file Material wrote; return (size before, size after) in bytes."""
    before = path.read_text(encoding="utf-8")
    after = dumps(enrich(json.loads(before), facts))
    path.write_text(after, encoding="utf-8")
    return len(before.encode()), len(after.encode())
