"""Near spellings: transliterations of one name meet, different names do not."""

from __future__ import annotations

import pytest

from geo.gazetteer.spelling import likeness, near


@pytest.mark.parametrize(
    ("written", "gazetteer"),
    [
        ("Quamishli", "Al Qāmishlī"),  # ua/a, q/k, an article the text leaves out
        ("Ras Al Ain", "Ra’s al ‘Ayn"),  # ain/ayn, the hamza of Ra's
        ("Deir Ezzor", "Dayr az Zawr"),  # ei/ay, the article fused into Ezzor, aw/o
        ("Qasayr", "Al Qusayr"),
        ("Puli Alam", "Pul-e ‘Alam"),  # the Persian ezafe
        ("Ein Issa", "‘Ayn ‘Īsá"),
        ("Jandairis", "Jindayris"),
        ("Tal Tamer", "Tall Tamr"),  # doubled letters
        ("Sokhneh", "As Sukhnah"),  # kh, a final -eh
    ],
)
def test_transliterations_of_one_name_meet(written: str, gazetteer: str) -> None:
    assert near(written, gazetteer)


@pytest.mark.parametrize(
    ("written", "gazetteer"),
    [
        ("Dwerah", "Dārayyā"),  # two consonants in common are not enough
        ("Nairab", "‘Ayn al ‘Arab"),  # one word is not two
        ("Abu Serra", "Serra"),
        ("Kafr Amma", "Kafr Mawz"),
        ("Aleppo", "Halab"),  # an exonym is an alternate name, not a spelling
    ],
)
def test_different_names_do_not(written: str, gazetteer: str) -> None:
    assert not near(written, gazetteer)


def test_likeness_counts_letters_in_common_articles_aside() -> None:
    assert likeness("Quamishli", "al qamishli") > 90
    assert likeness("Tarhuna", "Tehran") < 60
