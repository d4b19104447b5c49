"""Ids for many new nodes or edges at once: random (version 4) UUIDs as text, as uuid.uuid4()
gives them, from one read of the system's randomness instead of one per id (an import makes
thousands per batch; uuid4 costs about five times as much)."""

import os


def uuid_texts(raw: bytes) -> list[str]:
    """One UUID per 16 bytes of `raw` (its length a multiple of 16), as
    str(uuid.UUID(bytes=chunk, version=4)) writes it: the version and variant bits set, the
    other 122 bits taken from `raw`."""
    if len(raw) % 16:
        raise ValueError("raw must hold 16 bytes per id")
    digits = raw.hex()
    out = []
    for k in range(0, len(digits), 32):
        h = digits[k : k + 32]
        variant = "89ab"[int(h[16], 16) & 3]
        out.append(f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{variant}{h[17:20]}-{h[20:]}")
    return out


def new_ids(n: int) -> list[str]:
    """n new random ids."""
    return uuid_texts(os.urandom(16 * n))
