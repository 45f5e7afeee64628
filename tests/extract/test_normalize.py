from extract.normalize import keyed_text, name_key


def test_spellings_of_maarat_al_numan_share_one_key() -> None:
    spellings = [
        "Maarat al-Numan",
        "Ma'arrat al-Nu'man",
        "Maarat al-Numaan",
        "Ma‘arrat an Nu‘mān",  # GeoNames' main name
        "Maʿarrat al-Nuʿmān",
        "MAARAT AL-NUMAN",
    ]
    assert {name_key(s) for s in spellings} == {"marat al numan"}


def test_arabic_articles_and_diacritics() -> None:
    assert name_key("Deir ez-Zor") == name_key("Deir al-Zor")
    assert name_key("Ar Raqqah") == name_key("al-Raqqa")
    assert name_key("İdlib") == name_key("Idlib") == "idlib"
    assert name_key("São Paulo") == "sao paulo"


def test_possessive_and_abbreviations() -> None:
    assert name_key("Syria's") == name_key("Syria’s") == name_key("Syria")
    assert name_key("U.S.") == name_key("US") == "us"
    assert name_key("St. Louis") == "st louis"


def test_offsets_map_key_slices_back_to_the_original_text() -> None:
    text = "Shelling hit Ma‘arrat an Nu‘mān and Hawaii's Syria-backed towns."
    keyed = keyed_text(text)
    for name in ("marat al numan", "hawai", "syria"):
        start = keyed.key.index(name)
        lo, hi = keyed.span(start, start + len(name))
        assert name_key(text[lo:hi]) == name
    start = keyed.key.index("marat al numan")
    assert text[slice(*keyed.span(start, start + 14))] == "Ma‘arrat an Nu‘mān"
    start = keyed.key.index("hawai")
    assert text[slice(*keyed.span(start, start + 5))] == "Hawaii"
