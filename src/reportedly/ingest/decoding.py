"""Bytes to text: UTF-8 (with or without BOM), UTF-16/32 with BOM, then a reported cp1252 fallback.

Binary input (NUL bytes without a UTF-16/32 BOM, or mostly control characters) is skipped rather
than decoded into garbage. The fallback never fails: cp1252 where it can, Latin-1 for the five
bytes cp1252 leaves undefined, so "undecodable" only happens for a broken UTF-16/32 stream.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from reportedly.ingest.errors import DocumentSkipped

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: Encodings that are guesses, not facts: a report on such a text carries a warning.
FALLBACK_ENCODINGS = frozenset({"cp1252", "latin-1", "utf-8+replace"})
_CONTROL_OK = frozenset("\t\n\r\f\v")
_MAX_CONTROL_SHARE = 0.05


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str


def decode_bytes(data: bytes) -> Decoded:
    """Decode one document's bytes, or raise ``DocumentSkipped`` for binary/undecodable data."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(Decoded(data.decode(encoding), encoding))
            except UnicodeDecodeError as exc:
                raise DocumentSkipped(
                    f"undecodable: starts with a {encoding} BOM but {exc.reason}"
                ) from None
    if b"\x00" in data[:65536]:
        raise DocumentSkipped("binary file (contains NUL bytes)")
    try:
        return _checked(Decoded(data.decode("utf-8"), "utf-8"))
    except UnicodeDecodeError:
        pass
    lenient = data.decode("utf-8", errors="replace")
    if any(ord(c) > 127 and c != "\ufffd" for c in lenient):
        # Real UTF-8 with a few broken bytes: keep the good characters.
        return _checked(Decoded(lenient, "utf-8+replace"))
    try:
        return _checked(Decoded(data.decode("cp1252"), "cp1252"))
    except UnicodeDecodeError:
        return _checked(Decoded(data.decode("latin-1"), "latin-1"))


def _checked(decoded: Decoded) -> Decoded:
    text = decoded.text
    sample = text[:65536]
    if sample:
        controls = sum(1 for c in sample if c < " " and c not in _CONTROL_OK)
        if controls / len(sample) > _MAX_CONTROL_SHARE:
            raise DocumentSkipped(
                f"binary file ({controls} control characters in the first {len(sample)})"
            )
    return decoded


def encoding_warning(encoding: str | None, text: str) -> str | None:
    """The warning a report carries when its text was decoded by guesswork."""
    if encoding == "utf-8+replace":
        bad = text.count("\ufffd")
        return f"input is not valid UTF-8: {bad} undecodable byte sequence(s) replaced by U+FFFD"
    if encoding in ("cp1252", "latin-1"):
        return f"input is not valid UTF-8: decoded as {encoding}, check non-ASCII characters"
    return None
