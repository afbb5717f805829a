"""`reportedly eval ecb` and its scorer: textbook coreference scores, the ECB+ reader on
project-written files, and the whole command on a tiny corpus of the same shape."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reportedly.cli import app
from reportedly.evaluation import coref_metrics as cm
from reportedly.evaluation.ecb_data import (
    read_conll_clusters,
    read_conll_key,
    read_document,
    read_mentions,
    rebuild,
    write_conll,
)

runner = CliRunner()

# Pradhan et al. 2014's example: key {a b c} {d e f g}; response {a b} {c d} {f g h i}.
KEY = {"a": 1, "b": 1, "c": 1, "d": 2, "e": 2, "f": 2, "g": 2}
RESPONSE = {"a": 1, "b": 1, "c": 2, "d": 2, "f": 3, "g": 3, "h": 3, "i": 3}


def test_muc_counts_links() -> None:
    # recall: (3 - 2) + (4 - 3) links kept of 2 + 3; precision: 1 + 0 + 1 of 1 + 1 + 3
    score = cm.muc(KEY, RESPONSE)
    assert score.recall == pytest.approx(2 / 5)
    assert score.precision == pytest.approx(2 / 5)
    # Vilain et al.: key {A B C D}, response {A B} {C D}: recall 2/3, precision 1
    split = cm.muc({x: 1 for x in "ABCD"}, {"A": 1, "B": 1, "C": 2, "D": 2})
    assert (split.recall, split.precision) == (pytest.approx(2 / 3), 1.0)


def test_b_cubed_per_mention() -> None:
    score = cm.b_cubed(KEY, RESPONSE)
    # recall: (4/3 + 1/3 + 1/4 + 4/4) / 7 (e is missing from the response: 0)
    assert score.recall == pytest.approx((4 / 3 + 1 / 3 + 1 / 4 + 1) / 7)
    # precision: (4/2 + 1/2 + 1/2 + 4/4) / 8 (h and i are not in the key: 0)
    assert score.precision == pytest.approx(4 / 8)


def test_ceaf_e_aligns_clusters_one_to_one() -> None:
    # phi4: {abc}~{ab} 0.8, {defg}~{fghi} 0.5 is the best alignment: 1.3
    score = cm.ceaf_e(KEY, RESPONSE)
    assert score.recall == pytest.approx(1.3 / 2)
    assert score.precision == pytest.approx(1.3 / 3)


def test_conll_is_the_mean_and_identity_scores_100() -> None:
    result = cm.conll(KEY, RESPONSE)
    mean = (result["MUC"]["F1"] + result["B3"]["F1"] + result["CEAF-e"]["F1"]) / 3
    assert result["CoNLL"]["F1"] == pytest.approx(mean, abs=0.01)
    same = cm.conll(KEY, KEY)
    assert all(v["F1"] == 100.0 for v in same.values())


def test_adjusted_rand() -> None:
    assert cm.adjusted_rand(KEY, KEY) == 1.0
    # relabelled clusters are the same clustering
    assert cm.adjusted_rand(KEY, {m: -c for m, c in KEY.items()}) == 1.0
    # textbook: [0 0 1 1] vs [0 0 1 2] -> 0.5714...
    key = dict(zip("wxyz", [0, 0, 1, 1], strict=True))
    response = dict(zip("wxyz", [0, 0, 1, 2], strict=True))
    assert cm.adjusted_rand(key, response) == pytest.approx(4 / 7)


def test_rebuild_keeps_token_offsets() -> None:
    tokens = [(0, 0, "He"), (0, 1, "said"), (0, 2, "``"), (0, 3, "no"), (0, 4, "''"),
              (0, 5, "."), (1, 0, "It"), (1, 1, "'s"), (1, 2, "over")]  # fmt: skip
    text, spans, sentences = rebuild(tokens)
    assert text == 'He said "no".\nIt\'s over'
    for sentence, number, token in tokens:
        start, end = spans[(sentence, number)]
        assert text[start:end] == token.replace("``", '"').replace("''", '"')
    assert text[slice(*sentences[1])] == "It's over"


# -- a tiny corpus of the ECB+ shape, written here ---------------------------------------

ARTICLES = {
    "2_1ecb.xml": ["Flood waters forced villagers to evacuate Tarnby on Monday .",
                   "The flood destroyed the old bridge ."],
    "2_2ecb.xml": ["Villagers evacuated Tarnby as flood waters rose .",
                   "Officials said the flood was the worst in decades ."],
    "2_1ecbplus.xml": ["http : / / example . org / mine",
                       "A mine collapse trapped twelve miners near Orsk .",
                       "Rescuers reached the miners after the collapse ."],
}  # fmt: skip
#: (doc, xml sentence, token numbers, chain); ecbplus sentences count from the second.
MENTIONS = [
    ("2_1ecb.xml", 0, [0], "FLOOD"),
    ("2_1ecb.xml", 0, [5], "EVAC"),
    ("2_1ecb.xml", 1, [1], "FLOOD"),
    ("2_2ecb.xml", 0, [1], "EVAC"),
    ("2_2ecb.xml", 0, [4], "FLOOD"),
    ("2_2ecb.xml", 1, [3], "FLOOD"),
    ("2_1ecbplus.xml", 1, [2], "MINE"),
    ("2_1ecbplus.xml", 2, [7], "MINE"),
]


def _write_corpus(root: Path) -> Path:
    for name, sentences in ARTICLES.items():
        folder = root / "xml" / "2"
        folder.mkdir(parents=True, exist_ok=True)
        lines, t_id = [f'<Document doc_name="{name}" doc_id="X">'], 1
        for s, sentence in enumerate(sentences):
            for n, token in enumerate(sentence.split()):
                lines.append(f'<token t_id="{t_id}" sentence="{s}" number="{n}">{token}</token>')
                t_id += 1
        lines.append("</Document>")
        (folder / name).write_text("\n".join(lines), encoding="utf-8")
    rows = []
    for doc, sentence, numbers, chain in MENTIONS:
        words = ARTICLES[doc][sentence].split()
        listed = sentence - 1 if doc.endswith("ecbplus.xml") else sentence
        rows.append(
            {
                "doc_id": doc,
                "mention_id": f"{doc}_{listed}_" + "_".join(map(str, numbers)),
                "sent_id": listed,
                "tokens_number": numbers,
                "tokens_str": " ".join(words[n] for n in numbers),
                "mention_head": words[numbers[0]],
                "coref_chain": chain,
                "topic_id": "2" + doc.split("_")[1].lstrip("0123456789").removesuffix(".xml"),
            }
        )
    (root / "mentions").mkdir()
    with gzip.open(root / "mentions" / "dev.Event_gold_mentions.json.gz", "wt") as handle:
        json.dump(rows, handle)
    (root / "keys").mkdir()
    numbers = {c: n for n, c in enumerate(dict.fromkeys(m[3] for m in MENTIONS), 1)}
    write_conll(root / "keys" / "CD_dev_event_mention_dataset.txt",
                [numbers[m[3]] for m in MENTIONS])  # fmt: skip
    return root


def test_reader_lays_mentions_on_the_rebuilt_text(tmp_path: Path) -> None:
    root = _write_corpus(tmp_path)
    mentions = read_mentions(root / "mentions" / "dev.Event_gold_mentions.json.gz")
    plus = read_document(root / "xml" / "2" / "2_1ecbplus.xml")
    assert plus.seminal == "2ecbplus"
    collapse = next(m for m in mentions if m.doc == "2_1ecbplus.xml")
    start, end = plus.tokens[(collapse.sentence, collapse.tokens[0])]
    assert plus.text[start:end] == "collapse"
    key = read_conll_key(root / "keys" / "CD_dev_event_mention_dataset.txt")
    assert key == [[1], [2], [1], [2], [1], [1], [3], [3]]
    assert read_conll_clusters(root / "keys" / "CD_dev_event_mention_dataset.txt") == [
        k[0] for k in key
    ]


def test_command_scores_stories_and_coreference(tmp_path: Path) -> None:
    root = _write_corpus(tmp_path / "ecb")
    out = tmp_path / "response.conll"
    result = runner.invoke(
        app,
        ["eval", "ecb", "--data", str(root), "--format", "json", "--response", str(out)],
    )
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert figures["documents"] == 3 and figures["mentions"] == len(MENTIONS)
    assert figures["stories"]["gold_seminal_events"] == 2
    assert figures["key_check"]["same_clusters_as_json"] is True
    assert figures["key_check"]["key_vs_itself_CoNLL"] == 100.0
    coref = figures["event_coreference"]
    assert set(coref) == {"predicted_stories", "gold_topics"}
    for systems in coref.values():
        assert set(systems) == {"product", "same_lemma_baseline"}
        assert 0 < systems["product"]["CoNLL"]["F1"] <= 100
    assert len(read_conll_clusters(out)) == len(MENTIONS)


def test_bad_split_is_refused(tmp_path: Path) -> None:
    result = runner.invoke(app, ["eval", "ecb", "--data", str(tmp_path), "--split", "test"])
    assert result.exit_code != 0


def test_dev_key_matches_the_json_mentions(shared: Path) -> None:
    """On the real corpus (skipped without ../shared): the key's clusters are the JSON's."""
    from reportedly.evaluation.ecb import key_check

    data = shared / "corpora" / "ecbplus"
    if not data.is_dir():
        pytest.skip("ECB+ not in ../shared")
    mentions = read_mentions(data / "mentions" / "dev.Event_gold_mentions.json.gz")
    check = key_check(data, "dev", mentions, None)
    assert check["same_clusters_as_json"] is True
    assert check["key_vs_itself_CoNLL"] == 100.0
