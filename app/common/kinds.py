"""The graph model's vocabularies: labels, relationship types, their endpoints and defaults."""

from enum import StrEnum


class Label(StrEnum):
    PERSON = "Person"
    COMPANY = "Company"
    EVENT = "Event"


class RelType(StrEnum):
    KNOWS = "KNOWS"
    REPORTS_TO = "REPORTS_TO"
    INFLUENCES = "INFLUENCES"
    WORKS_AT = "WORKS_AT"
    ADVISES = "ADVISES"
    INVESTED_IN = "INVESTED_IN"
    CLIENT_OF = "CLIENT_OF"
    VENDOR_OF = "VENDOR_OF"
    PARTNER_OF = "PARTNER_OF"
    COMPETES_WITH = "COMPETES_WITH"
    SUBSIDIARY_OF = "SUBSIDIARY_OF"
    ATTENDED = "ATTENDED"


class InteractionKind(StrEnum):
    EMAIL = "email"
    MEETING = "meeting"
    CALL = "call"
    MESSAGE = "message"
    SOCIAL = "social"
    EVENT = "event"
    NOTE = "note"


class Role(StrEnum):
    DECISION_MAKER = "decision_maker"
    INFLUENCER = "influencer"
    CHAMPION = "champion"
    USER = "user"
    GATEKEEPER = "gatekeeper"
    BLOCKER = "blocker"
    OTHER = "other"


P, C, E = Label.PERSON, Label.COMPANY, Label.EVENT

# Which (source label, target label) pairs each type may join.
ENDPOINTS: dict[RelType, frozenset[tuple[Label, Label]]] = {
    RelType.KNOWS: frozenset({(P, P)}),
    RelType.REPORTS_TO: frozenset({(P, P)}),
    RelType.INFLUENCES: frozenset({(P, P)}),
    RelType.WORKS_AT: frozenset({(P, C)}),
    RelType.ADVISES: frozenset({(P, C)}),
    RelType.INVESTED_IN: frozenset({(P, C), (C, C)}),
    RelType.CLIENT_OF: frozenset({(C, C)}),
    RelType.VENDOR_OF: frozenset({(C, C)}),
    RelType.PARTNER_OF: frozenset({(C, C)}),
    RelType.COMPETES_WITH: frozenset({(C, C)}),
    RelType.SUBSIDIARY_OF: frozenset({(C, C)}),
    RelType.ATTENDED: frozenset({(P, E)}),
}

# Types whose direction carries no meaning: stored once, matched either way.
SYMMETRIC: frozenset[RelType] = frozenset(
    {RelType.KNOWS, RelType.PARTNER_OF, RelType.COMPETES_WITH}
)

# Person-to-person types: what introductions walk.
PERSON_TO_PERSON: tuple[RelType, ...] = (RelType.KNOWS, RelType.REPORTS_TO, RelType.INFLUENCES)

# Strength stored when a client gives none (documented in README and docs/strength.md).
DEFAULT_STRENGTH: dict[RelType, float] = {
    RelType.KNOWS: 0.3,
    RelType.REPORTS_TO: 0.6,
    RelType.INFLUENCES: 0.5,
    RelType.WORKS_AT: 0.8,
    RelType.ADVISES: 0.6,
    RelType.INVESTED_IN: 0.5,
    RelType.CLIENT_OF: 0.7,
    RelType.VENDOR_OF: 0.7,
    RelType.PARTNER_OF: 0.6,
    RelType.COMPETES_WITH: 0.5,
    RelType.SUBSIDIARY_OF: 0.9,
    RelType.ATTENDED: 0.5,
}
