"""Named entities for story clustering (pure): a small bilingual gazetteer and heuristics.

An entity is a string id. Gazetteer entries (places, figures, institutions) get the same id in
both scripts (``g:oran`` for وهران and Oran), which is how an Arabic and a French article about
one event meet. Numbers give ``n:<digits>``; Latin capitalized words and Arabic words after a
title or place word (السيد، الوزير، والي، ولاية …) give ``w:<normalized word>``, which only
match within one script. Every name is written here by the project and normalized with the
analyzer's ``normalize_for_match`` when the module loads, so the gazetteer and the text are
folded the same way (ة → ه, أ → ا, accents dropped, lower case).
"""

from functools import lru_cache

import regex

from akhbar.text.analyzer import normalize_for_match
from akhbar.text.stopwords import ARABIC_STOPWORDS, FRENCH_STOPWORDS

# id: names in both scripts. Country-level names are COMMON: they say little about the event.
WILAYAS = {
    "adrar": "أدرار|Adrar",
    "chlef": "الشلف|Chlef",
    "laghouat": "الأغواط|Laghouat",
    "oum-el-bouaghi": "أم البواقي|Oum El Bouaghi",
    "batna": "باتنة|Batna",
    "bejaia": "بجاية|Béjaïa|Bejaia|Bougie",
    "biskra": "بسكرة|Biskra",
    "bechar": "بشار|Béchar",
    "blida": "البليدة|Blida",
    "bouira": "البويرة|Bouira",
    "tamanrasset": "تمنراست|Tamanrasset",
    "tebessa": "تبسة|Tébessa",
    "tlemcen": "تلمسان|Tlemcen",
    "tiaret": "تيارت|Tiaret",
    "tizi-ouzou": "تيزي وزو|Tizi Ouzou|Tizi-Ouzou",
    "djelfa": "الجلفة|Djelfa",
    "jijel": "جيجل|Jijel",
    "setif": "سطيف|Sétif",
    "saida": "سعيدة|Saïda",
    "skikda": "سكيكدة|Skikda",
    "sidi-bel-abbes": "سيدي بلعباس|Sidi Bel Abbès",
    "annaba": "عنابة|Annaba",
    "guelma": "قالمة|Guelma",
    "constantine": "قسنطينة|Constantine",
    "medea": "المدية|Médéa",
    "mostaganem": "مستغانم|Mostaganem",
    "msila": "المسيلة|M'Sila|Msila",
    "mascara": "معسكر|Mascara",
    "ouargla": "ورقلة|Ouargla",
    "oran": "وهران|Oran",
    "el-bayadh": "البيض|El Bayadh",
    "illizi": "إليزي|Illizi",
    "bordj-bou-arreridj": "برج بوعريريج|Bordj Bou Arréridj",
    "boumerdes": "بومرداس|Boumerdès",
    "el-tarf": "الطارف|El Tarf",
    "tindouf": "تندوف|Tindouf",
    "tissemsilt": "تيسمسيلت|Tissemsilt",
    "el-oued": "الوادي|El Oued",
    "khenchela": "خنشلة|Khenchela",
    "souk-ahras": "سوق أهراس|Souk Ahras",
    "tipaza": "تيبازة|Tipaza",
    "mila": "ميلة|Mila",
    "ain-defla": "عين الدفلى|Aïn Defla",
    "naama": "النعامة|Naâma",
    "ain-temouchent": "عين تموشنت|Aïn Témouchent",
    "ghardaia": "غرداية|Ghardaïa",
    "relizane": "غليزان|Relizane",
    "timimoun": "تيميمون|Timimoun",
    "bordj-badji-mokhtar": "برج باجي مختار|Bordj Badji Mokhtar",
    "ouled-djellal": "أولاد جلال|Ouled Djellal",
    "beni-abbes": "بني عباس|Béni Abbès",
    "in-salah": "عين صالح|In Salah",
    "in-guezzam": "عين قزام|In Guezzam",
    "touggourt": "تقرت|Touggourt",
    "djanet": "جانت|Djanet",
    "el-mghair": "المغير|El M'Ghair",
    "el-meniaa": "المنيعة|El Meniaa",
    "el-kala": "القالة|El Kala",
    "hassi-messaoud": "حاسي مسعود|Hassi Messaoud",
}
FIGURES = {
    "tebboune": "تبون|Tebboune",
    "attaf": "عطاف|Attaf",
    "chanegriha": "شنقريحة|Chanegriha|Chengriha",
    "boughali": "بوغالي|Boughali",
    "sonatrach": "سوناطراك|Sonatrach",
    "sonelgaz": "سونلغاز|Sonelgaz",
    "apn": "المجلس الشعبي الوطني|APN|Assemblée populaire nationale",
    "senate": "مجلس الأمة|Conseil de la nation",
    "protection-civile": "الحماية المدنية|Protection civile",
    "onm": "الديوان الوطني للأرصاد الجوية|ONM|Office national de la météorologie",
    "un": "الأمم المتحدة|ONU|Nations unies",
    "african-union": "الاتحاد الإفريقي|Union africaine",
    "arab-league": "الجامعة العربية|Ligue arabe",
}
COUNTRIES = {
    "algeria": "الجزائر|الجزائرية|الجزائري|Algérie|Alger|algérien|algérienne",
    "tunisia": "تونس|Tunisie|Tunis",
    "morocco": "المغرب|Maroc",
    "libya": "ليبيا|Libye",
    "egypt": "مصر|Égypte",
    "mali": "مالي|Mali",
    "niger": "النيجر|Niger",
    "mauritania": "موريتانيا|Mauritanie",
    "france": "فرنسا|France",
    "palestine": "فلسطين|Palestine",
    "gaza": "غزة|Gaza",
    "saudi-arabia": "السعودية|Arabie saoudite",
    "qatar": "قطر|Qatar",
    "turkey": "تركيا|Turquie",
    "russia": "روسيا|Russie",
    "china": "الصين|Chine",
    "usa": "الولايات المتحدة|États-Unis",
    "spain": "إسبانيا|Espagne",
    "italy": "إيطاليا|Italie",
}
# وزارة/وزير X and ministère/ministre du X give one id per ministry.
MINISTRIES = {
    "commerce": "التجارة|commerce",
    "health": "الصحة|santé",
    "interior": "الداخلية|intérieur",
    "agriculture": "الفلاحة|agriculture",
    "energy": "الطاقة|énergie",
    "education": "التربية|éducation",
    "higher-education": "التعليم العالي|enseignement supérieur",
    "water": "الري|ressources en eau|hydraulique",
    "housing": "السكن|habitat",
    "finance": "المالية|finances",
    "justice": "العدل|justice",
    "defense": "الدفاع|défense",
    "foreign": "الخارجية|affaires étrangères",
    "transport": "النقل|transports",
    "communication": "الاتصال|communication",
    "sports": "الشباب والرياضة|sports",
    "culture": "الثقافة|culture",
    "religious": "الشؤون الدينية|affaires religieuses",
}
MINISTRY_WORDS = frozenset(normalize_for_match("وزارة وزير وزيرة ministère ministre"))
COMMON = frozenset(f"g:{key}" for key in COUNTRIES)
# Words after which Arabic text usually names a person or a place.
TRIGGERS = frozenset(
    normalize_for_match(
        "السيد السيدة الرئيس الوزير الوزيرة الوالي والي ولاية بلدية مدينة الشيخ الدكتور "
        "الفريق اللواء العقيد المدرب اللاعب النجم رئيس"
    )
)
PROCLITICS = "وبلفك"
_LATIN_CAPITALIZED = regex.compile(r"\b\p{Lu}[\p{L}'’-]{2,}")


def _aliases(table: dict[str, str]) -> dict[tuple[str, ...], str]:
    index = {}
    for key, names in table.items():
        for name in names.split("|"):
            words = tuple(normalize_for_match(name))
            if words:
                index[words] = f"g:{key}"
    return index


PLACES = {**_aliases(WILAYAS), **_aliases(FIGURES), **_aliases(COUNTRIES)}
MINISTRY_DOMAINS = {
    words: f"g:ministry-{key.removeprefix('g:')}" for words, key in _aliases(MINISTRIES).items()
}
LONGEST_NAME = max(len(words) for words in [*PLACES, *MINISTRY_DOMAINS])
FIRST_WORDS = frozenset(words[0] for words in [*PLACES, *MINISTRY_DOMAINS])


@lru_cache(maxsize=100_000)
def variants(word: str) -> tuple[str, ...]:
    """The word and what it may be without Arabic proclitics: بوهران → وهران, للجزائر → الجزائر."""
    found = [word]
    if len(word) > 3 and word[0] in PROCLITICS:
        found.append(word[1:])
        if word[1] in "بلك" and word[0] in "وف" and len(word) > 4:
            found.append(word[2:])
    for prefix in ("لل", "ولل", "فلل"):
        if word.startswith(prefix) and len(word) > len(prefix) + 2:
            found.append("ال" + word[len(prefix) :])
    return tuple(found)


@lru_cache(maxsize=100_000)
def _word_info(word: str) -> tuple[tuple[str, ...], bool]:
    """Per word, once: its variants that may start a name, and whether it says "ministry"."""
    found = variants(word)
    return tuple(v for v in found if v in FIRST_WORDS), any(v in MINISTRY_WORDS for v in found)


def _match_at(words: list[str], i: int, table: dict[tuple[str, ...], str]) -> tuple[str, int]:
    """The longest name of ``table`` starting at words[i] (proclitics allowed on its first word)."""
    if i >= len(words):
        return "", 0
    firsts = _word_info(words[i])[0]
    if not firsts:
        return "", 0
    for length in range(min(LONGEST_NAME, len(words) - i), 0, -1):
        rest = tuple(words[i + 1 : i + length])
        for first in firsts:
            key = table.get((first, *rest))
            if key:
                return key, length
    return "", 0


def _name_words() -> frozenset[str]:
    """Every word for which ``_word_info`` finds something: a name's first word or a
    "ministry" word, bare or behind the proclitics ``variants`` strips. The candidates are
    each such word with every prefix ``variants`` removes; the set keeps those that
    ``_word_info`` itself accepts."""
    targets = FIRST_WORDS | MINISTRY_WORDS
    candidates = set(targets)
    for word in targets:
        candidates.update(clitic + word for clitic in PROCLITICS)
        candidates.update(first + second + word for first in "وف" for second in "بلك")
        if word.startswith("ال"):
            candidates.update(prefix + word[2:] for prefix in ("لل", "ولل", "فلل"))
    return frozenset(word for word in candidates if any(_word_info(word)))


NAME_WORDS = _name_words()


def gazetteer_entities(words: list[str]) -> list[str]:
    """Gazetteer ids found in normalized words, including وزارة/ministère + domain."""
    if NAME_WORDS.isdisjoint(words):
        return []
    found, resume = [], 0
    # only the words that may start a name or say "ministry" (a set lookup each, where
    # ``_word_info`` cost a call for every word)
    for i in [i for i, word in enumerate(words) if word in NAME_WORDS]:
        if i < resume:  # inside a name found already
            continue
        key, length = _match_at(words, i, PLACES)
        if key:
            found.append(key)
            resume = i + length
            continue
        if _word_info(words[i])[1]:
            j = i + 1
            while j < len(words) and words[j] in ("de", "du", "des", "la", "l"):
                j += 1
            key, length = _match_at(words, j, MINISTRY_DOMAINS)
            if key:
                found.append(key)
                resume = j + length
    return found


def number_entities(words: list[str]) -> list[str]:
    """Numbers of two or more digits (not the thousands group "000"), as ``n:<digits>``."""
    # isdecimal: every character a decimal digit of any script (regex's \d), without a regex
    return [f"n:{w}" for w in words if len(w) >= 2 and w.isdecimal() and w != "000"]


def proper_noun_entities(text: str, words: list[str]) -> list[str]:
    """Latin capitalized words (not stop words) and Arabic words right after a trigger word."""
    found = []
    for match in _LATIN_CAPITALIZED.finditer(text):
        for folded in normalize_for_match(match.group()):
            if len(folded) > 2 and folded not in FRENCH_STOPWORDS:
                found.append(f"w:{folded}")
    for previous, word in zip(words, words[1:], strict=False):
        if (
            previous in TRIGGERS
            and word not in TRIGGERS
            and word not in ARABIC_STOPWORDS
            and not word.isascii()
        ):
            found.append(f"w:{word}")
    return found


def entities(text: str) -> frozenset[str]:
    """Every entity id of a text: gazetteer names, numbers and proper-noun guesses."""
    words = normalize_for_match(text or "")
    return frozenset(
        gazetteer_entities(words) + number_entities(words) + proper_noun_entities(text, words)
    )
