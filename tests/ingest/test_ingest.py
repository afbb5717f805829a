"""Ingest: decoding, formats, directories, stdin; each bad input is one clear error."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from fixtures.hostile import GOOD, POLISH

from reportedly.ingest import DocumentSkipped, IngestOptions, InputItem, iter_inputs
from reportedly.ingest.decoding import decode_bytes, encoding_warning
from reportedly.ingest.language import non_english_reason
from reportedly.model import DocumentError

TEXT = "The ministry said that 30 ships were waiting."


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + "Café “open”".encode(), "utf-8-sig"),
        ("Café “open”".encode("utf-16"), "utf-16"),
        (b"\xfe\xff" + "Café “open”".encode("utf-16-be"), "utf-16"),
        ("Café – “open”".encode("cp1252"), "cp1252"),
        (b"caf\xe9 \x81", "latin-1"),
        ("Café".encode() + b"\xff", "utf-8+replace"),
    ],
)
def test_decoding(data: bytes, encoding: str) -> None:
    decoded = decode_bytes(data)
    assert decoded.encoding == encoding
    assert "\ufeff" not in decoded.text


def test_cp1252_fallback_is_reported() -> None:
    decoded = decode_bytes("Café – “open”".encode("cp1252"))
    assert decoded.text == "Café – “open”"
    warning = encoding_warning(decoded.encoding, decoded.text)
    assert warning is not None and "cp1252" in warning
    assert encoding_warning("utf-8", "x") is None


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"PK\x03\x04\x00\x00binary", "NUL bytes"),
        (bytes(range(1, 32)) * 10, "control characters"),
        (b"\xff\xfe" + b"\x00\xd8", "undecodable"),
    ],
)
def test_binary_and_undecodable_input_is_skipped(data: bytes, reason: str) -> None:
    with pytest.raises(DocumentSkipped, match=reason):
        decode_bytes(data)


def test_language_check() -> None:
    assert non_english_reason(" ".join(GOOD)) is None
    assert non_english_reason("Grain talks stall as ships wait") is None
    reason = non_english_reason(POLISH)
    assert reason is not None and reason.startswith("not English")
    cyrillic = non_english_reason("Правительство заявило во вторник, что переговоры зашли в тупик.")
    assert cyrillic is not None and "Latin" in cyrillic


def items(tmp_path: Path, **kwargs: object) -> list[InputItem | DocumentError]:
    return list(iter_inputs([str(tmp_path)], IngestOptions(**kwargs)))  # type: ignore[arg-type]


def test_directories_are_read_recursively_in_order_skipping_hidden(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.txt").write_text(GOOD[1], encoding="utf-8")
    (tmp_path / "a.txt").write_text(GOOD[0], encoding="utf-8")
    (tmp_path / ".hidden").write_text("x", encoding="utf-8")
    got = items(tmp_path)
    assert [Path(i.origin).name for i in got] == ["a.txt", "two.txt"]


def test_jsonl_lines_carry_metadata_and_malformed_lines_fail_alone(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(
        json.dumps({"text": GOOD[0], "title": "T", "published": "2023-07-12", "id": 7})
        + "\n\n{not json\n"
        + json.dumps({"text": GOOD[1], "outlet": "Wire", "url": "https://example.org/a"})
        + "\n",
        encoding="utf-8",
    )
    first, bad, last = items(tmp_path)
    assert isinstance(first, InputItem) and first.origin.endswith("in.jsonl:line 1")
    assert first.metadata == {"title": "T", "published": "2023-07-12", "doc_id": "7"}
    assert isinstance(bad, DocumentError) and bad.status == "failed"
    assert bad.origin.endswith("in.jsonl:line 3") and "malformed JSON line" in bad.reason
    assert isinstance(last, InputItem) and last.metadata["outlet"] == "Wire"


def test_json_file_holds_one_article_or_a_list(tmp_path: Path) -> None:
    (tmp_path / "one.json").write_text(json.dumps({"text": GOOD[0]}), encoding="utf-8")
    (tmp_path / "two.json").write_text(
        json.dumps([{"text": GOOD[1]}, {"text": 5}]), encoding="utf-8"
    )
    one, two_a, two_b = items(tmp_path)
    assert isinstance(one, InputItem) and one.input_format == "json"
    assert isinstance(two_a, InputItem) and two_a.origin.endswith("two.json:item 1")
    assert isinstance(two_b, DocumentError) and "'text' must be a string" in two_b.reason


def test_html_main_text_and_metadata(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(
        "<html><head><title>Ships wait | Example Wire</title>"
        '<meta name="author" content="Jane Roe">'
        '<meta property="article:published_time" content="2023-07-12"></head>'
        "<body><nav>Home World Sport</nav><article><h1>Ships wait</h1>"
        f"<p>{GOOD[0]}</p><p>{GOOD[1]}</p></article><footer>Contact</footer></body></html>",
        encoding="utf-8",
    )
    (item,) = items(tmp_path)
    assert isinstance(item, InputItem) and item.input_format == "html"
    assert "grain loading had resumed" in item.text and "Home World Sport" not in item.text
    assert item.metadata["author"] == "Jane Roe"
    assert item.metadata["published"] == "2023-07-12"
    assert item.metadata["title"].startswith("Ships wait")


def test_html_that_shows_no_text_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "x.html").write_text("<html><head></head><body></body></html>", encoding="utf-8")
    (error,) = items(tmp_path)
    assert isinstance(error, DocumentError) and error.status == "skipped"
    assert error.reason == "HTML page shows no text"


def test_over_size_file_is_skipped_without_reading_it(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_text("word " * 100, encoding="utf-8")
    (error,) = items(tmp_path, max_chars=100)
    assert isinstance(error, DocumentError) and error.status == "skipped"
    assert "500 bytes, over the limit of 100 characters" in error.reason


def test_stdin_text_and_jsonl() -> None:
    (text,) = iter_inputs(["-"], stdin=io.BufferedReader(io.BytesIO(GOOD[0].encode())))  # type: ignore[arg-type]
    assert isinstance(text, InputItem) and text.origin == "stdin" and text.text == GOOD[0]
    stream = io.BufferedReader(io.BytesIO(b'{"text": "One."}\n{"text": "Two."}\n'))  # type: ignore[arg-type]
    got = list(iter_inputs(["-"], stdin=stream))
    assert [i.origin for i in got] == ["stdin:line 1", "stdin:line 2"]


def test_stdin_json_array() -> None:
    data = json.dumps([{"text": GOOD[0]}, {"text": GOOD[1]}]).encode()
    got = list(iter_inputs(["-"], stdin=io.BufferedReader(io.BytesIO(data))))  # type: ignore[arg-type]
    assert [i.origin for i in got] == ["stdin:item 1", "stdin:item 2"]


def test_a_reader_crash_costs_one_input_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reportedly.ingest import sources

    def explode(markup: str) -> tuple[str, dict[str, str]]:
        raise KeyError("parser bug")

    monkeypatch.setattr(sources, "extract_html", explode)
    (tmp_path / "a.html").write_text("<html><body><p>x</p></body></html>", encoding="utf-8")
    (tmp_path / "b.txt").write_text(GOOD[0], encoding="utf-8")
    error, item = items(tmp_path)
    assert isinstance(error, DocumentError) and error.status == "failed"
    assert "KeyError" in error.reason and error.origin.endswith("a.html")
    assert isinstance(item, InputItem) and item.text == GOOD[0]


PAGE = (
    "<html><head><title>Port &amp; ships</title><script>var x = '<p>no</p>';</script>"
    "<style>p {color: red}</style></head><body><ul><li>Ships</li><li>Port</li></ul>"
    "<table><tr><td>Loading resumed</td></tr></table><br>After<hr/>noon</body></html>"
)


@pytest.mark.parametrize(
    ("extraction", "problem"),
    [
        (lambda *a, **k: None, "no main text found"),
        (
            lambda *a, **k: (_ for _ in ()).throw(ValueError("bad tree")),
            "main-text extraction failed (ValueError: bad tree)",
        ),
    ],
)
def test_html_without_main_text_falls_back_to_the_visible_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extraction: object, problem: str
) -> None:
    import trafilatura

    monkeypatch.setattr(trafilatura, "bare_extraction", extraction)
    (tmp_path / "x.html").write_text(PAGE, encoding="utf-8")
    (item,) = items(tmp_path)
    assert isinstance(item, InputItem) and item.input_format == "html"
    assert item.text == "Ships\nPort\nLoading resumed\nAfter\nnoon"
    assert item.metadata == {"title": "Port & ships"}
    assert item.warnings == [f"HTML: {problem}; the page's visible text was analysed instead"]


def test_deeply_nested_truncated_and_script_only_pages_are_read(tmp_path: Path) -> None:
    depth = 20_000
    nested = "<html><body>" + "<div>" * depth + f"<p>{GOOD[0]}</p>" + "</div>" * depth
    (tmp_path / "a-nested.html").write_text(nested + "</body></html>", encoding="utf-8")
    cut = f"<html><body><article><p>{GOOD[1]}</p><p>{GOOD[2]}</p>"
    (tmp_path / "b-truncated.html").write_text(cut[: len(cut) - 30], encoding="utf-8")
    (tmp_path / "c-script.html").write_text(
        "<html><head><script>document.write('x')</script></head><body><script>"
        "var a = 1;</script></body></html>",
        encoding="utf-8",
    )
    declared = "<html><head><meta charset='iso-8859-1'></head><body><p>Caf\xe9 owners said "
    (tmp_path / "d-latin1.html").write_bytes(
        (declared + GOOD[3] + "</p></body></html>").encode("latin-1")
    )
    nested_item, truncated, script, latin1 = items(tmp_path)
    assert isinstance(nested_item, InputItem) and GOOD[0] in nested_item.text
    assert isinstance(truncated, InputItem) and GOOD[1] in truncated.text
    assert isinstance(script, DocumentError) and script.reason == "HTML page shows no text"
    assert isinstance(latin1, InputItem) and "Café owners said" in latin1.text
