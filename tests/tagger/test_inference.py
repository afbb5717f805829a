"""Accurate mode without torch: BIO encoding/decoding, windows, linking, logits to claims."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportedly.evaluation.polnear_data import GoldRelation
from reportedly.pipeline import Analyzer
from reportedly.tagger.labels import B, I, O, decode, encode, outermost
from reportedly.tagger.link import link


def _offsets(text: str) -> list[tuple[int, int]]:
    """Word offsets by white space, standing in for word pieces."""
    out, start = [], None
    for i, ch in enumerate(text + " "):
        if ch.isspace():
            if start is not None:
                out.append((start, i))
                start = None
        elif start is None:
            start = i
    return out


def _at(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


def test_encode_marks_begin_and_inside() -> None:
    text = "The mayor said the bridge will close"
    offsets = _offsets(text)
    tags = encode(offsets, [_at(text, "The mayor")])
    assert tags == [B, I, O, O, O, O, O]


def test_round_trip_recovers_spans() -> None:
    text = "Officials said on Monday that the talks had failed , according to a memo"
    offsets = _offsets(text)
    spans = [_at(text, "the talks had failed"), _at(text, "said"), _at(text, "according to")]
    assert decode(offsets, encode(offsets, spans)) == sorted(spans)


def test_adjacent_spans_stay_apart() -> None:
    text = "aides said he lied"
    offsets = _offsets(text)
    spans = [_at(text, "aides"), _at(text, "said")]
    tags = encode(offsets, spans)
    assert tags == [B, B, O, O]
    assert decode(offsets, tags) == spans


def test_nested_fragments_collapse_to_outermost() -> None:
    assert outermost([(0, 20), (5, 9), (30, 31), (0, 20)]) == [(0, 20), (30, 31)]


def test_inside_after_outside_starts_a_span() -> None:
    offsets = [(0, 3), (4, 8), (9, 12)]
    assert decode(offsets, [O, I, I]) == [(4, 12)]


def test_link_pairs_source_and_content_with_nearest_cue() -> None:
    text = (
        "The governor said the budget was balanced. Critics argued it was not.\n"
        "A spokeswoman added:\n"
        "It will pass in May."
    )
    cues = [_at(text, "said"), _at(text, "argued"), _at(text, "added")]
    sources = [_at(text, "The governor"), _at(text, "Critics"), _at(text, "A spokeswoman")]
    contents = [
        _at(text, "the budget was balanced"),
        _at(text, "it was not"),
        _at(text, "It will pass in May."),
    ]
    rels = link(text, cues, sources, contents)
    assert rels == [
        GoldRelation(cue=(cues[0],), source=(sources[0],), content=(contents[0],)),
        GoldRelation(cue=(cues[1],), source=(sources[1],), content=(contents[1],)),
        GoldRelation(cue=(cues[2],), source=(sources[2],), content=(contents[2],)),
    ]


def test_link_drops_spans_without_a_cue() -> None:
    text = "Nobody knows.\nThe clerk said the vote was late."
    rels = link(text, [_at(text, "said")], [_at(text, "The clerk")], [_at(text, "Nobody knows")])
    assert rels == [
        GoldRelation(cue=(_at(text, "said"),), source=(_at(text, "The clerk"),), content=())
    ]


def test_link_prefers_a_cue_of_the_same_sentence() -> None:
    text = "Officials spoke, Reuters reported. “We will stay,” the mayor said."
    cues = [_at(text, "reported"), _at(text, "said")]
    quote = _at(text, "“We will stay,”")
    rels = link(text, cues, [_at(text, "Reuters"), _at(text, "the mayor")], [quote])
    assert rels[1].content == (quote,)
    assert rels[0].content == ()


def test_link_lets_a_second_cue_share_the_source_of_its_sentence() -> None:
    text = "The mayor said the bridge was safe, adding that repairs would start soon."
    cues = [_at(text, "said"), _at(text, "adding")]
    rels = link(text, cues, [_at(text, "The mayor")], [])
    assert [r.source for r in rels] == [(_at(text, "The mayor"),)] * 2


def test_link_ignores_cue_inside_its_own_content() -> None:
    text = "She said the aides told her nothing"
    cues = [_at(text, "said"), _at(text, "told")]
    content = _at(text, "the aides told her nothing")
    rels = link(text, cues, [], [content])
    assert rels[0].content == (content,)
    assert rels[1].content == ()


def test_logits_to_claims(analyzer: Analyzer) -> None:
    np = pytest.importorskip("numpy")
    from reportedly.attribution.engine import RuleBackend
    from reportedly.tagger.backend import to_drafts
    from reportedly.tagger.predict import article_spans
    from reportedly.tagger.windows import Window

    text = "Aides said “the plan is dead” on Friday"
    offsets = _offsets(text)
    window = Window(ids=[0] * (len(offsets) + 2), offsets=offsets)
    logits = np.zeros((len(offsets) + 2, 3, 3), dtype=np.float32)
    logits[:, :, O] = 1.0
    wanted = {0: [(1, B)], 1: [(2, B)], 2: [(3, B), (4, I), (5, I), (6, I)]}  # source, cue, content
    for role, marks in wanted.items():
        for piece, tag in marks:
            logits[piece, role, tag] = 5.0
    spans = article_spans(text, [window], [logits])
    assert spans == {
        "source": [_at(text, "Aides")],
        "cue": [_at(text, "said")],
        "content": [_at(text, "“the plan is dead”")],
    }
    rels = link(text, spans["cue"], spans["source"], spans["content"])
    doc = analyzer.nlp(text)
    rules = RuleBackend(analyzer.nlp)
    (claim,) = rules.claims(doc, to_drafts(doc, rels, rules.lex), backend="tagger")
    assert claim.id == "c1"
    assert claim.cues[0].text == "said"
    assert claim.source is not None and claim.source.span is not None
    assert claim.source.span.text == "Aides"
    assert [s.text for s in claim.content] == ["“the plan is dead”"]
    assert claim.form == "direct"
    assert claim.backend == "tagger"
    assert claim.source.kind == "anonymous"
    assert claim.stance == "assertion"


def test_drafts_read_the_text_once_however_many_relations(analyzer: Analyzer) -> None:
    """``Doc.text`` joins every token on each access: read per relation, a long document
    costs its length times its relations (issue 15: most of accurate mode's time at 1 MB)."""
    from spacy.tokens import Doc

    from reportedly.attribution.lexicon import lexicon
    from reportedly.relations import Relation
    from reportedly.tagger.backend import to_drafts

    class CountingDoc(Doc):
        reads = 0

        @property
        def text(self) -> str:
            type(self).reads += 1
            return str(Doc.text.__get__(self))

    sentence = "Aides said “the plan is dead” on Friday. "
    text = sentence * 50
    parsed = analyzer.nlp.make_doc(text)
    doc = CountingDoc(
        parsed.vocab, words=[t.text for t in parsed], spaces=[bool(t.whitespace_) for t in parsed]
    )
    rels = [
        Relation(
            cue=((k + 6, k + 10),),
            source=((k, k + 5),),
            content=((k + 11, k + 29),),
        )
        for k in range(0, len(text), len(sentence))
    ]
    drafts = to_drafts(doc, rels, lexicon())
    assert len(drafts) == 50 and {d.form for d in drafts} == {"direct"}
    assert CountingDoc.reads <= 1


def _tokenizer(tmp_path: Path) -> object:
    tokenizers = pytest.importorskip("tokenizers")
    from tokenizers import models, normalizers, pre_tokenizers

    words = [
        "the",
        "mayor",
        "said",
        "council",
        "will",
        "vote",
        "on",
        "it",
        ".",
        "“",
        "”",
        ",",
        "she",
        "added",
        "tuesday",
        "##s",
    ]
    vocab = {w: i for i, w in enumerate(["[PAD]", "[UNK]", "[CLS]", "[SEP]", *words])}
    tok = tokenizers.Tokenizer(models.WordPiece(vocab, unk_token="[UNK]"))
    tok.normalizer = normalizers.BertNormalizer(lowercase=True)
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    path = tmp_path / "tokenizer.json"
    tok.save(str(path))
    from reportedly.tagger.windows import load_tokenizer

    return load_tokenizer(str(path))


def test_windows_pack_paragraphs_and_label_pieces(tmp_path: Path) -> None:
    from reportedly.tagger.labels import IGNORE
    from reportedly.tagger.windows import windows

    tok = _tokenizer(tmp_path)
    text = "The mayor said the council will vote.\n\n“It will,” she added on Tuesdays."
    frags = {
        "source": [_at(text, "The mayor"), _at(text, "she")],
        "cue": [_at(text, "said"), _at(text, "added")],
        "content": [_at(text, "the council will vote"), _at(text, "“It will,”")],
    }
    one = windows(tok, text, frags, max_tokens=64)
    assert len(one) == 1
    assert one[0].labels[0][0] == IGNORE and one[0].labels[0][-1] == IGNORE
    # a small window splits at the paragraph boundary, not inside a paragraph
    two = windows(tok, text, frags, max_tokens=13)
    assert [text[w.offsets[0][0] : w.offsets[-1][1]] for w in two] == [
        "The mayor said the council will vote.",
        "“It will,” she added on Tuesdays.",
    ]
    for role, r in (("source", 0), ("cue", 1), ("content", 2)):
        got = [s for w in two for s in decode(w.offsets, w.labels[r][1:-1])]
        assert got == sorted(frags[role])


def test_long_paragraph_is_cut_after_a_sentence_end(tmp_path: Path) -> None:
    from reportedly.tagger.windows import windows

    tok = _tokenizer(tmp_path)
    text = "The mayor said it. The council will vote on it. She added it."
    parts = windows(tok, text, None, max_tokens=14)
    firsts = [text[w.offsets[0][0] : w.offsets[-1][1]] for w in parts]
    assert firsts[0] == "The mayor said it. The council will vote on it."
    (whole,) = windows(tok, text, None, max_tokens=64)
    assert [o for w in parts for o in w.offsets] == whole.offsets  # every piece once, in order


def test_viterbi_keeps_a_span_whole_over_one_doubtful_piece() -> None:
    import math

    from reportedly.tagger.labels import viterbi

    def row(o: float, b: float, i: float) -> list[float]:
        return [math.log(o), math.log(b), math.log(i)]

    scores = [row(0.1, 0.8, 0.1), row(0.1, 0.1, 0.8), row(0.5, 0.1, 0.4), row(0.1, 0.1, 0.8)]
    # per piece the third is O, which splits the span and starts the last piece with I
    assert [max(range(3), key=lambda t, r=r: r[t]) for r in scores] == [B, I, O, I]
    assert viterbi(scores) == [B, I, I, I]


def test_viterbi_never_starts_with_inside() -> None:
    import math

    from reportedly.tagger.labels import viterbi

    scores = [[math.log(p) for p in (0.2, 0.3, 0.5)], [math.log(p) for p in (0.2, 0.1, 0.7)]]
    assert viterbi(scores) == [B, I]
    assert viterbi([]) == []


def test_model_card_states_the_exported_files_figures(tmp_path: Path) -> None:
    import json

    from reportedly.training.tagger.card import card

    run, model = tmp_path / "run", tmp_path / "model"
    run.mkdir()
    model.mkdir()
    config = {"epochs": 3, "init_from": "runs/main/best.pt"}
    (run / "config.json").write_text(json.dumps(config), encoding="utf-8")

    def figs(f1: float) -> dict[str, object]:
        role = {"exact": {"f1": f1}}
        return {"source": role, "cue": role, "content": role, "relation": {"f1": f1 + 1}}

    log = [
        {"event": "step", "step": 10, "loss": 0.5},
        {"event": "epoch", "step": 10, "epoch": 1, "loss": 0.6, "dev": figs(40.0)},
        {"event": "step", "step": 20, "loss": 0.25},  # after the shipped checkpoint
    ]
    (run / "log.jsonl").write_text("".join(json.dumps(r) + "\n" for r in log), encoding="utf-8")
    (model / "tagger.json").write_text(
        json.dumps({"checkpoint": "last.pt", "steps": 10, "quantisation": {"reduce_range": True}}),
        encoding="utf-8",
    )
    result = {
        "split": "dev",
        "int8_kernels": "amx_int8",
        "model": "tagger.onnx",
        "model_bytes": 23_000_000,
        "systems": {"tagger/viterbi": figs(61.25)},
        "train_sample": {"articles": 84, "systems": {"tagger/viterbi": figs(70.0)}},
        "speed": {"words_per_cpu_s": 2100},
    }
    text = card(run, model, result)
    assert "| tagger/viterbi | 61.2 | 61.2 | 61.2 | 62.2 |" in text
    assert "last.pt, 10 optimizer steps" in text
    assert "up to the shipped checkpoint: 0.5 (step 10)" in text
    assert "23.0 MB" in text
    assert "PolNeAR dev" in text
    assert "| train, first 84 articles (tagger/viterbi) | 70.0 | 70.0 | 70.0 | 71.0 |" in text
    assert "| 10 | 1 | 0.6 | 40.0 | 40.0 | 40.0 | 41.0 |" in text
    assert "no licence stated" in text
    assert "- initialised from: runs/main/best.pt" in text
    assert "measured on a CPU with `amx_int8` int8 kernels" in text
    assert "quantised to 7 bits (`reduce_range`)" in text


def test_spans_cover_whole_words() -> None:
    from reportedly.tagger.predict import whole_words

    text = "Gazprom threatened to stop transit."
    assert whole_words(text, (0, 5)) == (0, 7)  # "Gazpr" -> "Gazprom"
    assert whole_words(text, (10, 18)) == (8, 18)  # "atened" -> "threatened"
    assert whole_words(text, (8, 18)) == (8, 18)
    assert whole_words(text, (29, 35)) == (27, 35)  # "ansit." -> "transit."


def test_reported_content_ends_before_a_closing_comma() -> None:
    from reportedly.tagger.predict import without_trailing_comma

    text = "The talks would resume, he said. “We will stay,” she said."
    assert without_trailing_comma(text, (0, 23)) == (0, 22)
    quote = (text.index("“"), text.index("”"))  # “We will stay,
    assert without_trailing_comma(text, quote) == quote


def test_neighbouring_spans_join_only_after_an_open_end() -> None:
    from reportedly.tagger.predict import join_adjacent

    text = "The council said the bill would pass. Aides agreed, mostly\nNext line"

    def at(words: str) -> tuple[int, int]:
        start = text.index(words)
        return start, start + len(words)

    bill, would = at("the bill"), at("would pass.")
    assert join_adjacent(text, [would, bill]) == [(bill[0], would[1])]
    touching = [(bill[0], bill[0] + 4), (bill[0] + 4, bill[1])]  # "the " + "bill"
    assert join_adjacent(text, touching) == [bill]
    # a finished sentence, a line break or a comma keeps neighbours apart
    assert join_adjacent(text, [at("would pass."), at("Aides agreed")]) == [
        at("would pass."),
        at("Aides agreed"),
    ]
    assert join_adjacent(text, [at("the bill would"), at("pass.")]) == [at("the bill would pass.")]
    assert join_adjacent(text, [at("Aides agreed"), at("mostly")]) == [
        at("Aides agreed"),
        at("mostly"),
    ]
    assert join_adjacent(text, [at("mostly"), at("Next line")]) == [
        at("mostly"),
        at("Next line"),
    ]


def test_int8_kernel_family_is_read_off_the_cpu_flags(tmp_path: Path) -> None:
    from reportedly.training.tagger.evaluate import int8_kernels

    amd = tmp_path / "amd"
    amd.write_text("processor\t: 0\nflags\t\t: fpu sse2 avx avx2 fma\n")
    intel = tmp_path / "intel"
    intel.write_text("processor\t: 0\nflags\t\t: fpu avx2 avx512f avx512_vnni amx_int8\n")
    assert int8_kernels(amd) == "avx2"
    assert int8_kernels(intel) == "amx_int8"
    assert int8_kernels(tmp_path / "missing") == "other"
