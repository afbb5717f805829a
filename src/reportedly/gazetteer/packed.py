"""The gazetteer's on-disk layout: flat arrays in one memory-mapped file, read without parsing.

A pickle of the cities-≥500 index (287k places, 680k names) took 1.3–2 s to load, most of it
rebuilding the name dict object by object. Here every column is a typed array in one file,
the name map is a table of 64-bit key hashes sorted for bisection, and ``read`` only maps the
file and wraps its sections: loading costs milliseconds, the pages are shared by every
process on the machine (``--jobs``, Dask workers), and a lookup hashes one key and bisects.

File: ``MAGIC``, the header's length (8 bytes, little-endian), the header (JSON: section
offsets, the vocabularies of the coded columns, the small maps), then the sections, each
aligned to 8 bytes.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import math
import mmap
from array import array
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

from reportedly.gazetteer.index import Gazetteer

MAGIC = b"RPGAZ\x00\x01\x00"
CODED = ("feature", "cc", "admin1", "iso")


def key_hash(key: str) -> int:
    """A stable 64-bit hash of a normalised name (Python's ``hash`` differs per process)."""
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "little")


class _Column(Sequence[Any]):
    """Base of the read-only column views: item access by slot (the underlying memoryview
    checks the bounds), and slices as lists for the odd reader that wants one."""

    _length: int

    def __len__(self) -> int:
        return self._length

    def _slice(self, i: slice) -> list[Any]:
        return [self[j] for j in range(*i.indices(self._length))]


class OptionalFloats(_Column):
    """Floats with NaN standing for 'no value' (a region without coordinates)."""

    def __init__(self, values: memoryview) -> None:
        self._length = len(values)
        self._values = values

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return self._slice(i)
        value: float = self._values[i]
        return None if value != value else value  # NaN is the one value unequal to itself


class Coded(_Column):
    """Strings from a small vocabulary, stored as codes (country, division, feature)."""

    def __init__(self, codes: memoryview, vocabulary: Sequence[str]) -> None:
        self._length = len(codes)
        self._codes = codes
        self._vocabulary = tuple(vocabulary)

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return self._slice(i)
        return self._vocabulary[self._codes[i]]


class Strings(_Column):
    """UTF-8 strings in one blob, item ``i`` between ``offsets[i]`` and ``offsets[i + 1]``."""

    def __init__(self, offsets: memoryview, blob: memoryview) -> None:
        self._length = len(offsets) - 1
        self._offsets = offsets
        self._blob = blob

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return self._slice(i)
        if i < 0:
            i += self._length
        if not 0 <= i < self._length:
            raise IndexError(i)
        return bytes(self._blob[self._offsets[i] : self._offsets[i + 1]]).decode()


class Sparse(_Column):
    """A column that is empty for almost every slot (the members of a region)."""

    def __init__(self, length: int, values: Mapping[int, tuple[str, ...]]) -> None:
        self._length = length
        self._values = dict(values)

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return self._slice(i)
        if not -self._length <= i < self._length:
            raise IndexError(i)
        return self._values.get(i % self._length, ())


class NameMap(Mapping[str, "int | tuple[int, ...]"]):
    """Normalised name -> slot(s), over sorted key hashes; keys are checked, so a hash
    collision costs a comparison, never a wrong answer."""

    def __init__(
        self, hashes: memoryview, keys: Strings, value_offsets: memoryview, values: memoryview
    ) -> None:
        self._hashes = hashes
        self._keys = keys
        self._value_offsets = value_offsets
        self._values = values

    def get(self, key: str, default: Any = None) -> Any:
        wanted = key_hash(key)
        at = bisect.bisect_left(self._hashes, wanted)
        while at < len(self._hashes) and self._hashes[at] == wanted:
            if self._keys[at] == key:
                start, end = self._value_offsets[at], self._value_offsets[at + 1]
                return self._values[start] if end - start == 1 else tuple(self._values[start:end])
            at += 1
        return default

    def __getitem__(self, key: str) -> int | tuple[int, ...]:
        found = self.get(key)
        if found is None:
            raise KeyError(key)
        return found

    def __iter__(self) -> Iterator[str]:
        return (self._keys[i] for i in range(len(self._keys)))

    def __len__(self) -> int:
        return len(self._keys)


def write(gaz: Gazetteer, handle: IO[bytes]) -> None:
    """Write ``gaz`` (as ``sources.build`` made it) in the packed layout."""
    sections: dict[str, bytes] = {}
    header: dict[str, Any] = {"length": len(gaz), "sections": {}}
    sections["gid"] = array("q", gaz.gid).tobytes()
    sections["population"] = array("q", gaz.population).tobytes()
    for name in ("lat", "lon"):
        column = getattr(gaz, name)
        sections[name] = array("d", (math.nan if v is None else v for v in column)).tobytes()
    vocabularies = {}
    for name in CODED:
        column = list(getattr(gaz, name))
        vocabulary = sorted(set(column))
        code = {value: n for n, value in enumerate(vocabulary)}
        sections[name] = array("I", (code[v] for v in column)).tobytes()
        vocabularies[name] = vocabulary
    header["vocabularies"] = vocabularies
    sections["name_offsets"], sections["name_blob"] = _strings(list(gaz.name))
    entries = sorted((key_hash(k), k, v) for k, v in gaz.index.items())
    sections["key_hashes"] = array("Q", (h for h, _, _ in entries)).tobytes()
    sections["key_offsets"], sections["key_blob"] = _strings([k for _, k, _ in entries])
    value_offsets, values = array("q", [0]), array("i")
    for _, _, slots in entries:
        values.extend((slots,) if isinstance(slots, int) else slots)
        value_offsets.append(len(values))
    sections["value_offsets"], sections["values"] = value_offsets.tobytes(), values.tobytes()
    header["members"] = {str(i): list(m) for i, m in enumerate(gaz.members) if m}
    header["demonyms"] = gaz.demonyms
    header["by_iso"] = gaz.by_iso
    header["capitals"] = sorted(gaz.capitals)
    offset = 0
    for name, data in sections.items():
        header["sections"][name] = [offset, len(data)]
        offset += _padded(len(data))
    encoded = json.dumps(header, ensure_ascii=False).encode()
    head = MAGIC + len(encoded).to_bytes(8, "little") + encoded
    handle.write(head + b"\0" * (_padded(len(head)) - len(head)))
    for data in sections.values():
        handle.write(data + b"\0" * (_padded(len(data)) - len(data)))


def read(path: Path) -> Gazetteer:
    """Map ``path`` and wrap its sections; raises ``ValueError`` on a file of another layout."""
    with path.open("rb") as handle:
        mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    if mapped[: len(MAGIC)] != MAGIC:
        raise ValueError(f"{path}: not a packed gazetteer")
    size = int.from_bytes(mapped[len(MAGIC) : len(MAGIC) + 8], "little")
    start = len(MAGIC) + 8
    header = json.loads(mapped[start : start + size])
    base = _padded(start + size)
    view = memoryview(mapped)

    def section(name: str, typecode: str) -> memoryview:
        offset, length = header["sections"][name]
        return view[base + offset : base + offset + length].cast(typecode)  # type: ignore[call-overload]

    n = header["length"]
    keys = Strings(section("key_offsets", "q"), section("key_blob", "B"))
    gaz = Gazetteer(
        gid=section("gid", "q"),
        name=Strings(section("name_offsets", "q"), section("name_blob", "B")),
        lat=OptionalFloats(section("lat", "d")),
        lon=OptionalFloats(section("lon", "d")),
        population=section("population", "q"),
        members=Sparse(n, {int(i): tuple(m) for i, m in header["members"].items()}),
        index=NameMap(
            section("key_hashes", "Q"), keys, section("value_offsets", "q"), section("values", "i")
        ),
        demonyms=header["demonyms"],
        by_iso=header["by_iso"],
        capitals=frozenset(header["capitals"]),
        **{name: Coded(section(name, "I"), header["vocabularies"][name]) for name in CODED},
    )
    return gaz


def _strings(items: list[str]) -> tuple[bytes, bytes]:
    offsets, blob = array("q", [0]), bytearray()
    for item in items:
        blob += item.encode()
        offsets.append(len(blob))
    return offsets.tobytes(), bytes(blob)


def _padded(length: int) -> int:
    return (length + 7) // 8 * 8
