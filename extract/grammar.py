"""Which words a number counts and what happened to them, read from the sentence's grammar.

Word lists alone miss how conflict reporting puts counts: "1 regime lieutenant was killed" (the
noun between the number and the verb is a rank), "killing 6 members", "resulted in the killing
of 1 fighter", "14 soldiers and 17 fighters were killed" (both counts share one verb), "shot and
killed a fighter" (one person, no digit). spaCy's dependency parse ties each number to the noun
it counts (``nummod``) and that noun to its predicate: the verb whose subject or object it is,
the noun whose "of" it follows ("the killing of", "the displacement of"), or a participle right
after it ("with 1 soldier killed"). Conjuncts share their first member's predicate.

Only sentences that hold both a number (or "a", "an", "another") and a word about killing,
wounding or displacing people are parsed, so the parse costs little on ordinary text; and at
most :data:`MAX_PARSED_CHARS` of them a document (a long article has a tenth of that), so a
pathological text of megabytes costs seconds, its later counts read by the word patterns alone.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING

from extract.amounts import AMOUNT
from extract.records import Link, Sentence

if TYPE_CHECKING:
    import spacy
    from spacy.tokens import Doc, Token

__all__ = ["MAX_PARSED_CHARS", "Link", "grammar_links", "load_grammar"]

MAX_PARSED_CHARS = 200_000
"""The most sentence text a document has parsed (sentences are capped too, by
:data:`extract.sentences.MAX_SENTENCE_CHARS`)."""
PARSE_BATCH = 32  # sentences per spaCy batch

_SUBJECT = frozenset({"nsubj", "nsubjpass"})
_OBJECT = frozenset({"dobj", "obj", "attr", "oprd"})
_OWN_PREDICATE = frozenset({"acl", "amod", "relcl"})
_PREDICATE_WORDS = re.compile(
    r"(?i)kill|dead|die|death|fatalit|slain|massacr|execut|perish|wound|injur|hurt|maim"
    r"|displac|fle[de]|flee|uproot|evacuat|homeless|return|missing|disappear|abduct|kidnap"
    r"|detain|arrest|casualt|relocat|refuge|shelter|gunned|lynch|behead|burnt\s+alive"
)
_DOES_TO_OTHERS = re.compile(
    r"(?i)kill|wound|injur|hurt|maim|displac|uproot|evacuat|abduct|kidnap|detain|arrest|execut"
    r"|gunned|lynch|behead|shot"
    r"|massacr"
)  # the subject of these (in the active voice) is who did it, not who suffered it
_ONE = frozenset({"a", "an", "another", "one"})
_NOT_ONE = frozenset(
    {"number", "total", "handful", "group", "lot", "few", "couple", "dozen", "unit", "family",
     "household", "convoy", "patrol", "series", "wave", "toll"}
)  # fmt: skip
_PERSONS = frozenset(
    """
    person man woman child boy girl baby infant minor teenager youth civilian fighter soldier
    officer policeman policewoman member commander leader lieutenant sergeant captain colonel
    major general militant rebel jihadist insurgent guard worker journalist doctor nurse medic
    teacher student pupil farmer shepherd driver vendor trader resident villager elder official
    employee activist volunteer guerrilla gunman sniper cadre personnel priest imam chief pilot
    peacekeeper contractor recruit conscript mercenary militiaman tribesman herder fisherman
    refugee migrant detainee prisoner hostage victim passenger pedestrian father mother son
    daughter brother sister husband wife relative citizen local national inhabitant shopkeeper
    businessman clerk politician lawmaker candidate supporter protester demonstrator worshipper
    pilgrim smuggler bandit kidnapper suspect spy informant defector fighter trooper marine
    paratrooper gendarme ranger scout tribal jawan policeman constable inspector agent commando
    guerilla engineer labourer laborer builder miner cleric preacher lawyer judge prosecutor
    mayor governor councillor councilor chairman headman
    """.split()  # noqa: SIM905
)
_PERSON_ENDINGS = ("ist", "ian", "man", "ee", "ant", "ent")
_CANDIDATE = re.compile(
    r"(?i)\b(?:\d+|a|an|another|one|two|three|four|five|six|seven|eight|nine|ten|dozens?"
    r"|hundreds?|thousands?|millions?|scores)\b"
)


@lru_cache(maxsize=1)
def load_grammar() -> spacy.Language:
    """spaCy's small English pipeline with its tagger and dependency parser (no NER)."""
    import spacy

    from extract.ner import NLP_MODEL

    return spacy.load(NLP_MODEL, exclude=["ner", "lemmatizer", "senter"])


def is_candidate(text: str) -> bool:
    """Whether a sentence may hold a count of people: a number word and a predicate word."""
    return bool(_PREDICATE_WORDS.search(text)) and bool(_CANDIDATE.search(text))


# "IS" in capitals is the Islamic State, not the verb: parsed as a name of the same length, so
# "the killing of 11 IS fighters" counts fighters, and offsets stay those of the text
_ACRONYM_IS = re.compile(r"\bIS\b")


def grammar_links(nlp: spacy.Language, sentences: Sequence[Sentence]) -> list[Link]:
    """The counts the grammar of ``sentences`` ties to a predicate, in text order."""
    chosen: list[Sentence] = []
    budget = MAX_PARSED_CHARS
    for sentence in sentences:
        if len(sentence.text) <= budget and is_candidate(sentence.text):
            chosen.append(sentence)
            budget -= len(sentence.text)
    links: list[Link] = []
    # a few sentences at a time: spaCy's memory grows with the characters of a batch
    docs = nlp.pipe((_ACRONYM_IS.sub("IZ", s.text) for s in chosen), batch_size=PARSE_BATCH)
    for sentence, doc in zip(chosen, docs, strict=True):
        links.extend(_links(doc, sentence.start))
    return links


def _links(doc: Doc, offset: int) -> Iterable[Link]:
    spans = [(m.start(), m.end()) for m in AMOUNT.finditer(doc.text)]
    starts = [t.idx for t in doc]  # token i starts at starts[i]: spans to tokens by bisection
    for i, (start, end) in enumerate(spans):
        tokens = doc[bisect_left(starts, start) : bisect_left(starts, end)]
        if not len(tokens):
            continue
        # the amount's own head: the token whose head lies outside the amount
        head = next((t for t in tokens if not start <= t.head.idx < end), tokens[-1])
        link = _link(head, start, end, offset, one=False)
        if link is not None:
            nxt = spans[i + 1][0] if i + 1 < len(spans) else None
            yield _before_the_next(link, doc, offset, nxt, starts)
    span_starts = [a for a, _ in spans]
    listed: set[int] = set()  # "a" of a person a list before it already counted
    for token in doc:
        if token.lower_ in _ONE and token.dep_ in {"det", "nummod", "dobj", "nsubj", "nsubjpass"}:
            inside = bisect_left(span_starts, token.idx + 1) - 1  # the last span starting here
            if inside >= 0 and token.idx < spans[inside][1] and token.lower_ != "another":
                continue
            if token.i in listed:
                continue
            if token.dep_ in {"det", "nummod"} and not _a_person(token.head):
                continue  # "a month in which", "an unknown number", "a drought": no one
            people = _single_persons(token.head) if token.dep_ in {"det", "nummod"} else []
            link = _link(token, token.idx, token.idx + len(token), offset, one=True)
            if link is not None and people:
                last = people[-1]
                listed.update(k.i for p in people for k in p.children if k.lower_ in _ONE)
                end = offset + last.idx + len(last)
                link = replace(link, people=1 + len(people), noun_end=max(link.noun_end, end))
            if link is not None:
                yield link


def _before_the_next(
    link: Link, doc: Doc, offset: int, nxt: int | None, starts: Sequence[int]
) -> Link:
    """``link`` with its phrase ending before the next count of the sentence (which starts at
    ``nxt`` in ``doc``; ``starts`` are the tokens' offsets): in "6 SDF plus 9 SNA fighters" the
    6 counts "6 SDF" (the parse ties it to "fighters"), leaving the 9 its own count, and the
    list word between them to say they are one list."""
    if nxt is None or link.noun_end <= offset + nxt:
        return link
    gap = doc[bisect_left(starts, link.end - offset) : bisect_left(starts, nxt)]
    between = [t for t in gap if t.idx + len(t) <= nxt]
    if not any(t.dep_ == "cc" for t in between):
        return link  # no list word: "Two 18-year-old men", "4 of the 20 fighters"
    kept = [t for t in between if t.dep_ not in {"cc", "punct", "prep", "det"}]
    # the words up to the last one kept: "6 SDF [plus]", "5 soldiers [, along with]"
    last = max((offset + t.idx + len(t) for t in kept), default=link.end)
    return replace(link, noun_end=last)


def _single_persons(noun: Token) -> list[Token]:
    """The persons listed after ``noun``, each one alone ("a police officer and a civilian", "a
    guard and his son"); none when any of them is counted by a number or is no person
    ("a soldier and two militants" keeps two counts)."""
    if noun.dep_ == "conj":
        return []
    listed = [c for c in noun.conjuncts if c.i > noun.i]
    for person in listed:
        marks = [k for k in person.children if k.dep_ in {"det", "poss", "nummod"}]
        alone = any(k.lower_ in _ONE or k.dep_ == "poss" for k in marks)
        counted = any(k.dep_ == "nummod" and k.lower_ not in _ONE for k in marks)
        if not _a_person(person) or not alone or counted:
            return []
    return listed


def _a_person(noun: Token) -> bool:
    """Whether "a"/"one" before ``noun`` counts one person: a singular noun for a person."""
    word = noun.lower_
    if noun.tag_ not in {"NN", "NNP"} or word in _NOT_ONE:
        return False
    return word in _PERSONS or word.endswith(_PERSON_ENDINGS)


def _link(head: Token, start: int, end: int, offset: int, *, one: bool) -> Link | None:
    counted = head.head if head.dep_ in {"nummod", "det", "quantmod", "compound", "meta"} else head
    if counted is head and head.dep_ in {"nummod", "det"}:
        return None
    while counted.dep_ in {"nmod", "compound"} and counted.head is not counted:
        counted = counted.head  # "Two Central Reserve Police Force (CRPF) personnel"
    noun = "" if counted is head else counted.lower_
    noun_end = counted.idx + len(counted) if noun else end
    whole = _of_whole(counted) if counted is head else None
    if whole is not None:  # "3 of his guards", "3 of their vehicles": what the 3 are
        noun, noun_end = whole.lower_, whole.idx + len(whole)
    predicate = _predicate(counted)
    if predicate is None and noun and _PREDICATE_WORDS.match(noun):
        predicate = counted  # the noun says it: "34,000 displacements", "29 deaths"
    if predicate is None:
        return None
    before = head.doc[head.i - 1].lower_ if head.i else ""
    negated = (
        before in {"no", "not", "none"}
        or any(c.dep_ == "neg" for c in predicate.children)
        or any(c.lower_ in {"no", "none"} for c in counted.children)
    )
    modal = any(c.dep_ == "aux" and c.tag_ == "MD" for c in predicate.children)
    return Link(
        start=offset + start,
        end=offset + end,
        noun=noun,
        noun_end=offset + max(noun_end, end),
        predicate=_words(predicate),
        negated=negated,
        modal=modal,
        one=one,
    )


def _of_whole(number: Token) -> Token | None:
    """The noun a bare number is a part of ("3 of his guards"), not a pronoun ("3 of them")."""
    for prep in number.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            whole = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if whole is not None and whole.pos_ in {"NOUN", "PROPN"}:
                return whole
    # the parse may hang the "of" on a noun before ("a soldier and 3 of his vehicles"): the
    # words right after the number say it as well
    doc, i = number.doc, number.i + 1
    if i < len(doc) and doc[i].lower_ == "of":
        i += 1
        while i < len(doc) and doc[i].dep_ in {"det", "poss", "amod", "compound"}:
            i += 1
        if i < len(doc) and doc[i].pos_ in {"NOUN", "PROPN"}:
            return doc[i]
    return None


def _predicate(counted: Token) -> Token | None:
    """The verb or noun that says what happened to the people ``counted`` names."""
    for child in counted.children:  # "with 1 soldier killed", "with 2 fighters reported killed"
        if (
            child.dep_ in _OWN_PREDICATE
            and _about_people(child)
            and not any(o.dep_ in _OBJECT for o in child.children)  # "a drought that killed X"
        ):
            return child
    anchor = counted
    while anchor.dep_ == "conj" and anchor.head is not anchor:
        anchor = anchor.head  # "14 soldiers and 17 fighters were killed": the first one's verb
    if anchor.dep_ == "appos":
        anchor = anchor.head
    head = anchor.head
    perfect = any(c.dep_ == "aux" and c.lower_ in {"has", "have", "had"} for c in head.children)
    absolute = head.tag_ == "VBN" and not perfect  # "with 1 soldier killed": suffered it
    if anchor.dep_ == "nsubj" and _DOES_TO_OTHERS.match(head.lower_) and not absolute:
        return None  # "an airstrike killed...", "3 gunmen wounded...": the doers
    if anchor.dep_ in _SUBJECT or anchor.dep_ in _OBJECT:
        return head if _about_people(head) else None
    if anchor.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ == "of":
        owner = head.head  # "the killing of 1 fighter", "the displacement of 300 families"
        return owner if _about_people(owner) and owner.pos_ == "NOUN" else None
    return None


def _about_people(token: Token) -> bool:
    """Whether a predicate (or one of its open complements) speaks of killing, wounding,
    displacing..."""
    if _PREDICATE_WORDS.match(token.lower_):
        return True
    for child in token.children:
        if (child.dep_ in {"xcomp", "acomp", "oprd", "conj"} or _as_clause(child)) and (
            _PREDICATE_WORDS.match(child.lower_)
        ):
            return True
        if (  # "registered as displaced", "shot to death"
            child.dep_ == "prep"
            and child.lower_ in {"as", "into", "to"}
            and any(_PREDICATE_WORDS.match(g.lower_) for g in child.subtree if g is not child)
        ):
            return True
    return False


def _words(predicate: Token) -> str:
    """The predicate's words: itself, its open complements ("reported killed", "forced to
    flee"), "as" phrases ("registered as displaced") and conjoined verbs without a count of
    their own ("killed and wounded", not "killed 2 and wounded 3")."""
    words = [predicate]
    for child in predicate.children:
        if not _PREDICATE_WORDS.match(child.lower_) and child.dep_ not in {"prep", "prt"}:
            continue
        if child.dep_ in {"xcomp", "acomp", "oprd", "prt"} or _as_clause(child):
            words.append(child)  # "reported killed", "gunned down", "registered as displaced"
        elif child.dep_ == "conj" and not any(
            o.dep_ in _OBJECT | _SUBJECT or (o.dep_ == "prep" and o.lower_ == "of")
            for o in child.children
        ):  # not "the killing of 18 and the wounding of others": those have their own
            words.append(child)
        elif child.dep_ == "prep" and child.lower_ in {"as", "into", "to"}:  # "shot to death"
            words.extend(g for g in child.subtree if _PREDICATE_WORDS.match(g.lower_))
    return " ".join(t.lower_ for t in sorted(words, key=lambda t: t.i))


def _as_clause(token: Token) -> bool:
    """An "as" clause: "(registered) as displaced"."""
    return token.dep_ == "advcl" and any(
        m.dep_ == "mark" and m.lower_ == "as" for m in token.children
    )
