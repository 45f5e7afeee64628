from extract.toponyms import NameMatcher, find_mentions, mention_key


def _names(mentions):  # type: ignore[no-untyped-def]
    return [m.text for m in mentions]


def test_common_words_months_and_titles_are_not_places(matcher) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Police said the march began on Monday. March was cold.\n"
        "Police in Aleppo said the convoy left in March for Idlib."
    )
    found = _names(find_mentions(text, matcher))
    assert "March" not in found and "Police" not in found and "the" not in found
    assert found == ["Aleppo", "Idlib"]


def test_admin_suffix_possessive_and_spans(matcher) -> None:  # type: ignore[no-untyped-def]
    text = "The assault in Syria's Idlib Province reached Maarat al-Numan and the U.S. noticed."
    mentions = find_mentions(text, matcher)
    assert _names(mentions) == ["Syria", "Idlib Province", "Maarat al-Numan", "U.S."]
    for m in mentions:
        assert text[m.start : m.end] == m.text
    assert mention_key(mentions[1]) == ("idlib", True)


def test_person_named_like_a_town_is_not_a_place(matcher, nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Senator Mary Walker met Lincoln Chafee in Washington on Tuesday."
    found = _names(find_mentions(text, matcher, nlp))
    assert "Walker" not in found and "Lincoln" not in found
    assert "Washington" in found


def test_ner_raises_the_score(matcher, nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Troops moved from Saraqib toward Latakia."
    plain = {m.text: m.score for m in find_mentions(text, matcher)}
    tagged = {m.text: m for m in find_mentions(text, matcher, nlp)}
    assert set(plain) == set(tagged) == {"Saraqib", "Latakia"}
    assert tagged["Saraqib"].ner_label == "GPE"
    assert tagged["Saraqib"].score > plain["Saraqib"]


def test_matcher_prefers_the_longest_whole_word_match() -> None:
    matcher = NameMatcher(["new york", "york", "new"], strong=["new york"])
    assert matcher.hits("in new york today") == [(3, 11)]
    assert matcher.hits("yorkshire") == []


def test_abbreviation_dot_and_state_suffix(matcher) -> None:  # type: ignore[no-untyped-def]
    text = "He moved from Fresno, Calif., to Colorado State University and Kano State."
    found = _names(find_mentions(text, matcher))
    assert "Calif." in found
    assert "Colorado State" not in found and "Colorado State University" not in found
    assert "Kano State" in found


def test_people_and_languages_are_not_places(matcher) -> None:  # type: ignore[no-untyped-def]
    text = "Nigerians voted. Russian troops left. She is Canadian. Signs were in Spanish."
    found = _names(find_mentions(text, matcher))
    assert found == ["Russian"]


def test_find_mentions_accepts_a_parsed_doc(matcher, nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Troops moved from Saraqib toward Latakia."
    doc = next(iter(nlp.pipe([text])))
    assert find_mentions(text, matcher, doc=doc) == find_mentions(text, matcher, nlp)


def test_a_name_ner_reads_as_a_place_once_is_a_place_throughout(matcher, nlp) -> None:  # type: ignore[no-untyped-def]
    # spaCy's small model calls the first Saraqib an organisation, the second a place.
    text = (
        "Syrian government forces captured Saraqib on Thursday. "
        "Two soldiers were killed by shelling near Saraqib on Monday."
    )
    found = [(m.text, m.start) for m in find_mentions(text, matcher, nlp)]
    assert ("Saraqib", 34) in found and ("Saraqib", 97) in found
    # on its own, with nothing in the text vouching for it, the organisation reading stands...
    alone = find_mentions("Officials praised Saraqib on Thursday.", matcher, nlp)
    assert "Saraqib" not in [m.text for m in alone]
    # ...unless the words before it take or strike ground
    alone = find_mentions("Syrian government forces captured Saraqib on Thursday.", matcher, nlp)
    assert "Saraqib" in [m.text for m in alone]


def test_a_town_named_after_town_of_is_kept_where_ner_doubts_it(matcher, nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Fighters captured the town of Mellit on Saturday and moved on El Fasher."
    assert "Mellit" in _names(find_mentions(text, matcher, nlp))


def test_a_piece_of_a_longer_place_name_is_not_that_place(matcher, nlp) -> None:  # type: ignore[no-untyped-def]
    text = "At least 42 civilians were killed in shelling of the Abu Shouk camp near El Fasher."
    found = _names(find_mentions(text, matcher, nlp))
    assert "Abu" not in found
    assert "El Fasher" in found


def test_a_town_right_after_a_siege_verb_is_kept_in_a_short_dispatch(matcher, nlp) -> None:  # type: ignore[no-untyped-def]
    found = _names(find_mentions("Government forces shelled Saraqib on Monday.", matcher, nlp))
    assert found == ["Saraqib"]


def test_a_long_text_is_read_by_ner_in_pieces_with_offsets_into_the_whole(nlp) -> None:  # type: ignore[no-untyped-def]
    from extract.ner import NER_PIECE_CHARS, parse_texts

    filler = "Nothing else happened that week. " * (3 * NER_PIECE_CHARS // 33)
    tail = "Angela Merkel met Emmanuel Macron in Paris."
    text = "Barack Obama spoke in Chicago.\n" + filler + tail
    short = "Vladimir Putin spoke in Moscow."
    long_found, short_found = parse_texts(nlp, [text, short])
    spans = {text[e.start : e.end]: e.label for e in long_found.entities}
    # the first piece's names and the last piece's, at their places in the whole text
    assert spans["Barack Obama"] == "PERSON" and spans["Chicago"] == "GPE"
    assert spans["Angela Merkel"] == "PERSON" and spans["Paris"] == "GPE"
    assert {short[e.start : e.end] for e in short_found.entities} >= {"Vladimir Putin", "Moscow"}
    # the same entities as one read of a short text
    alone = nlp(short)
    assert [(e.start_char, e.end_char) for e in alone.ents] == [
        (e.start, e.end) for e in short_found.entities
    ]
