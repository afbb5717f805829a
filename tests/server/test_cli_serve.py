"""``reportedly serve`` as a user starts it: a real process on a free loopback port, and
clear one-line refusals for a missing corpus or a short token."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from server_support import Served
from typer.testing import CliRunner

from reportedly.cli import app


def test_serve_refuses_a_missing_corpus_and_a_short_token(tmp_path: Path, served: Served) -> None:
    missing = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code == 1 and "no corpus in" in missing.output
    short = CliRunner().invoke(app, ["serve", "--db", served.db, "--token", "short"])
    assert short.exit_code == 2 and "at least 16 characters" in short.output


@pytest.mark.parametrize("workers", [1, 2])
def test_serve_answers_over_http(served: Served, workers: int) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "reportedly", "serve", "--db", served.db, "--port", str(port)]
    command += ["--workers", str(workers)]
    server = subprocess.Popen(
        command, stderr=subprocess.PIPE, text=True, env={**os.environ, "REPORTEDLY_TOKEN": ""}
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/stories") as answer:
                    stories = json.load(answer)
                    break
            except OSError:
                assert server.poll() is None, server.stderr.read() if server.stderr else ""
                assert time.monotonic() < deadline, "serve did not answer within 60 s"
                time.sleep(0.2)
        assert stories["items"] and stories["items"][0]["articles"] >= 3
    finally:
        server.send_signal(signal.SIGINT)
        _, errors = server.communicate(timeout=30)
    assert f"serving {served.db} on http://127.0.0.1:{port}/" in errors
    assert "writes are turned off" in errors
    assert (", 2 processes" in errors) == (workers == 2)
