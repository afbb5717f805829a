"""Finding attributions on the parse: cue verbs, "according to" phrases and colon lead-ins.

Each finder returns ``Draft`` records; ``content.py`` then widens their content to whole
quotations. The cue span follows the PolNeAR convention, which also reads well: the verb with
its auxiliaries, negation and adverbs ("has also said", "did not deny"), a particle
("pointed out"), and "in a statement"-style phrases.
"""

from __future__ import annotations

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Token

from reportedly.attribution.drafts import Draft
from reportedly.attribution.frames import (
    continues_content,
    infinitive_over_object,
    is_addressee,
    is_manner,
    to_infinitive_after,
)
from reportedly.attribution.lexicon import CueVerb, Lexicon
from reportedly.attribution.spans import TokRange, chars, doc_text, subtree_range, trim

CONTENT_DEPS = ("ccomp", "xcomp", "dobj", "prep", "oprd", "dative", "attr", "acomp")
SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
_ADVERB_SKIP = {
    "when", "where", "however", "so", "instead", "even", "why", "how",
    "thus", "therefore", "meanwhile", "also,", "again", "once", "as", "while",
}  # fmt: skip
_INHERIT_SUBJECT = ("conj", "advcl", "xcomp", "acl", "pcomp")


def verb_drafts(doc: Doc, lex: Lexicon) -> list[Draft]:
    """Every verb whose lemma is a cue and which has something that can be its content."""
    drafts = []
    for token in doc:
        if token.pos_ not in ("VERB", "AUX"):
            continue
        pair = _prep_cue(doc, token, lex)
        if pair is not None:
            drafts.append(pair)
            continue
        cue = lex.cues.get(token.lemma_.lower())
        if cue is None or (token.pos_ == "AUX" and token.lemma_.lower() in ("be", "have", "do")):
            continue
        draft = _verb_draft(doc, token, cue, lex)
        if draft is not None:
            drafts.append(draft)
    return drafts


def _prep_cue(doc: Doc, verb: Token, lex: Lexicon) -> Draft | None:
    """'talk about X', 'call for X', 'point to X': verb + preposition is the cue, X the content."""
    nxt = verb.i + 1
    if nxt >= len(doc) or doc[nxt].head.i != verb.i or doc[nxt].dep_ != "prep":
        return None
    cue = lex.cues.get(f"{verb.lemma_.lower()} {doc[nxt].lower_}")
    objects = [c for c in doc[nxt].children if c.dep_ == "pobj"]
    if cue is None or not objects:
        return None
    content = trim(doc, subtree_range(objects[0]))
    if content is None:
        return None
    # "calling on the West to send more air defence": the infinitive says what was asked.
    clause = to_infinitive_after(verb, objects[0])
    tail = trim(doc, subtree_range(clause)) if clause is not None else None
    if tail is not None:
        content = (content[0], max(content[1], tail[1]))
    left = cue_range(doc, verb, lex)[0]
    return Draft(
        head=verb,
        cues=[chars(doc, (left, nxt))],
        source=source_of(verb),
        content=[chars(doc, content)],
        stance=cue.stance,
    )


def _verb_draft(doc: Doc, verb: Token, cue: CueVerb, lex: Lexicon) -> Draft | None:
    source = source_of(verb)
    skip = [s for s in verb.children if s.dep_ in SUBJECT_DEPS or s.dep_ == "agent"]
    kids = [
        c
        for c in verb.children
        if c.dep_ in cue.frames
        and c.dep_ in CONTENT_DEPS
        and not _is_cue_extension(c, lex)
        and not is_manner(c, lex)
        and not is_addressee(c, verb, lex)
        and (c.dep_ != "prep" or c.i > verb.i)
    ]
    kids = infinitive_over_object(verb, kids, lex)
    kids += _statement_clauses(verb, lex)
    content: list[tuple[int, int]] = []
    link: Token | None = None
    if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in lex.cues:
        return None  # "decided to recognize": the outer verb is the cue
    if (
        verb.dep_ in ("advcl", "conj")
        and verb.i < verb.head.i
        and not _own_subject(verb)
        and (verb.tag_ == "VBG" or any(c.dep_ == "aux" for c in verb.children))
    ):
        return None  # "Having announced X, Putin ...": an opener, not a report
    trailing = _trailing_content(doc, verb, source)
    if trailing is not None:
        content.append(chars(doc, trailing))
    elif (link := _cue_preposition(doc, verb, kids, lex)) is not None:
        # "railed against X", "was lambasted as X": PolNeAR puts the preposition in the cue.
        rng = trim(doc, subtree_range(next(c for c in link.children if c.dep_ == "pobj")))
        if rng is not None:
            content.append(chars(doc, rng))
    elif kids:
        cut = [v for c in kids for v in _coordinated_cues(c, verb, lex)]
        left = min(subtree_range(c, skip=cut)[0] for c in kids)
        right = max(subtree_range(c, skip=cut)[1] for c in kids)
        if left < verb.i < right:
            # "X, he said, Y": the content runs on both sides of the cue clause.
            region = _cue_region(doc, verb, source, kids)
            pieces = [(left, region[0] - 1), (region[1] + 1, right)]
        else:
            pieces = [(left, right)]
        for piece in pieces:
            rng = trim(doc, piece) if piece[0] <= piece[1] else None
            if rng is not None and not (rng[0] == rng[1] and doc[rng[0]].tag_ in ("WDT", "WP")):
                content.append(chars(doc, rng))
    elif verb.dep_ in ("parataxis", "ccomp", "advcl") and _has_comma_before(doc, verb):
        # "..., the sources say" / "X, he said, Y": the clause the verb hangs on was said.
        head = verb.head
        pieces = [
            (head.left_edge.i, verb.left_edge.i - 1),
            (verb.right_edge.i + 1, head.right_edge.i),
        ]
        for piece in pieces:
            rng = trim(doc, piece) if piece[0] <= piece[1] else None
            if rng is not None:
                content.append(chars(doc, rng))
    cue_end = cue_range(doc, verb, lex)
    if link is not None:
        cue_end = (cue_end[0], link.i)
    if not content and not kids:
        # "warned against X", "argued for X": the preposition joins the cue.
        nxt = cue_end[1] + 1
        if nxt < len(doc) and doc[nxt].head.i == verb.i and doc[nxt].dep_ == "prep":
            objects = [c for c in doc[nxt].children if c.dep_ in ("pobj", "pcomp")]
            rng = trim(doc, subtree_range(objects[0])) if objects else None
            if rng is not None and doc[nxt].lower_ in lex.set("cue_prepositions"):
                content.append(chars(doc, rng))
                cue_end = (cue_end[0], nxt)
    if not content and "quote" not in cue.frames and not _next_is_colon(doc, verb):
        return None
    del skip
    return Draft(
        head=verb,
        cues=[chars(doc, cue_end)],
        source=source,
        content=content,
        stance=cue.stance,
    )


def _coordinated_cues(token: Token, verb: Token, lex: Lexicon) -> list[Token]:
    """'says the response was X and says he ...': a coordinated cue with its own subject is a
    sibling claim, so it is cut out of the first claim's content."""
    out = []
    for child in token.subtree:
        if child.i == token.i or child.lemma_.lower() not in lex.cues:
            continue
        before = child.doc[child.left_edge.i - 1] if child.left_edge.i > 0 else None
        participle = (
            child.dep_ == "advcl"
            and child.tag_ == "VBG"
            and before is not None
            and before.text in (",", "—", "–", "--")
        )
        if (child.dep_ == "conj" and not continues_content(child, verb)) or participle:
            cc = [c for c in child.head.children if c.dep_ == "cc" and c.i < child.left_edge.i]
            out.extend([*cc, child])
    return out


def _cue_region(doc: Doc, verb: Token, source: TokRange | None, kids: list[Token]) -> TokRange:
    """The cue verb with its subject and its own modifiers, without the content."""
    inside = {t.i for k in kids for t in k.subtree}
    left = right = verb.i
    if source is not None and abs(source[0] - verb.i) < 12:
        left, right = min(left, source[0]), max(right, source[1])
    for child in verb.children:
        if child.i not in inside and not child.is_punct:
            left = min(left, child.left_edge.i) if child.i < verb.i else left
            right = max(right, child.right_edge.i) if child.i > verb.i else right
    return left, right


def _own_subject(verb: Token) -> bool:
    return any(c.dep_ in SUBJECT_DEPS for c in verb.children)


def _trailing_content(doc: Doc, verb: Token, source: TokRange | None) -> TokRange | None:
    """'CONTENT, adviser Jake Sullivan said on Sunday.' / 'CONTENT, reports Bloomberg ...':
    a cue clause closing the sentence after a comma says everything before the comma."""
    sent = verb.sent
    start = verb.i if source is None else min(verb.i, source[0])
    while start - 1 > sent.start and doc[start - 1].dep_ in ("aux", "neg", "advmod", "auxpass"):
        start -= 1
    if start - 1 <= sent.start or doc[start - 1].text not in (",", "”", '"'):
        return None
    if source is None or source[0] < start - 1:
        return None
    if any(c.i > verb.i and c.dep_ in ("ccomp", "xcomp", "dobj", "dative") for c in verb.children):
        return None
    subtree = {t.i for t in verb.subtree}
    if any(
        t.i not in subtree and not t.is_punct and not t.is_space for t in doc[verb.i : sent.end]
    ):
        return None
    return trim(doc, (sent.start, start - 2 if doc[start - 1].text == "," else start - 1))


def _has_comma_before(doc: Doc, verb: Token) -> bool:
    left = verb.left_edge.i
    marks = {",", "”", '"', "—", "–", "''"}
    return doc[left].text in marks or (left > 0 and doc[left - 1].text in marks)


def _next_is_colon(doc: Doc, verb: Token) -> bool:
    nxt = verb.i + 1
    return nxt < len(doc) and doc[nxt].text == ":"


def _is_cue_extension(token: Token, lex: Lexicon) -> bool:
    """'in a statement' after 'said' belongs to the cue, not the content."""
    if token.dep_ != "prep" or token.lower_ not in ("in", "on", "at", "during", "via"):
        return False
    objects = [c for c in token.children if c.dep_ == "pobj"]
    return bool(objects) and objects[0].lemma_.lower() in lex.set("cue_statement_nouns")


def _cue_preposition(doc: Doc, verb: Token, kids: list[Token], lex: Lexicon) -> Token | None:
    """The one content dependent is a preposition right after the cue: it joins the cue."""
    if len(kids) != 1 or kids[0].dep_ != "prep" or kids[0].i != cue_range(doc, verb, lex)[1] + 1:
        return None
    return kids[0] if any(c.dep_ == "pobj" for c in kids[0].children) else None


def _is_cue_adverb(token: Token, lex: Lexicon) -> bool:
    """A one-word adverb right after the cue verb ("has said repeatedly"): PolNeAR marks it
    with the cue. (Weekdays, "said Tuesday", were tried: as often in the gold cue as out.)"""
    return (
        token.dep_ == "advmod"
        and token.lower_ not in _ADVERB_SKIP
        and token.n_lefts == 0
        and token.n_rights == 0
        and token.lower_ in lex.set("cue_adverbs")
    )


def _statement_clauses(verb: Token, lex: Lexicon) -> list[Token]:
    """'said in a statement that X': the parser hangs the that-clause on 'statement'."""
    out: list[Token] = []
    for prep in verb.rights:
        if not _is_cue_extension(prep, lex):
            continue
        for noun in prep.children:
            out.extend(
                c
                for c in noun.rights
                if c.dep_ in ("acl", "ccomp", "relcl")
                and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
            )
    return out


def cue_range(doc: Doc, verb: Token, lex: Lexicon) -> TokRange:
    """The verb with adjacent auxiliaries/negation/adverbs on its left, particle and colon."""
    left = verb.i
    while left - 1 >= 0:
        prev = doc[left - 1]
        if prev.head.i == verb.i and (
            prev.dep_ in ("aux", "neg", "auxpass")
            or (prev.dep_ == "advmod" and prev.lower_ not in _ADVERB_SKIP)
        ):
            left -= 1
        else:
            break
    right = verb.i
    for child in verb.rights:
        if child.i == right + 1 and child.dep_ == "prt":
            right = child.i
        elif child.i == right + 1 and _is_cue_extension(child, lex):
            right = next(c.i for c in child.children if c.dep_ == "pobj")
        elif child.i == right + 1 and _is_cue_adverb(child, lex):
            right = child.i  # "has said repeatedly"
    if right + 1 < len(doc) and doc[right + 1].text == ":":
        right += 1
    return left, right


def source_of(verb: Token) -> TokRange | None:
    """The verb's subject (or, for "saying"/"and added", its governing verb's subject)."""
    token: Token | None = verb
    for _ in range(3):
        if token is None:
            break
        subjects = [c for c in token.children if c.dep_ in ("nsubj", "csubj")]
        agents = [
            g for c in token.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"
        ]
        if subjects or agents:
            head = subjects[0] if subjects else agents[0]
            skip = [c for c in head.children if c.i > head.i and (c.dep_ == "relcl" or _aside(c))]
            rng = trim(head.doc, subtree_range(head, skip=skip), keep_quotes=False)
            while rng is not None and rng[0] < rng[1] and head.doc[rng[0]].dep_ in ("advmod", "cc"):
                rng = (rng[0] + 1, rng[1])
            return rng
        if _aside(token) and token.tag_ == "VBG" and token.head.pos_ in ("PROPN", "NOUN"):
            # "The mayor, referring to the strike, said": the mayor referred to it.
            return trim(token.doc, subtree_range(token.head, skip=[token]), keep_quotes=False)
        if token.dep_ in _INHERIT_SUBJECT and token.head.i != token.i:
            token = token.head
        else:
            break
    return None


def _aside(token: Token) -> bool:
    """'The mayor, referring to the strike, said': a participle set off by a comma after the
    subject says what the speaker did, not who spoke (PolNeAR leaves it out of the source)."""
    doc = token.doc
    left = token.left_edge.i
    return (
        token.dep_ == "acl"
        and token.tag_ in ("VBG", "VBN")
        and left > 0
        and doc[left - 1].text == ","
    )


def according_drafts(doc: Doc, matcher: PhraseMatcher, lex: Lexicon) -> list[Draft]:
    """'According to X, CONTENT' and 'CONTENT, according to X'."""
    drafts = []
    for _, start, end in matcher(doc):
        last = doc[end - 1]
        objects = [c for c in last.children if c.dep_ == "pobj"]
        first = doc[start]
        if not objects:
            continue
        source = trim(doc, subtree_range(objects[0]), keep_quotes=False)
        own = [
            c
            for c in first.children
            if c.i > last.i and c.dep_ in ("advmod", "npadvmod", "dobj", "pobj")
        ]
        if not own and source is not None:
            own = _after_dash(doc, source[1] + 1)
        if own and source is not None:
            # "according to unofficial data – up to a million": the phrase carries its content.
            rng = trim(doc, (own[0].left_edge.i, own[-1].right_edge.i))
            if rng is not None:
                drafts.append(
                    Draft(
                        first,
                        [chars(doc, (_copula_start(doc, start), end - 1))],
                        source,
                        [chars(doc, rng)],
                        form="according_to",
                    )
                )
                continue
        # The clause the phrase modifies is the content.
        anchor = first.head if first.head.i != first.i else first
        while (
            anchor.pos_ not in ("VERB", "AUX")
            and anchor.head.i != anchor.i
            and anchor.dep_ not in ("ROOT",)
        ):
            anchor = anchor.head
        phrase = first
        rng = subtree_range(anchor, skip=[phrase]) if anchor.i != first.i else None
        if rng is not None and rng[0] <= start <= rng[1]:
            # The phrase sits inside: keep the longer side of the clause.
            before, after = (rng[0], start - 1), (phrase.right_edge.i + 1, rng[1])
            rng = after if after[1] - after[0] >= before[1] - before[0] else before
        rng = trim(doc, rng) if rng is not None and rng[0] <= rng[1] else None
        content = [chars(doc, rng)] if rng is not None else []
        drafts.append(
            Draft(
                head=first,
                cues=[chars(doc, (_copula_start(doc, start), end - 1))],
                source=source,
                content=content,
                form="according_to",
            )
        )
    return drafts


def _copula_start(doc: Doc, start: int) -> int:
    """In "That's according to X" PolNeAR puts the copula in the cue."""
    copula = start > 0 and doc[start - 1].lower_ in ("'s", "’s", "is", "was")
    return start - 1 if copula and doc[start].head.i == start - 1 else start


def _after_dash(doc: Doc, i: int) -> list[Token]:
    """'according to X – up to a million,': the words between the dash and the next comma."""
    if i >= len(doc) or doc[i].text not in ("–", "—", "-"):
        return []
    out = []
    for token in doc[i + 1 : doc[i].sent.end]:
        if token.text in (",", ";", ".") or token.dep_ == "cc":
            break
        out.append(token)
    return out


def lead_in_drafts(doc: Doc, lex: Lexicon) -> list[Draft]:
    """Headline-style lead-ins: 'Pat Caddell: Voters are worried' (name, colon, words)."""
    drafts = []
    for sent in doc.sents:
        for token in sent[:8]:
            if token.text not in (":", "—", "–") or token.i == sent.start:
                continue
            before = doc[sent.start : token.i]
            if not _is_name_phrase(before) or before.text.lower() in lex.set("not_speakers"):
                break
            headline = "\n" not in doc_text(doc)[: sent.start_char]
            named = any(e.label_ in ("PERSON", "ORG") for e in before.ents) or (
                len(before) == 1 and before[0].pos_ == "PRON"
            )
            quoted = token.i + 1 < sent.end and doc[token.i + 1].is_quote
            if not (headline or (named and quoted)):
                break
            after = trim(doc, (token.i + 1, sent.end - 1))
            if after is None or after[1] - after[0] < 2:
                break
            drafts.append(
                Draft(
                    head=token,
                    cues=[chars(doc, (token.i, token.i))],
                    source=(before.start, before.end - 1),
                    content=[chars(doc, after)],
                    form="lead_in",
                )
            )
            break
    return drafts


_NAME_POS = {"PROPN", "NOUN", "DET", "ADJ", "PART", "PRON"}


def _is_name_phrase(span: object) -> bool:
    """'Pat Caddell', 'Poll', 'NY Daily News', 'He': a capitalised noun phrase, no verb."""
    tokens = list(span)  # type: ignore[call-overload]
    return (
        0 < len(tokens) <= 6
        and tokens[0].text[:1].isupper()
        and all(t.pos_ in _NAME_POS or t.text in ("'s", "’s", ".", "-") for t in tokens)
        and any(t.pos_ in ("PROPN", "NOUN", "PRON") for t in tokens)
    )


def misparsed_drafts(doc: Doc, lex: Lexicon) -> list[Draft]:
    """'CNN sources familiar with US intelligence claim that ...' parsed with no verb: the
    tagger read 'claim' as a noun. A verbless sentence whose cue word heads a that-clause is
    read as SOURCE CUE CONTENT."""
    drafts = []
    for sent in doc.sents:
        if sent.root.pos_ not in ("NOUN", "PROPN"):
            continue
        for token in sent:
            if token.pos_ != "NOUN" or token.lower_ not in lex.cues or token.i == sent.start:
                continue
            clause = [
                c
                for c in token.children
                if c.dep_ in ("acl", "relcl", "ccomp")
                and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
            ]
            if not clause:
                continue
            content = trim(doc, (clause[0].left_edge.i, clause[0].right_edge.i))
            source = trim(doc, (sent.start, token.i - 1), keep_quotes=False)
            if content is None or source is None:
                continue
            cue = lex.cues[token.lower_]
            drafts.append(
                Draft(
                    token,
                    [chars(doc, (token.i, token.i))],
                    source,
                    [chars(doc, content)],
                    stance=cue.stance,
                )
            )
            break
    return drafts


def headline_drafts(doc: Doc, lex: Lexicon, forms: frozenset[str]) -> list[Draft]:
    """Title-case headlines the tagger misreads: 'Clinton Says Russians Hacked DNC'."""
    end = doc_text(doc).find("\n")
    if end < 0:
        return []
    drafts = []
    tokens = [t for t in doc if t.idx < end]
    for token in tokens[1:-1]:
        if token.lower_ not in forms or token.pos_ == "VERB" or not token.text[:1].isupper():
            continue
        source = trim(doc, (tokens[0].i, token.i - 1), keep_quotes=False)
        content = trim(doc, (token.i + 1, tokens[-1].i))
        if source is None or content is None:
            continue
        cue = lex.cues.get(token.lemma_.lower())
        stance = cue.stance if cue is not None else "assertion"
        drafts.append(
            Draft(
                token,
                [chars(doc, (token.i, token.i))],
                source,
                [chars(doc, content)],
                stance=stance,
            )
        )
        break
    return drafts
