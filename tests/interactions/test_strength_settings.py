"""The strength model's settings: partial maps keep the defaults, nonsense is refused."""

import pytest
from pydantic import ValidationError

from app.common.kinds import InteractionKind
from app.config import DEFAULT_KIND_HALF_LIVES_DAYS, DEFAULT_KIND_WEIGHTS, Settings


def test_a_partial_map_keeps_the_other_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STRENGTH_KIND_WEIGHTS", '{"meeting": 2.5}')
    monkeypatch.setenv("STRENGTH_HALF_LIFE_DAYS", '{"call": 10}')
    settings = Settings()
    assert settings.strength_kind_weights[InteractionKind.MEETING] == 2.5
    assert settings.strength_kind_weights[InteractionKind.EMAIL] == DEFAULT_KIND_WEIGHTS["email"]
    assert settings.strength_half_life_days[InteractionKind.CALL] == 10
    assert set(settings.strength_half_life_days) == set(InteractionKind)
    assert (
        settings.strength_half_life_days[InteractionKind.NOTE]
        == DEFAULT_KIND_HALF_LIVES_DAYS["note"]
    )


@pytest.mark.parametrize(
    "overrides",
    [
        {"strength_kind_weights": {"meeting": -1}},
        {"strength_half_life_days": {"call": 0}},
        {"strength_kind_weights": {"gossip": 1}},
    ],
)
def test_nonsense_is_refused(overrides: dict) -> None:
    with pytest.raises(ValidationError):
        Settings(**overrides)
