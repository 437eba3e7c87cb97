"""Dates written the way Arab news sites write them (pure functions).

Each style turns an aware datetime (already in the outlet's zone) into the visible text of a
page; `iso_meta` pages also carry the ISO instant in `<meta>` and `<time datetime>`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import format_datetime

MAGHREBI = "جانفي فيفري مارس أفريل ماي جوان جويلية أوت سبتمبر أكتوبر نوفمبر ديسمبر".split()
LEVANTINE = (
    "كانون الثاني",
    "شباط",
    "آذار",
    "نيسان",
    "أيار",
    "حزيران",
    "تموز",
    "آب",
    "أيلول",
    "تشرين الأول",
    "تشرين الثاني",
    "كانون الأول",
)
EGYPTIAN = "يناير فبراير مارس أبريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر".split()
HIJRI = (
    "محرم",
    "صفر",
    "ربيع الأول",
    "ربيع الآخر",
    "جمادى الأولى",
    "جمادى الآخرة",
    "رجب",
    "شعبان",
    "رمضان",
    "شوال",
    "ذو القعدة",
    "ذو الحجة",
)
FRENCH = (
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre"
).split()
DAYS_AR = ("الإثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد")
INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")

STYLES = ("iso_meta", "maghrebi", "levantine", "egyptian_indic", "dashed", "hijri")


def hijri_date(day: datetime) -> tuple[int, int, int]:
    """(year, month, day) in the tabular Islamic calendar (within a day of Umm al-Qura)."""
    jdn = day.toordinal() + 1721425
    k = jdn - 1948440 + 10632
    n = (k - 1) // 10631
    k = k - 10631 * n + 354
    j = ((10985 - k) // 5316) * ((50 * k) // 17719) + (k // 5670) * ((43 * k) // 15238)
    k = k - ((30 - j) // 15) * ((17719 * j) // 50) - (j // 16) * ((15238 * j) // 43) + 29
    month = (24 * k) // 709
    return 30 * n + j - 30, month, k - (709 * month) // 24


def _plural(count: int, one: str, two: str, few: str, many: str) -> str:
    if count <= 1:
        return one
    if count == 2:
        return two
    return f"{count} {few if count <= 10 else many}"


def relative_ar(published: datetime, now: datetime) -> str | None:
    """`منذ 3 ساعات` for items younger than a day, else None."""
    seconds = (now - published).total_seconds()
    if seconds < 0 or seconds >= 86400:
        return None
    if seconds < 3600:
        minutes = max(1, int(seconds // 60))
        return "منذ " + _plural(minutes, "دقيقة", "دقيقتين", "دقائق", "دقيقة")
    return "منذ " + _plural(int(seconds // 3600), "ساعة", "ساعتين", "ساعات", "ساعة")


def hhmm(value: datetime) -> str:
    return f"{value.hour:02d}:{value.minute:02d}"


def format_date(style: str, value: datetime, lang: str = "ar") -> str:
    """The visible date text of an article page in a given style."""
    if lang == "fr":
        return f"{value.day} {FRENCH[value.month - 1]} {value.year} à {value.hour:02d}h{value.minute:02d}"
    day = DAYS_AR[value.weekday()]
    if style == "levantine":
        return f"{day} {value.day} {LEVANTINE[value.month - 1]} {value.year}، {hhmm(value)}"
    if style == "egyptian_indic":
        hour12 = value.hour % 12 or 12
        half = "ص" if value.hour < 12 else "م"
        text = f"{day}، {value.day} {EGYPTIAN[value.month - 1]} {value.year} {hour12:02d}:{value.minute:02d} {half}"
        return text.translate(INDIC)
    if style == "dashed":
        return f"{value.day:02d} - {value.month:02d} - {value.year} | {hhmm(value)}"
    if style == "hijri":
        year, month, hday = hijri_date(value)
        gregorian = f"{value.day} {EGYPTIAN[value.month - 1]} {value.year}"
        return f"{day} {hday} {HIJRI[month - 1]} {year} هـ - الموافق {gregorian} م"
    return f"{day} {value.day} {MAGHREBI[value.month - 1]} {value.year} - {hhmm(value)}"


def short_date(value: datetime) -> str:
    """The short date shown beside related items and listings (a misleading date)."""
    return f"{value.day:02d}/{value.month:02d}/{value.year}"


def http_date(value: datetime) -> str:
    """An RFC 7231 date in GMT, for Last-Modified."""
    return format_datetime(value.astimezone(UTC), usegmt=True)


def rfc822(value: datetime) -> str:
    """An RFC 822 date with the outlet's offset, for RSS."""
    return format_datetime(value)
