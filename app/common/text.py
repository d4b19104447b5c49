"""Turning a user's search words into a safe Lucene query for the full-text indexes."""

import re
import unicodedata

_SPECIAL = re.compile(r'([+\-!(){}\[\]^"~*?:\\/]|&&|\|\|)')
_WORD = re.compile(r"\w[\w.']*", re.UNICODE)  # the index splits at - and @ too


def fold(text: str) -> str:
    """Lower case without accents ("Müller" -> "muller"), as the full-text indexes keep words
    (their standard-folding analyzer, cypher/schema/13_person_search.cypher): a prefix word is
    not analyzed by Lucene, so the query must arrive folded."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def lucene_query(text: str) -> str | None:
    """Every word must match, the last one as a prefix: 'ada lov' finds 'Ada Lovelace'. An
    email address is its two words (the index splits it at the @): 'ada@acme.example' finds
    the person with that email."""
    words = [w for w in _WORD.findall(fold(text)) if w]
    if not words:
        return None
    escaped = [_SPECIAL.sub(r"\\\1", w) for w in words[:10]]
    escaped[-1] = escaped[-1] + "*"
    return " AND ".join(escaped)
