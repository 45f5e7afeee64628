"""Pathological text: a sentence of 100,000 characters, a "word" of megabytes. Sentences are cut
to a bounded length so every extractor stays linear, the grammar parse has a budget per
document, and nothing found before the cut is lost. (Timings: ``python -m
geo.evaluation.long_text``.)"""

from __future__ import annotations

import time
from datetime import date

import pytest

from extract.documents import document_from_text
from extract.grammar import MAX_PARSED_CHARS, load_grammar
from extract.parse import parse_document
from extract.records import Document
from extract.sentences import MAX_SENTENCE_CHARS, split_sentences
from geo.evaluation.long_text import CLAUSE, pathological_text
from geo.pipeline import extract


def test_an_endless_sentence_is_cut_after_its_commas() -> None:
    text = pathological_text("clauses", 1_000_000)
    sentences = split_sentences(text)
    assert all(len(s.text) <= MAX_SENTENCE_CHARS for s in sentences)
    assert all(text[s.start : s.end] == s.text for s in sentences)
    assert all(s.text.endswith(",") for s in sentences[:-1])  # never inside a clause
    covered = sum(len(s.text) for s in sentences) + len(sentences)  # each cut drops a space
    assert covered >= len(text) - 1


def test_a_word_of_megabytes_is_cut_into_pieces_quickly() -> None:
    text = pathological_text("letters", 5_000_000)
    started = time.perf_counter()
    sentences = split_sentences(text)
    assert time.perf_counter() - started < 20  # about 1 s here; quadratic would be hours
    assert [len(s.text) for s in sentences[:3]] == [MAX_SENTENCE_CHARS] * 3
    assert sum(len(s.text) for s in sentences) == len(text)


def test_ordinary_sentences_are_not_cut() -> None:
    text = "Twelve civilians were killed in Saraqib, the monitor said. " * 3
    assert len(split_sentences(text)) == 3


def test_the_grammar_parse_stops_at_its_budget_and_patterns_read_the_rest(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from extract import grammar
    from extract.figures import find_figures

    budget = MAX_PARSED_CHARS // 10  # the same rule on a smaller text, to keep the test quick
    monkeypatch.setattr(grammar, "MAX_PARSED_CHARS", budget)
    pair = "In Idlib 12 fighters were reported killed. Some 300 people were displaced. "
    text = pair * (2 * budget // len(pair))
    document = Document(id="long", text=text, published=date(2020, 1, 2))
    parsed = parse_document(document, grammar=load_grammar())
    assert len(parsed.sentences) == 2 * text.count(pair)
    last = max(link.start for link in parsed.counts)
    assert budget * 0.9 < last < budget * 1.1  # as many sentences as fit, spaces apart
    figures = find_figures(parsed, [])
    displaced = [f for f in figures if f.category == "displaced"]
    killed = [f for f in figures if f.category == "killed"]
    # the word patterns read "300 people were displaced" to the end of the text ...
    assert len(displaced) == text.count(pair) and {f.value for f in displaced} == {300}
    assert displaced[-1].char_start > len(text) - len(pair)
    # ... "12 fighters were reported killed" only the grammar reads: within its budget
    assert 0 < len(killed) < text.count(pair) and {f.value for f in killed} == {12}
    assert max(f.char_start for f in killed) <= last


def test_the_pipeline_reads_a_100_kb_sentence_in_bounded_time() -> None:
    text = CLAUSE * (100_000 // len(CLAUSE))  # whole clauses, so each count is whole
    document = document_from_text(text, published=date(2020, 1, 2))
    started = time.perf_counter()
    result = extract([document], use_ner=False)
    took = time.perf_counter() - started
    assert not result.failures
    killed = [r for r in result.rows if r["kind"] == "figure" and r["category"] == "killed"]
    displaced = [r for r in result.rows if r["kind"] == "figure" and r["category"] == "displaced"]
    assert len(killed) == text.count("12 civilians were killed")
    assert len(displaced) == text.count("300 people displaced")
    assert {r["value"] for r in killed} == {12} and {r["value"] for r in displaced} == {300}
    assert took < 90, f"{took:.0f} s for 100 KB (the quadratic attribution took 118 s)"
