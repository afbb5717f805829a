"""Inference with onnxruntime and tokenizers only (no torch): the ``tagger`` attribution
backend, producing the same ``Claim`` records as the rule backend.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reportedly import resources
from reportedly.model import Claim, ScareQuote
from reportedly.ranges import RangeIndex
from reportedly.relations import Relation
from reportedly.tagger.labels import ROLES
from reportedly.tagger.predict import QUOTE_OPENERS, Spans, article_spans, relations
from reportedly.tagger.windows import MAX_TOKENS, Window, load_tokenizer, windows

if TYPE_CHECKING:  # the rule engine imports spaCy matchers; only its types are needed here
    from spacy.tokens import Doc

    from reportedly.attribution.drafts import Draft
    from reportedly.attribution.engine import RuleBackend
    from reportedly.attribution.lexicon import Lexicon

_BATCH = 8
#: Where the package keeps its trained tagger (``tagger.onnx`` and the files beside it).
SHIPPED = "models/attribution-tagger"
#: The shape of ``tagger.json`` (written by ``training.tagger.export``).
META_SCHEMA: resources.Schema = {"roles": list, "tags": list}
META_OPTIONAL: resources.Schema = {"max_tokens": int, "format": str, "steps": int, "date": str}


class AccurateModeUnavailable(RuntimeError):
    """Accurate mode was asked for but cannot run here (missing extra or model files)."""


def check_available(folder: Path, file: str = "tagger.onnx") -> None:
    """Raise ``AccurateModeUnavailable`` unless the runtime and the model files are there;
    cheap: nothing is loaded."""
    import importlib.util

    for module in ("onnxruntime", "tokenizers"):
        if importlib.util.find_spec(module) is None:
            raise AccurateModeUnavailable(
                f"accurate mode needs onnxruntime and tokenizers ({module} is missing): "
                "pip install 'reportedly[accurate]'"
            )
    missing = [n for n in (file, "tokenizer.json", "tagger.json") if not (folder / n).is_file()]
    if missing:
        raise AccurateModeUnavailable(
            f"no trained tagger at {folder} (missing {', '.join(missing)})"
        )


def shipped_model() -> Path:
    """The tagger folder inside the installed package."""
    return Path(__file__).resolve().parent.parent / SHIPPED


def metadata(folder: Path) -> dict[str, Any]:
    """``tagger.json`` in ``folder``, its shape checked (``resources.ResourceError`` naming the
    file if not)."""
    meta: dict[str, Any] = resources.load_model_json(
        "tagger.json", META_SCHEMA, root=folder, optional=META_OPTIONAL
    )
    return meta


def model_name(folder: Path) -> str:
    """What a report names as the model: format, training steps and export date."""
    meta = metadata(folder)
    name = str(meta.get("format", "reportedly-tagger"))
    if meta.get("steps"):
        name += f", {meta['steps']} steps"
    if meta.get("date"):
        name += f", exported {meta['date']}"
    return name


class OnnxTagger:
    """The exported tagger in ``folder`` (``tagger.onnx``, ``tokenizer.json``, ``tagger.json``)."""

    def __init__(
        self, folder: Path, threads: int = 1, file: str = "tagger.onnx", decoding: str = "viterbi"
    ) -> None:
        check_available(folder, file)
        import onnxruntime as ort

        self.decoding = decoding
        meta = metadata(folder)
        if tuple(meta["roles"]) != ROLES:
            raise ValueError(f"tagger roles {meta['roles']} differ from {ROLES}")
        self.max_tokens = int(meta.get("max_tokens", MAX_TOKENS))
        self.tokenizer = load_tokenizer(str(folder / "tokenizer.json"))
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(
            str(folder / file), options, providers=["CPUExecutionProvider"]
        )

    def logits(self, items: Sequence[Window]) -> list[Any]:
        """One ``[pieces, role, tag]`` array per window, run in length-sorted batches."""
        import numpy as np

        order = sorted(range(len(items)), key=lambda i: len(items[i].ids))
        out: list[Any] = [None] * len(items)
        for j in range(0, len(order), _BATCH):
            idx = order[j : j + _BATCH]
            width = max(len(items[i].ids) for i in idx)
            ids = np.zeros((len(idx), width), dtype=np.int64)
            mask = np.zeros((len(idx), width), dtype=np.int64)
            for k, i in enumerate(idx):
                n = len(items[i].ids)
                ids[k, :n] = items[i].ids
                mask[k, :n] = 1
            (result,) = self.session.run(["logits"], {"input_ids": ids, "attention_mask": mask})
            for k, i in enumerate(idx):
                out[i] = result[k, : len(items[i].ids)]
        return out

    def spans(self, text: str) -> Spans:
        wins = windows(self.tokenizer, text, None, self.max_tokens)
        return article_spans(text, wins, self.logits(wins), self.decoding)

    def relations(self, text: str) -> list[Relation]:
        return relations(text, self.spans(text))


def to_drafts(doc: Doc, rels: Sequence[Relation], lex: Lexicon) -> list[Draft]:
    """The tagger's cued relations as rule-engine drafts, so that sources are read, resolved
    and chained, and stances looked up, exactly as for the rules; the tagger's spans are kept
    as written."""
    from reportedly.attribution.drafts import Draft

    text = doc.text  # a property that joins every token: read it once, not once per relation
    drafts = []
    for rel in rels:
        if not rel.cue:
            continue
        cue = doc.char_span(*rel.cue[0], alignment_mode="expand")
        if cue is None:
            continue
        head = cue.root
        source = None
        if rel.source:
            written = doc.char_span(*rel.source[0], alignment_mode="expand")
            source = (written.start, written.end - 1) if written is not None else None
        content = sorted(rel.content)
        quoted = bool(content) and all(text[a] in QUOTE_OPENERS for a, _ in content)
        verb = lex.cues.get(head.lemma_.lower())
        drafts.append(
            Draft(
                head,
                list(rel.cue),
                source,
                content,
                form="direct" if quoted else "indirect",
                stance=verb.stance if verb is not None else "assertion",
                source_chars=rel.source[0] if source is not None else None,
            )
        )
    return sorted(drafts, key=lambda d: d.start)


class TaggerBackend:
    """``AttributionBackend`` over the exported tagger. The tagger finds cue, source and
    content spans; the rule engine reads the sources (kind, role, name, resolution, chains) and
    finds scare quotes outside the tagger's contents."""

    name = "tagger"

    def __init__(self, folder: Path, rules: RuleBackend, threads: int = 1) -> None:
        self.tagger = OnnxTagger(folder, threads)
        self.rules = rules

    def extract(self, doc: Doc) -> tuple[list[Claim], list[ScareQuote]]:
        from reportedly.attribution.engine import scare_quotes
        from reportedly.attribution.layout import layout_drafts
        from reportedly.attribution.quotes import find_quotes
        from reportedly.attribution.spans import doc_text, forget

        forget(doc)
        text = doc_text(doc)
        quotes = find_quotes(text)
        drafts = to_drafts(doc, self.tagger.relations(text), self.rules.lex)
        # Transcript turns and sign-offs are made by the page layout, which the tagger's
        # windows do not see: the rules' readings join where the tagger found nothing.
        taken = RangeIndex((a, b, None) for d in drafts for a, b in (*d.cues, *d.content))
        for draft in layout_drafts(doc, self.rules.lex, quotes):
            if not any(taken.overlapping(*s) for s in (*draft.cues, *draft.content)):
                draft.engine = self.rules.name
                drafts.append(draft)
        drafts.sort(key=lambda d: d.start)
        claims = self.rules.claims(doc, drafts, backend=self.name)
        return claims, scare_quotes(doc, quotes, claims)


def use_tagger(nlp: Any, folder: Path, threads: int = 1) -> None:
    """Swap the attribution stage of a loaded pipeline to the tagger in ``folder``."""
    from reportedly.attribution.engine import RuleBackend

    stage = nlp.get_pipe("reportedly_attribution")
    stage.backend = TaggerBackend(folder, RuleBackend(nlp), threads)
    stage.model = model_name(folder)
