"""What a server is started with: plain data, so tests and the CLI build one the same way."""

from __future__ import annotations

import dataclasses
import ipaddress
import json
from dataclasses import dataclass

#: The environment variable that carries the write token when ``--token`` is not given.
TOKEN_VARIABLE = "REPORTEDLY_TOKEN"
#: How ``serve --workers N`` hands its configuration to the worker processes.
CONFIG_VARIABLE = "REPORTEDLY_SERVE_CONFIG"


@dataclass(frozen=True)
class ServerConfig:
    #: The corpus: a SQLite path or a SQLAlchemy URL (it must exist: ``reportedly ingest``).
    db: str = "reportedly.db"
    #: Writes (``POST``) need it; with none, writes are refused.
    token: str | None = None
    #: Reads without the token. ``None``: open when the server listens on loopback only.
    open_reads: bool | None = None
    host: str = "127.0.0.1"
    #: The largest request body, in bytes (a 5 MB article fits).
    max_body: int = 8 * 1024 * 1024
    #: Seconds of stage time one ``/analyze`` or ``/documents`` text may take.
    analyze_timeout: float = 120.0
    #: Origins allowed by CORS; none (CORS off) by default.
    cors_origins: tuple[str, ...] = ()
    #: The most rows one JSON page holds.
    max_page: int = 1000
    #: Result counts stop here ("10,000+").
    count_cap: int = 10_000

    def __post_init__(self) -> None:
        if self.max_body < 1024:
            raise ValueError(f"max_body must be at least 1024 bytes, not {self.max_body}")
        if self.analyze_timeout <= 0:
            raise ValueError(f"analyze_timeout must be above 0, not {self.analyze_timeout}")
        if self.token is not None and len(self.token) < 16:
            raise ValueError("the write token must be at least 16 characters long")

    def to_json(self) -> str:
        return json.dumps(dataclasses.asdict(self))

    @classmethod
    def from_json(cls, text: str) -> ServerConfig:
        values = json.loads(text)
        values["cors_origins"] = tuple(values.get("cors_origins", ()))
        return cls(**values)

    @property
    def reads_open(self) -> bool:
        if self.open_reads is not None:
            return self.open_reads
        return is_loopback(self.host)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
