"""Hooks schemathesis loads (schemathesis.toml `hooks`) for the run over relmap's API."""

import re
import uuid
from typing import Any

import schemathesis

from app.common.openapi import IDEMPOTENCY_KEY_PATTERN

_KEY = re.compile(IDEMPOTENCY_KEY_PATTERN)


@schemathesis.hook
def before_call(context: Any, case: Any, kwargs: dict[str, Any]) -> None:
    """A client sends a new Idempotency-Key with each new request. Generated keys repeat ("0",
    "a", ...), and the contract answers the same key with another body with a 422 and the same
    key with the same body with the first answer again (a person deleted since "created" once
    more): right, but not what a run over single requests can check. A valid key is made unique;
    a malformed one (a negative case) is sent as it is, for the 422 it must get."""
    headers = case.headers or {}
    for name, value in list(headers.items()):
        if name.lower() == "idempotency-key" and isinstance(value, str) and _KEY.match(value):
            headers[name] = f"{value[:200]}-{uuid.uuid4().hex}"
