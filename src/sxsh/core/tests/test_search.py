"""Diacritic-insensitive search: every word, any of the given fields, a bounded number of words."""

import pytest

from sxsh.core.search import MAX_WORDS, matching
from sxsh.directory.models import Facility
from sxsh.testing.factories import FacilityFactory

pytestmark = pytest.mark.django_db


def test_every_word_without_diacritics_in_any_field(reference: None) -> None:
    bakery = FacilityFactory(name="Bánh kẹo Hàng Bạc")
    FacilityFactory(name="May mặc Hàng Đào")
    facilities = Facility.objects.all()
    assert list(matching(facilities, "BANH hang")) == [bakery]
    assert list(matching(facilities, "bánh  đào")) == []  # every word must match
    assert matching(facilities, "").count() == 2
    assert list(matching(facilities, bakery.tax_code, ("address", "tax_code"))) == [bakery]  # any field


def test_a_pasted_paragraph_uses_only_the_first_words(reference: None) -> None:
    bakery = FacilityFactory(name="Bánh kẹo Hàng Bạc")
    words = ["banh"] * MAX_WORDS + ["khong-co-trong-ten"]
    assert list(matching(Facility.objects.all(), " ".join(words))) == [bakery]
