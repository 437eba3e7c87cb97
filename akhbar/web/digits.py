"""The reader's digits: ٠١٢٣٤٥٦٧٨٩ in the Arabic interface when ``AKHBAR_ARABIC_DIGITS`` is on."""

from django.conf import settings
from django.utils.translation import get_language

ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def arabic_digits_chosen() -> bool:
    """Numbers are written ٠١٢٣٤٥٦٧٨٩ in the Arabic interface when ``AKHBAR_ARABIC_DIGITS`` is on."""
    return settings.AKHBAR_ARABIC_DIGITS and (get_language() or "").startswith("ar")
