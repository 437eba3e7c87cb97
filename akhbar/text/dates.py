"""Dates as Arab, Algerian and French-language news sites print them.

`parse_date` reads one date string, `find_dates` finds every date in free text, with offsets.
It knows Maghrebi (جانفي… أوت), Levantine (كانون الثاني… أيلول), Egyptian/Gulf (يناير… أغسطس),
Moroccan, French and English month names; Arabic-Indic and Persian digits; numeric forms
(17/05/2016, 17 - 05 - 2016, 2016-05-17, 2016/05/17); times (10:30, 10:30 م, 14h30);
relative dates (منذ 3 ساعات, أمس, il y a 3 heures, hier), which need `now`; and Hijri dates
(10 شعبان 1437 هـ), converted with the tabular (arithmetical) Islamic calendar, which can
differ by ±1 day (sometimes 2) from the sighted calendar: a Gregorian date printed beside
a Hijri one is always preferred.

Naive values are localized to `tz` (default Africa/Algiers); explicit offsets are kept.
`choose_publication_date` decides between candidates collected from a page by origin, and
`date_from_url` reads /2016/05/17/-style dates from URLs.
"""

import email.utils
import math
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from typing import NamedTuple
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import regex

from akhbar.text.fold import CharFold

DEFAULT_TZ = "Africa/Algiers"
EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)


class DateMatch(NamedTuple):
    """One date found in text: its value, its [start, end) span, and how it was written."""

    value: datetime
    start: int
    end: int
    has_time: bool
    kind: str  # "absolute", "relative" or "hijri"


# --- Folding (length-preserving, so offsets stay valid) ------------------------------------

_FOLD = str.maketrans(
    {
        **{c: "ا" for c in "أإآٱ"},
        "ى": "ي",
        "ة": "ه",
        **{chr(0x0660 + d): str(d) for d in range(10)},
        **{chr(0x06F0 + d): str(d) for d in range(10)},
        "\u0640": "ـ",
    }
)


_FOLDING = CharFold(_FOLD)


def _fold(text: str) -> str:
    folded = _FOLDING(text)  # text.translate(_FOLD)
    lowered = folded.lower()
    return lowered if len(lowered) == len(folded) else folded


# --- Month names (folded spellings) --------------------------------------------------------


def _months(*groups: str) -> dict[str, int]:
    """Map each spelling to its month number; each group lists 12 months separated by ';'."""
    table = {}
    for group in groups:
        for number, spellings in enumerate(group.split(";"), start=1):
            for spelling in spellings.split(","):
                if spelling.strip():
                    table[_fold(spelling.strip())] = number
    return table


GREGORIAN_MONTHS = _months(
    # Maghrebi (Algeria, Tunisia)
    "جانفي;فيفري;مارس;أفريل,افريل;ماي;جوان;جويلية,جويليه;أوت,اوت;سبتمبر;أكتوبر;نوفمبر;ديسمبر",
    # Egyptian / Gulf
    "يناير;فبراير;مارس;أبريل,ابريل,إبريل;مايو;يونيو,يونيه;يوليو,يوليه;أغسطس,اغسطس;"
    "سبتمبر,سپتمبر;أكتوبر,اكتوبر;نوفمبر;ديسمبر,دیسمبر",
    # Moroccan
    "يناير;فبراير;مارس;أبريل;ماي;يونيو;يوليوز;غشت;شتنبر;أكتوبر;نونبر;دجنبر",
    # Levantine / Iraqi
    "كانون الثاني,كانون ثاني;شباط;آذار,اذار;نيسان;أيار,ايار;حزيران;تموز;آب;أيلول,ايلول;"
    "تشرين الأول,تشرين اول;تشرين الثاني,تشرين ثاني;كانون الأول,كانون اول",
    # French
    "janvier,janv;février,fevrier,févr,fevr,fév,fev;mars;avril,avr;mai;juin;juillet,juil;"
    "août,aout;septembre,sept;octobre,oct;novembre,nov;décembre,decembre,déc,dec",
    # English
    "january,jan;february,feb;march,mar;april,apr;may;june,jun;july,jul;august,aug;"
    "september,sep,sept;october,oct;november,nov;december,dec",
)
HIJRI_MONTHS = _months(
    "محرم,المحرم;صفر;ربيع الأول,ربيع اول;ربيع الآخر,ربيع الثاني,ربيع الاخر,ربيع ثاني;"
    "جمادى الأولى,جمادى الأول,جمادى الاولى;جمادى الآخرة,جمادى الثانية,جمادى الآخر,جمادى الثاني;"
    "رجب;شعبان;رمضان;شوال;ذو القعدة,ذي القعدة;ذو الحجة,ذي الحجة"
)


def _alternation(names: Iterable[str]) -> str:
    return "|".join(
        regex.escape(n).replace(r"\ ", r"\s+") for n in sorted(names, key=len, reverse=True)
    )


_MONTH = rf"(?:{_alternation(GREGORIAN_MONTHS)})"
_HIJRI_MONTH = rf"(?:{_alternation(HIJRI_MONTHS)})"
_ERA = r"(?:\s*(?:م|ميلادي|مـ)(?!\w))?"

# --- Patterns ------------------------------------------------------------------------------

_DATE = regex.compile(
    rf"""
    (?<![\w/.-])(?P<y1>\d{{4}})\s*(?P<s1>[/.-])\s*(?P<m1>\d{{1,2}})\s*(?P=s1)\s*(?P<d1>\d{{1,2}})(?!\d)
  | (?<![\w/.-])(?P<d2>\d{{1,2}})\s*(?P<s2>[/.-])\s*(?P<m2>\d{{1,2}})\s*(?P=s2)\s*(?P<y2>\d{{4}}|\d{{2}})(?![\d/.-]\d)(?!\d)
  | (?<!\d)(?P<d3>\d{{1,2}})(?:er|st|nd|rd|th)?\s*(?:من\s+)?(?P<mon3>{_MONTH})(?!\w)\.?
        (?:\s*[/(-]\s*{_MONTH}\s*\)?)?(?:\s*[,،]?\s*(?P<y3>\d{{4}})(?!\d))?{_ERA}
  | (?<!\w)(?P<mon4>{_MONTH})\.?\s+(?P<d4>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y4>\d{{4}})(?!\d)
  | (?<!\d)(?P<dh>\d{{1,2}})\s+(?P<monh>{_HIJRI_MONTH})\s*[,،]?\s*(?P<yh>1[34]\d\d)(?!\d)
        (?P<hijri_mark>\s*(?:هـ|ه)(?!\w))?
    """,
    regex.VERBOSE | regex.IGNORECASE,
)

_AMPM = r"(?P<ampm>صباحا|صباحاً|مساء|مساءً|مساءا|ص|م|a\.?m\.?|p\.?m\.?)(?!\w)"
_CLOCK = (
    r"(?P<H>\d{1,2})\s*(?:(?::|h|H)\s*(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.\d+)?)?|h(?!\w))"
    rf"(?:\s*{_AMPM})?(?:\s*(?P<tz>Z|GMT|UTC|[+-]\d{{2}}:?\d{{2}})(?![\w:]))?"
)
_TIME_AFTER = regex.compile(
    rf"(?:\s|[,،|–-]|T)*(?:(?:à|a|at|علي|الساعه|-)\s*)*{_CLOCK}(?!\d)", regex.IGNORECASE
)
_TIME_BEFORE = regex.compile(
    rf"(?<!\d){_CLOCK}\s*(?:[,،|–-]\s*)*(?:\w+\s*[,،]?\s*)?$", regex.IGNORECASE
)

_RELATIVE_UNITS = {
    "دقيقه": "minutes",
    "دقيقتين": ("minutes", 2),
    "دقيقتان": ("minutes", 2),
    "دقايق": "minutes",
    "دقائق": "minutes",
    "ساعه": "hours",
    "ساعتين": ("hours", 2),
    "ساعتان": ("hours", 2),
    "ساعات": "hours",
    "يوم": "days",
    "يومين": ("days", 2),
    "يومان": ("days", 2),
    "ايام": "days",
    "اسبوع": "weeks",
    "اسبوعين": ("weeks", 2),
    "اسابيع": "weeks",
    "minute": "minutes",
    "minutes": "minutes",
    "min": "minutes",
    "heure": "hours",
    "heures": "hours",
    "h": "hours",
    "jour": "days",
    "jours": "days",
    "semaine": "weeks",
    "semaines": "weeks",
    "hour": "hours",
    "hours": "hours",
    "day": "days",
    "days": "days",
    "week": "weeks",
    "weeks": "weeks",
}
_UNIT = _alternation(_RELATIVE_UNITS)
_RELATIVE_LEAD = r"منذ|قبل|il\s+y\s+a|depuis"
_RELATIVE_DAY = r"امس|البارحه|اليوم|hier|aujourd'hui|aujourd’hui|yesterday|today"
_RELATIVE = regex.compile(
    rf"""
    (?:{_RELATIVE_LEAD})\s+(?:(?P<n1>\d+)\s+)?(?P<u1>{_UNIT})(?!\w)
  | (?P<n2>\d+)\s+(?P<u2>{_UNIT})\s+ago(?!\w)
  | (?<!\w)(?P<day>{_RELATIVE_DAY})(?!\w)
    """,
    regex.VERBOSE | regex.IGNORECASE,
)
_DAY_OFFSETS = {"امس": 1, "البارحه": 1, "hier": 1, "yesterday": 1}
# Cheap scans first (most texts near a title hold no date): every alternative of _DATE
# holds a digit, and every one of _RELATIVE a digit, a lead word or a day word. The same
# engine and flags as the patterns, so a text these miss is one the patterns miss.
_DIGIT = regex.compile(r"\d")
_RELATIVE_WORD = regex.compile(f"{_RELATIVE_LEAD}|{_RELATIVE_DAY}", regex.IGNORECASE)
# Every match of _RELATIVE holds a _RELATIVE_WORD or, with a digit, "ago": a text with
# neither needs no scan of _RELATIVE (most texts with digits hold an absolute date only).
_AGO = regex.compile("ago", regex.IGNORECASE)


# --- Time zones and calendar arithmetic ---------------------------------------------------


def as_tzinfo(tz: str | tzinfo) -> tzinfo:
    """A tzinfo from an IANA name or a tzinfo."""
    return ZoneInfo(tz) if isinstance(tz, str) else tz


def localize(value: datetime, tz: str | tzinfo) -> datetime:
    """Attach `tz` to a naive datetime; aware datetimes keep their own offset."""
    if value.tzinfo is not None:
        return value
    return value.replace(tzinfo=as_tzinfo(tz))


def hijri_to_gregorian(year: int, month: int, day: int) -> date:
    """Tabular Islamic calendar (civil epoch, 16 July 622 Julian) to Gregorian; ±1 day."""
    julian_day = (
        day
        + math.ceil(29.5 * (month - 1))
        + (year - 1) * 354
        + (3 + 11 * year) // 30
        + 1948439.5
        - 1
    )
    return date.fromordinal(int(julian_day - 1721424.5))


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        return 2000 + year if year < 70 else 1900 + year
    return year


# --- Reading one match ---------------------------------------------------------------------


def _date_parts(match: regex.Match) -> tuple[int | None, int, int, str] | None:
    """(year, month, day, kind) from a _DATE match; year None when the text omits it."""
    g = match.group  # the groups asked for, not a dictionary of all of them
    if g("y1"):
        return int(g("y1")), int(g("m1")), int(g("d1")), "absolute"
    if g("d2"):
        return _year(g("y2")), int(g("m2")), int(g("d2")), "absolute"
    if g("d3"):
        year = int(g("y3")) if g("y3") else None
        return year, GREGORIAN_MONTHS[_month_key(g("mon3"))], int(g("d3")), "absolute"
    if g("d4"):
        return int(g("y4")), GREGORIAN_MONTHS[_month_key(g("mon4"))], int(g("d4")), "absolute"
    return int(g("yh")), HIJRI_MONTHS[_month_key(g("monh"))], int(g("dh")), "hijri"


def _month_key(name: str) -> str:
    return " ".join(name.lower().split())


def _to_date(year: int, month: int, day: int, kind: str) -> date | None:
    try:
        if kind == "hijri":
            if not (1 <= month <= 12 and 1 <= day <= 30):
                return None
            return hijri_to_gregorian(year, month, day)
        return date(year, month, day) if 1900 <= year <= 2100 else None
    except ValueError:
        return None


def _clock(match: regex.Match) -> tuple[time, tzinfo | None] | None:
    """The time of day (and explicit offset) from a _CLOCK match, or None if impossible."""
    hour, minute = int(match["H"]), int(match["M"] or 0)
    second = int(match["S"] or 0)
    ampm = (match["ampm"] or "").replace(".", "").lower()
    if ampm in ("م", "مساء", "مساءً", "مساءا", "pm") and hour < 12:
        hour += 12
    elif ampm in ("ص", "صباحا", "صباحاً", "am") and hour == 12:
        hour = 0
    if hour > 23 or minute > 59 or second > 59:
        return None
    return time(hour, minute, second), _offset(match["tz"])


def _offset(text: str | None) -> tzinfo | None:
    if not text:
        return None
    if text.upper() in ("Z", "GMT", "UTC"):
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))


def _time_near(
    folded: str, start: int, end: int
) -> tuple[tuple[time, tzinfo | None], int, int] | None:
    """A clock time written right after (or else right before) the date at [start, end)."""
    after = _TIME_AFTER.match(folded, end)
    if after and (clock := _clock(after)):
        return clock, start, after.end()
    before = _TIME_BEFORE.search(folded[max(0, start - 30) : start])
    if before and (clock := _clock(before)):
        return clock, start - (min(start, 30) - before.start()), end
    return None


def _infer_year(month: int, day: int, now: datetime | None) -> int | None:
    """Year of a date printed without one: this year, or last year if that is in the future."""
    if now is None:
        return None
    try:
        candidate = date(now.year, month, day)
    except ValueError:
        return None
    return now.year - 1 if candidate > now.date() + timedelta(days=1) else now.year


def _absolute(
    match: regex.Match, folded: str, tz: tzinfo, now: datetime | None
) -> DateMatch | None:
    year, month, day, kind = _date_parts(match)
    year = year if year is not None else _infer_year(month, day, now)
    day_value = _to_date(year, month, day, kind) if year is not None else None
    if day_value is None:
        return None
    near = _time_near(folded, match.start(), match.end()) if kind != "hijri" else None
    if near is None:
        value = datetime.combine(day_value, time(0), tzinfo=tz)
        return DateMatch(value, match.start(), match.end(), False, kind)
    (clock, offset), start, end = near
    value = datetime.combine(day_value, clock, tzinfo=offset or tz)
    return DateMatch(value, start, end, True, kind)


def _relative(match: regex.Match, folded: str, tz: tzinfo, now: datetime) -> DateMatch:
    now = localize(now, tz)
    if match["day"]:
        return _relative_day(match, folded, now)
    unit = _RELATIVE_UNITS[_month_key(match["u1"] or match["u2"])]
    unit, count = unit if isinstance(unit, tuple) else (unit, int(match["n1"] or match["n2"] or 1))
    value = now - timedelta(**{unit: count})
    return DateMatch(value, match.start(), match.end(), unit in ("minutes", "hours"), "relative")


def _relative_day(match: regex.Match, folded: str, now: datetime) -> DateMatch:
    """أمس / اليوم / hier, with the clock time printed after it if any."""
    day_value = (now - timedelta(days=_DAY_OFFSETS.get(match["day"].lower(), 0))).date()
    after = _TIME_AFTER.match(folded, match.end())
    clock = _clock(after) if after else None
    if clock is None:
        value = datetime.combine(day_value, time(0), tzinfo=now.tzinfo)
        return DateMatch(value, match.start(), match.end(), False, "relative")
    value = datetime.combine(day_value, clock[0], tzinfo=clock[1] or now.tzinfo)
    return DateMatch(value, match.start(), after.end(), True, "relative")


# --- Public API ----------------------------------------------------------------------------


def find_dates(
    text: str, *, tz: str | tzinfo = DEFAULT_TZ, now: datetime | None = None
) -> list[DateMatch]:
    """Every date written in `text`, in order; relative dates only when `now` is given."""
    folded = _fold(text)
    digits = _DIGIT.search(folded) is not None
    relative = now is not None and (
        _RELATIVE_WORD.search(folded) is not None or (digits and _AGO.search(folded) is not None)
    )
    if not digits and not relative:
        return []
    zone = as_tzinfo(tz)
    found = []
    if digits:
        found = [m for m in (_absolute(x, folded, zone, now) for x in _DATE.finditer(folded)) if m]
    if relative:
        found += [_relative(x, folded, zone, now) for x in _RELATIVE.finditer(folded)]
    found.sort(key=lambda m: m.start)
    return _drop_overlaps(found)


def _drop_overlaps(matches: list[DateMatch]) -> list[DateMatch]:
    kept: list[DateMatch] = []
    for match in matches:
        if kept and match.start < kept[-1].end:
            continue
        kept.append(match)
    return kept


def _parse_machine_format(text: str) -> datetime | None:
    """ISO 8601 and RFC 2822 strings, as found in feeds and meta tags."""
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None


def parse_date(
    text: str, *, tz: str | tzinfo = DEFAULT_TZ, now: datetime | None = None
) -> datetime | None:
    """The date one string stands for: Gregorian first, else Hijri, else relative."""
    text = text.strip()
    if not text:
        return None
    machine = _parse_machine_format(text)
    if machine is not None:
        return localize(machine, tz)
    matches = find_dates(text, tz=tz, now=now)
    for kind in ("absolute", "hijri", "relative"):
        for match in matches:
            if match.kind == kind:
                return match.value
    return None


# --- Dates in URLs -------------------------------------------------------------------------

_URL_DATE = regex.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d\d)(?P<sep>[/_-])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?!\d)"
    r"|(?<![\d.])(?P<y2>(?:19|20)\d\d)(?P<m2>[01]\d)(?P<d2>[0-3]\d)(?![\d])"
)


def date_from_url(url: str, *, tz: str | tzinfo = DEFAULT_TZ) -> datetime | None:
    """The date in a URL path (/2016/05/17/, /2016-05-17-, /20160517/, -20241122), at midnight."""
    path = urlsplit(url).path
    for match in _URL_DATE.finditer(path):
        year, month, day = (
            (match["y"], match["m"], match["d"]) if match["y"] else match.group("y2", "m2", "d2")
        )
        try:
            return datetime(int(year), int(month), int(day), tzinfo=as_tzinfo(tz))
        except ValueError:
            continue
    return None


# --- Choosing the publication date ---------------------------------------------------------

ORIGIN_RANK = {
    "jsonld": 0,
    "meta": 1,
    "time_tag": 2,
    "feed": 3,
    "url": 4,
    "visible_text_near_title": 5,
    "visible_text": 6,
}
IGNORED_ORIGINS = ("copyright", "related")


def _rank(origin: str) -> int | None:
    """Rank of an origin such as "meta" or "meta:article:published_time"; None to ignore."""
    origin = origin.lower()
    if any(word in origin for word in IGNORED_ORIGINS):
        return None
    rank = ORIGIN_RANK.get(origin.split(":", 1)[0])
    if rank is None:
        return None
    if "modified" in origin or "updated" in origin:
        return rank + len(ORIGIN_RANK)  # a modification date is a last resort
    return rank


def _plausible(value: datetime, now: datetime) -> bool:
    return EARLIEST <= value <= now + timedelta(days=1)


def choose_publication_date(
    candidates: Iterable[tuple[datetime | str | None, str]],
    *,
    now: datetime | None = None,
    tz: str | tzinfo = DEFAULT_TZ,
) -> datetime | None:
    """The publication date among (value, origin) candidates.

    Structured dates of the article itself (JSON-LD, meta, <time>) win, then the feed date,
    then the URL, then a date near the title, then other visible text; copyright and related-
    item dates are ignored, and so are dates in the future (beyond now + 1 day) or before 1990.
    Among equals, structured origins give the earliest date, visible text its first one.
    """
    now = localize(now, tz) if now else datetime.now(UTC)
    ranked = sorted(_usable_candidates(candidates, now, tz))
    if not ranked:
        return None
    return _with_time_if_same_day(ranked[0][2], [value for _, _, value in ranked[1:]])


def _usable_candidates(candidates, now: datetime, tz: str | tzinfo):
    """(rank, tie-break, value) for each plausible candidate of a known, trusted origin."""
    for order, (value, origin) in enumerate(candidates):
        if isinstance(value, str):
            value = parse_date(value, tz=tz, now=now)
        rank = _rank(origin)
        if value is None or rank is None:
            continue
        value = localize(value, tz)
        if _plausible(value, now):
            in_text = origin.startswith("visible_text")
            yield rank, order if in_text else value.timestamp(), value


def _with_time_if_same_day(chosen: datetime, others: list[datetime]) -> datetime:
    """A date-only winner (the URL's, say) takes the time of another candidate of that day."""
    if chosen.timetz().replace(tzinfo=None) != time(0):
        return chosen
    for other in others:
        if other.date() == chosen.date() and other.timetz().replace(tzinfo=None) != time(0):
            return other
    return chosen
