"""Who acts and at whom: the actor and recipient tokens of a trigger, from the parse."""

from __future__ import annotations

from spacy.tokens import Token

#: Prepositions whose object is the recipient, per category ("" for any other category).
RECIPIENT_PREPS: dict[str, frozenset[str]] = {
    "CONSULT": frozenset({"with", "between", "among"}),
    "AID": frozenset({"to", "for"}),
    "COOPERATE": frozenset({"with"}),
    "REQUEST": frozenset({"on", "upon", "from"}),
    "SUPPORT": frozenset({"for", "with"}),
    "AGREE": frozenset({"with", "to"}),
    "RETREAT": frozenset({"from", "to", "against", "on"}),
    "SANCTION": frozenset({"against", "on", "upon", "to", "from", "with"}),
    "": frozenset({"against", "on", "upon", "at", "into", "to"}),
}
#: Objects a trigger pattern names that are people, so also its recipients ("abused
#: immigrants", "freed the hostages"), where other objects are part of the trigger ("imposed
#: sanctions").
PEOPLE = frozenset(
    {
        "prisoner", "hostage", "detainee", "captive", "activist", "journalist", "soldier",
        "people", "man", "woman", "immigrant", "civilian", "child", "inmate", "diplomat",
        "ambassador", "envoy", "observer", "inspector", "peacekeeper", "worker", "migrant",
        "refugee", "citizen", "national", "foreigner", "person", "suspect", "official",
        "leader", "him", "her", "them", "delegation", "counterpart", "president", "minister",
        "sailor", "monitor", "staff", "personnel", "opponent", "dissident", "protester",
    }
)  # fmt: skip
#: Verbs whose object noun is the event and whose subject is its actor ("launched an attack").
LIGHT_VERBS = frozenset(
    {
        "launch", "announce", "conduct", "carry", "stage", "hold", "impose", "make", "issue",
        "order", "begin", "start", "continue", "resume", "declare", "step", "intensify",
        "mount", "unleash", "wage", "call", "lead", "organise", "organize", "plan", "prepare",
        "threaten", "approve", "authorize", "authorise", "join", "escalate", "face", "need",
        "undertake", "extend", "enforce", "maintain", "keep", "tighten", "expand", "renew",
    }
)  # fmt: skip
_SUBJECTS = ("nsubj", "csubj")
_NOUNISH = ("NOUN", "PROPN", "PRON", "NUM")
_RELATIVE = frozenset({"who", "which", "that", "whom", "whose"})
_NORP_LIKE = ("NORP", "GPE", "ORG", "PERSON")


def _with_conjuncts(tokens: list[Token]) -> list[Token]:
    out: list[Token] = []
    for token in map(_relative, tokens):
        if token.lower_ in _RELATIVE:
            continue  # a relative pronoun whose noun the parse lost: no participant
        out.append(token)
        out.extend(c for c in token.children if c.dep_ == "conj" and c.pos_ in _NOUNISH)
    return out


def _relative(token: Token) -> Token:
    """A relative pronoun stands for the noun its clause hangs on."""
    if token.lower_ not in _RELATIVE:
        return token
    for ancestor in token.ancestors:
        if ancestor.dep_ == "relcl":
            return ancestor.head
    return token


def _subject(verb: Token, cues: frozenset[int], depth: int = 0) -> list[Token]:
    """The subject of ``verb``, climbing through control, coordination and participles, but
    never into a reporting verb (``cues``): its subject is who tells, not who acts."""
    subjects = [c for c in verb.children if c.dep_ in _SUBJECTS]
    if subjects:
        return [_relative(s) for s in subjects]
    if depth > 4 or verb.head.i == verb.i:
        return []
    if verb.dep_ == "advcl":  # "Having announced X, Putin does not intend ...": its conjunct
        for conjunct in verb.children:
            if conjunct.dep_ == "conj" and any(c.dep_ in _SUBJECTS for c in conjunct.children):
                return _subject(conjunct, cues, depth + 1)
    if verb.dep_ == "acl" and verb.tag_ == "VB" and verb.head.dep_ in ("dobj", "attr"):
        return _subject(verb.head.head, cues, depth + 1)  # "has the right to use"
    if verb.head.i in cues:
        return []
    if verb.dep_ in ("xcomp", "conj", "advcl"):
        return _subject(verb.head, cues, depth + 1)
    if verb.dep_ == "relcl" or (verb.dep_ == "acl" and verb.tag_ == "VBG"):
        return [verb.head]
    return []


def _agent(verb: Token) -> list[Token]:
    return [
        pobj
        for child in verb.children
        if child.dep_ == "agent"
        for pobj in child.children
        if pobj.dep_ == "pobj"
    ]


def _prep_objects(token: Token, preps: frozenset[str], skip: set[int]) -> list[Token]:
    return [
        pobj
        for child in token.children
        if child.dep_ == "prep" and child.lower_ in preps and child.i not in skip
        for pobj in child.children
        if pobj.dep_ == "pobj" and pobj.i not in skip
    ]


def participants(
    head: Token,
    category: str,
    used: set[int],
    cues: frozenset[int] = frozenset(),
    reported: bool = False,
) -> tuple[list[Token], list[Token]]:
    """(actor tokens, recipient tokens) of the trigger headed by ``head``; ``used`` are the
    trigger's own tokens (its object, particle), never a participant; ``cues`` the tokens of
    attribution cues; ``reported``: a demand told as "X said Y must ...", X on Y."""
    if reported:  # "X said Y must ...", "X issued a reminder that Y must ..."
        speaker = head.head if head.head.pos_ == "VERB" else head.head.head
        subjects = [c for c in head.children if c.dep_ in _SUBJECTS]
        return _with_conjuncts(_subject(speaker, frozenset())), _with_conjuncts(subjects)
    preps = RECIPIENT_PREPS.get(category, RECIPIENT_PREPS[""])
    if head.pos_ in ("NOUN", "PROPN"):
        return _noun_participants(head, preps, used, cues)
    passive = [c for c in head.children if c.dep_ == "nsubjpass"]
    if passive:
        actors = _agent(head)
        recipients = [_relative(p) for p in passive if p.i not in used]
    else:
        actors = _subject(head, cues)
        recipients = [
            c
            for c in head.children
            if c.dep_ in ("dobj", "dative") and c.i not in used and c.pos_ in _NOUNISH
        ]
    recipients += [
        head.doc[i] for i in sorted(used) if i != head.i and head.doc[i].lemma_.lower() in PEOPLE
    ]
    if head.dep_ == "acl" and head.tag_ == "VBN" and not recipients:
        recipients = [head.head]  # "the city shelled by Russia"
    recipients += _prep_objects(head, preps, used)
    for token in used:  # "impose sanctions on Russia": the object's own "on" phrase
        if token != head.i:
            own = preps | {"of"} if category in ("COERCE", "ASSAULT") else preps
            recipients += _prep_objects(head.doc[token], own, used)
    return _with_conjuncts(actors), _with_conjuncts(recipients)


def _noun_participants(
    noun: Token, preps: frozenset[str], used: set[int], cues: frozenset[int]
) -> tuple[list[Token], list[Token]]:
    actors = [c for c in noun.children if c.dep_ == "poss" and c.pos_ != "PRON"]
    actors += [
        c
        for c in noun.children
        if c.dep_ in ("compound", "amod")
        and c.i not in used
        and (c.pos_ == "PROPN" or c.ent_type_ in _NORP_LIKE)
    ]
    actors += _prep_objects(noun, frozenset({"by"}), used)
    recipients = _prep_objects(noun, preps | {"of"}, used)
    if noun.dep_ == "compound":  # "mediation mission": the phrase's head takes the verb
        recipients += _prep_objects(noun.head, preps, used)
        noun = noun.head
    governor = noun.head
    light = governor.lemma_.lower() in LIGHT_VERBS and governor.pos_ in ("VERB", "AUX")
    if not actors and light and noun.dep_ in ("dobj", "attr", "nsubjpass"):
        actors = _subject(governor, cues)
        recipients += _prep_objects(governor, preps, used | {noun.i})
    if not actors:  # "its invasion": the one the pronoun stands for, if nothing better
        actors = [c for c in noun.children if c.dep_ == "poss"]
    if not actors and noun.dep_ == "pobj" and governor.dep_ == "prep":
        verb = governor.head  # "return to Geneva for talks", "killed in an attack"
        if verb.pos_ == "VERB" or verb.lemma_.lower() in LIGHT_VERBS:
            actors = _subject(verb, cues)
    return _with_conjuncts(actors), _with_conjuncts(recipients)


def content_recipients(
    head: Token,
    category: str,
    complements: list[tuple[Token, str]],
    cues: frozenset[int],
) -> list[Token]:
    """At whom an act with content is aimed when it names no one itself: whose demand or
    offer it answers ("rejected North Korea's demand", "calls by X", "an appeal from X"),
    who is to do what it demands ("demanded that Hamas renounce", "the withdrawal of Serbian
    forces"), or the recipient of what it promises or threatens ("threatened to cut
    electricity to X"); ``complements`` are (head, category of the trigger there or "")."""
    found: list[Token] = []
    preps = _CONTENT_PREPS.get(category, _CONTENT_PREPS[""])
    for thing in (c for c in head.children if c.dep_ in ("dobj", "nsubjpass")):
        found += _prep_objects(thing, preps, set())
        if category != "REQUEST":
            found += [
                c
                for c in thing.children
                if c.dep_ == "poss" or (c.dep_ in ("compound", "amod") and _named(c))
            ]
    for complement, inner in complements:
        if found:
            break
        said = complement.dep_ == "ccomp" or any(
            c.dep_ == "mark" and c.lower_ == "that" for c in complement.children
        )
        if said:
            found = [c for c in complement.children if c.dep_ in _SUBJECTS]
        elif complement.pos_ in ("VERB", "NOUN"):
            found = participants(complement, inner, {complement.i}, cues)[1]
    return _with_conjuncts([t for t in found if t.lower_ not in _RELATIVE])


#: Prepositions of a demanded, refused or promised thing that name whom it concerns.
_CONTENT_PREPS = {
    "REQUEST": frozenset({"of", "by", "from", "with"}),
    "": frozenset({"by", "from"}),
}


def _named(token: Token) -> bool:
    return token.pos_ == "PROPN" or token.ent_type_ in _NORP_LIKE
