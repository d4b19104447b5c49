"""Standard Webhooks (https://www.standardwebhooks.com): secrets and signatures."""

import base64
import binascii
import hashlib
import hmac
import secrets

PREFIX = "whsec_"
MIN_BYTES, MAX_BYTES = 24, 64


def new_secret() -> str:
    return PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def secret_bytes(secret: str) -> bytes:
    """The key a `whsec_` secret names (base64 after the prefix); ValueError when it is not one."""
    if not secret.startswith(PREFIX):
        raise ValueError(f"a secret starts with {PREFIX} followed by base64")
    try:
        key = base64.b64decode(secret[len(PREFIX) :], validate=True)
    except (binascii.Error, ValueError):
        raise ValueError(f"a secret is {PREFIX} followed by base64") from None
    if not MIN_BYTES <= len(key) <= MAX_BYTES:
        raise ValueError(f"a secret's key is {MIN_BYTES} to {MAX_BYTES} bytes")
    return key


def sign(secret: str, msg_id: str, timestamp: int, body: bytes) -> str:
    """The webhook-signature header: `v1,` + base64 HMAC-SHA256 of `{id}.{timestamp}.{body}`."""
    signed = f"{msg_id}.{timestamp}.".encode() + body
    digest = hmac.new(secret_bytes(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def verify(secret: str, msg_id: str, timestamp: str, body: bytes, header: str) -> bool:
    """Whether one of the header's space-separated signatures is ours (for receivers, tests)."""
    expected = sign(secret, msg_id, int(timestamp), body)
    return any(hmac.compare_digest(expected, s) for s in header.split())
