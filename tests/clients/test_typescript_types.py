"""TypeScript types generated from the OpenAPI document with openapi-typescript's default options
carry what a web client needs: a warm-intros body with only its target compiles, an intro
answer's paths and an account map read as typed fields, and a wrong field name does not compile
(tsc --strict). Node packages from web/ (`make install`)."""

import re
from pathlib import Path

import pytest

from tests.clients.generate import (
    PROGRAMS,
    TYPES,
    type_check,
    typescript_types,
    typescript_warnings,
    write_spec,
)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("ts-client")
    types = typescript_types(write_spec(out), out)
    assert types.returncode == 0, types.output
    assert typescript_warnings(types.output) == [], types.output
    return out


def test_the_types_come_with_no_warning(generated: Path) -> None:
    text = (generated / TYPES).read_text()
    for name in ("IntroRequest", "IntroAnswer", "AccountMap", "PersonPage", "ReasonEdge"):
        assert re.search(rf"^\s+{name}: ", text, re.MULTILINE), f"no {name} in the types"


def test_a_client_of_intros_and_account_maps_type_checks(generated: Path) -> None:
    checked = type_check(PROGRAMS / "relmap-check.ts", generated)
    assert checked.returncode == 0, checked.output
    assert checked.output == ""


def test_a_wrong_field_does_not_type_check(generated: Path) -> None:
    program = PROGRAMS / "wrong-fields.ts"
    marked = {
        number
        for number, line in enumerate(program.read_text().splitlines(), start=1)
        if "// WRONG" in line
    }
    checked = type_check(program, generated)
    assert checked.returncode != 0
    rejected = {
        int(n)
        for n in re.findall(r"^wrong-fields\.ts\((\d+),\d+\): error", checked.output, re.MULTILINE)
    }
    assert rejected == marked, checked.output
