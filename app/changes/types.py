"""The change types of the feed and of webhooks (../shared/API.md "Change feed and webhooks")."""

from enum import StrEnum


class ChangeType(StrEnum):
    PERSON_CREATED = "person.created"
    PERSON_UPDATED = "person.updated"
    PERSON_DELETED = "person.deleted"
    PERSON_MERGED = "person.merged"
    PERSON_JOB_CHANGED = "person.job_changed"
    COMPANY_CREATED = "company.created"
    COMPANY_UPDATED = "company.updated"
    COMPANY_DELETED = "company.deleted"
    COMPANY_MERGED = "company.merged"
    RELATIONSHIP_CREATED = "relationship.created"
    RELATIONSHIP_UPDATED = "relationship.updated"
    RELATIONSHIP_DELETED = "relationship.deleted"
    RELATIONSHIP_WARMED = "relationship.warmed"
    RELATIONSHIP_COOLED = "relationship.cooled"
    INTERACTION_CREATED = "interaction.created"
    INTERACTION_UPDATED = "interaction.updated"
    INTERACTION_DELETED = "interaction.deleted"
    EVENT_CREATED = "event.created"
    EVENT_UPDATED = "event.updated"
    IMPORT_COMPLETED = "import.completed"
    ACCOUNT_COVERAGE_CHANGED = "account.coverage_changed"
    INTRO_PATH_OPENED = "intro.path_opened"
    COMPETITOR_PROXIMITY = "competitor.proximity"


# What `events[]` of a webhook may name besides a type: every type (`*`) or a family
# (`relationship.*`).
PREFIXES = sorted({t.value.split(".")[0] for t in ChangeType})


def matches(patterns: list[str], change_type: str) -> bool:
    """Whether a webhook subscribed to `patterns` gets a change of this type."""
    for pattern in patterns:
        if pattern == "*" or pattern == change_type:
            return True
        if pattern.endswith(".*") and change_type.startswith(pattern[:-1]):
            return True
    return False


def split_patterns(patterns: list[str]) -> tuple[list[str] | None, list[str]]:
    """(exact types, prefixes such as 'relationship.') for list_changes; (None, []) for all."""
    if "*" in patterns:
        return None, []
    exact = [p for p in patterns if not p.endswith(".*")]
    prefixes = [p[:-1] for p in patterns if p.endswith(".*")]
    return exact, prefixes


def check_pattern(pattern: str) -> str | None:
    """What is wrong with one item of events[] (None: nothing)."""
    if pattern == "*" or pattern in set(ChangeType):
        return None
    if pattern.endswith(".*") and pattern[:-2] in PREFIXES:
        return None
    return (
        f"unknown event type {pattern!r}: use a type ({', '.join(t.value for t in ChangeType)}), "
        f"a family ({', '.join(p + '.*' for p in PREFIXES)}) or *"
    )
