"""The reader's digits: ٠١٢٣٤٥٦٧٨٩ in the Arabic interface when ``AKHBAR_ARABIC_DIGITS`` is on."""

from django.conf import settings
from django.utils.translation import get_language

ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def arabic_digits_chosen() -> bool:
    """Numbers are written ٠١٢٣٤٥٦٧٨٩ in the Arabic interface when ``AKHBAR_ARABIC_DIGITS`` is on."""
    return digits_chosen_for(get_language())


def digits_chosen_for(language: str | None) -> bool:
    """``arabic_digits_chosen`` with the interface `language` given."""
    return settings.AKHBAR_ARABIC_DIGITS and (language or "").startswith("ar")
