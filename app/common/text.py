"""Turning a user's search words into a safe Lucene query for the full-text indexes."""

import re

_SPECIAL = re.compile(r'([+\-!(){}\[\]^"~*?:\\/]|&&|\|\|)')
_WORD = re.compile(r"\w[\w.@'-]*", re.UNICODE)


def lucene_query(text: str) -> str | None:
    """Every word must match, the last one as a prefix: 'ada lov' finds 'Ada Lovelace'."""
    words = [w for w in _WORD.findall(text.lower()) if w]
    if not words:
        return None
    escaped = [_SPECIAL.sub(r"\\\1", w) for w in words[:10]]
    escaped[-1] = escaped[-1] + "*"
    return " AND ".join(escaped)
