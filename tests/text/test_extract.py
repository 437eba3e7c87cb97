"""Extraction: the real Arabic pages of ../shared/data/pages, and small invented pages.

The real pages are read from the shared data folder at test time (never copied here). The
invented pages below are written for these tests: one page per pruning rule.
"""

import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from akhbar.text.encoding import decode_html
from akhbar.text.extract import extract_article, similarity, words
from akhbar.text.quality import quality_problem
from eval import SHARED_DATA

PAGES = SHARED_DATA / "pages"
NOW = datetime(2026, 11, 29, 12, 0, tzinfo=ZoneInfo("Africa/Algiers"))
URL = "https://sada.test/national/2026/11/20/markaz"


# --- The real pages -----------------------------------------------------------------------


def manifest() -> list[dict]:
    if not (PAGES / "manifest.jsonl").exists():
        return []
    lines = (PAGES / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def real(kind=None, lang="ar") -> list[dict]:
    # no shared data means no real pages: the suite must fail, never pass empty
    found = [m for m in manifest() if m["lang"] == lang and (kind is None or kind(m))]
    assert found, f"no real {lang} pages under {PAGES}"
    return found


def extracted(entry: dict):
    html, _ = decode_html((PAGES / entry["html_file"]).read_bytes())
    return extract_article(html, entry["url"], now=NOW)


def gold_day(value: str) -> date:
    if "/" in value:
        return datetime.strptime(value, "%d/%m/%Y").date()
    return datetime.fromisoformat(value).date()


def page_id(entry) -> str:
    return entry["id"] if isinstance(entry, dict) else "none"


@pytest.mark.parametrize("entry", real(lambda m: m.get("gold_title")), ids=page_id)
def test_it_reads_the_title_of_real_arabic_pages(entry):
    # it should give the title the page shows (quotes kept, site name dropped)
    assert words(extracted(entry).title) == words(entry["gold_title"])


@pytest.mark.parametrize("entry", real(lambda m: m.get("gold_date")), ids=page_id)
def test_it_dates_real_arabic_pages_to_the_day(entry):
    published = extracted(entry).published_at
    # it should find the publication day, never the crawl day or a related item's
    assert published is not None
    assert published.astimezone(ZoneInfo("Africa/Algiers")).date() == gold_day(entry["gold_date"])


@pytest.mark.parametrize("entry", real(lambda m: m.get("gold_with")), ids=page_id)
def test_it_keeps_the_with_snippets_and_drops_the_without_ones(entry):
    body = " ".join(extracted(entry).text.split())
    # it should keep every "with" snippet of the gold
    assert [s for s in entry["gold_with"] if s not in body] == []
    # it should drop every "without" snippet (related items, weather, comment forms)
    assert [s for s in entry["gold_without"] if s in body] == []


@pytest.mark.parametrize("entry", real(lambda m: m.get("gold_text_file")), ids=page_id)
def test_it_extracts_the_whole_body_and_nothing_else(entry):
    gold = (PAGES / entry["gold_text_file"]).read_text(encoding="utf-8")
    result = extracted(entry)
    body = f"{result.lede}\n{result.text}"
    # it should hold every gold paragraph
    missing = [
        p
        for p in gold.split("\n")
        if p.strip() and " ".join(p.split()) not in " ".join(body.split())
    ]
    assert missing == []
    # it should add next to nothing (dates, categories, share buttons stay out)
    assert len(words(body)) <= 1.05 * len(words(gold))


@pytest.mark.parametrize(
    "entry", real(lambda m: m.get("fundus_version_key"), lang="fr"), ids=page_id
)
def test_it_keeps_the_lede_of_real_pages_apart(entry):
    gold = json.loads((PAGES / entry["gold_file"]).read_text(encoding="utf-8"))
    summary = " ".join(gold[entry["fundus_version_key"]]["body"]["summary"])
    result = extracted(entry)
    # it should give the standfirst as the lede
    assert similarity(result.lede, summary) >= 0.9
    # it should not repeat it at the top of the body
    assert similarity(result.text.split("\n\n")[0], summary) < 0.9


@pytest.mark.parametrize("entry", real(lambda m: m.get("gold_text_file")), ids=page_id)
def test_it_lets_real_arabic_pages_through_the_quality_gate(entry):
    # it should find nothing wrong with a clean Arabic article
    assert quality_problem(extracted(entry), min_chars=100) is None


# --- Invented pages -----------------------------------------------------------------------

TITLE = "افتتاح مركز جديد للتكوين المهني بالبليدة"
BODY = [
    "افتتح والي ولاية البليدة صباح اليوم مركزا جديدا للتكوين المهني يتسع لخمسمائة متربص "
    "في تخصصات الفلاحة والصناعات الغذائية والطاقات المتجددة.",
    "وأوضح المسؤول أن المركز سيستقبل الدفعة الأولى من المتربصين مع الدخول المقبل بعد "
    "استكمال تجهيز الورشات والمخابر بالعتاد الضروري.",
    "كما أعلن عن برنامج لتكوين الحرفيين في الصناعات التقليدية بالشراكة مع غرفة الصناعة "
    "التقليدية والحرف للولاية ابتداء من الشهر المقبل.",
    "ويأتي هذا المشروع في إطار مخطط محلي يهدف إلى تقريب مؤسسات التكوين من الشباب في "
    "البلديات الداخلية وتخفيف عناء التنقل عنهم.",
]


def article(
    inside: str = "",
    *,
    head: str = "",
    before: str = "",
    after: str = "",
    title: str = TITLE,
    body: list[str] = BODY,
) -> str:
    """An invented article page: `before` and `after` go around the body, inside <article>."""
    paragraphs = "".join(f"<p>{p}</p>" for p in body)
    return (
        f'<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">'
        f"<title>{title} - صدى اليوم</title>{head}</head><body>"
        f'<nav><a href="/">الرئيسية</a><a href="/national/">وطني</a></nav>'
        f'<main><article><h1>{title}</h1>{before}<div class="content">{paragraphs}{inside}</div>'
        f"{after}</article></main><footer>جميع الحقوق محفوظة 2026</footer></body></html>"
    )


def extract(html: str, **options):
    options.setdefault("now", NOW)
    return extract_article(html, options.pop("url", URL), **options)


def test_it_builds_on_trafilatura_for_the_body():
    result = extract(article())
    # it should give the four paragraphs, separated by blank lines
    assert result.text.split("\n\n") == BODY


def test_it_drops_the_headline_ticker():
    ticker = (
        '<div class="news-ticker"><span>عاجل</span><ul>'
        '<li><a href="/1">ارتفاع أسعار الخضر في الأسواق</a></li>'
        '<li><a href="/2">تأجيل مباراة الفريق الوطني</a></li></ul></div>'
    )
    result = extract(article(before=ticker))
    # it should keep no headline of the ticker
    assert "ارتفاع أسعار الخضر" not in result.text and "تأجيل مباراة" not in result.text


def test_it_drops_read_also_blocks():
    read_also = (
        '<div class="box"><h3>اقرأ أيضا</h3><ul>'
        '<li><a href="/3">تدشين مستشفى جديد بتيبازة وسط حضور كبير للمواطنين</a></li>'
        '<li><a href="/4">انطلاق موسم جني الزيتون بولاية بجاية هذا الأسبوع</a></li></ul></div>'
        '<p>إقرأ أيضا: <a href="/5">توزيع ألف سكن بولاية المدية قبل نهاية السنة الجارية</a></p>'
    )
    html = article(body=BODY[:2], inside=read_also + "".join(f"<p>{p}</p>" for p in BODY[2:]))
    result = extract(html)
    # it should drop the label and the headlines it introduces
    assert "أيضا" not in result.text and "مستشفى" not in result.text
    assert "المدية" not in result.text
    # it should keep the paragraphs on both sides of the block
    assert result.text.split("\n\n") == BODY


def test_it_drops_french_lire_aussi_links():
    lire = '<p><strong>Lire aussi :</strong> <a href="/6">La rentrée universitaire fixée au 20 septembre</a></p>'
    html = article(body=BODY[:2], inside=lire + "".join(f"<p>{p}</p>" for p in BODY[2:]))
    # it should drop the label and its link, and keep the paragraphs around
    assert extract(html).text.split("\n\n") == BODY


def test_it_drops_cookie_banners():
    banner = (
        '<div class="cookie-consent"><p>يستخدم هذا الموقع ملفات تعريف الارتباط لتحسين تجربتكم '
        "في التصفح وقياس عدد الزيارات.</p><button>موافق</button></div>"
    )
    # it should keep the banner out of the body
    assert "الارتباط" not in extract(article(inside=banner)).text


def test_it_drops_share_and_report_notices():
    notices = (
        '<div class="tools"><button>شارك هذا المقال</button></div>'
        "<p>شكرا على الإبلاغ! سيتم حجب هذه الصورة تلقائيا عندما يتم الإبلاغ عنها من طرف عدة أشخاص.</p>"
    )
    result = extract(article(inside=notices))
    # it should keep no share button and no report notice
    assert "شارك" not in result.text and "الإبلاغ" not in result.text


def test_it_drops_the_comment_policy():
    policy = (
        "<section><h3>التعليقات</h3>"
        "<p>ننبه القراء إلى أن التعليقات المسيئة أو الخارجة عن موضوع المقال لن تنشر.</p></section>"
    )
    result = extract(article(after=policy))
    # it should keep neither the comments heading nor the policy
    assert "ننبه القراء" not in result.text
    assert result.text.split("\n\n")[-1] == BODY[-1]


def test_it_drops_captions():
    figure = (
        '<figure><img src="/media/markaz.jpg" alt="">'
        "<figcaption>صورة من حفل الافتتاح بحضور السلطات المحلية</figcaption></figure>"
    )
    result = extract(article(before=figure))
    # it should keep the caption out of the body
    assert "حفل الافتتاح" not in result.text


def test_it_reads_the_byline_before_removing_it():
    byline = '<div class="byline">بقلم: سليمة بن علي</div>'
    result = extract(article(before=byline))
    # it should give the name without "بقلم"
    assert result.author == "سليمة بن علي"
    # it should keep the byline out of the body
    assert "بقلم" not in result.text


def test_it_takes_the_wire_agency_as_author():
    body = [*BODY[:-1], BODY[-1] + " (واج)"]
    # it should read "(واج)" at the end of the dispatch as its author
    assert extract(article(body=body)).author == "واج"


def test_it_reads_french_bylines():
    byline = "<p>Par Karim Belkacem</p>"
    # it should strip "Par" and keep the name
    assert extract(article(before=byline)).author == "Karim Belkacem"


def test_it_takes_the_h2_after_the_title_as_lede():
    lede = "<h2>مركز بطاقة خمسمائة مقعد بيداغوجي يفتح أبوابه مع الدخول المقبل</h2>"
    result = extract(article(before=lede))
    # it should give the subtitle as lede
    assert result.lede == "مركز بطاقة خمسمائة مقعد بيداغوجي يفتح أبوابه مع الدخول المقبل"
    # it should keep it out of the body
    assert "خمسمائة مقعد" not in result.text


def test_it_takes_a_bold_first_paragraph_as_lede():
    lede = "<p><strong>دشن والي البليدة مركزا للتكوين المهني سيفتح أبوابه للمتربصين مع الدخول المقبل.</strong></p>"
    result = extract(article(before=lede))
    # it should give the bold paragraph as lede, once
    assert result.lede.startswith("دشن والي البليدة")
    assert "دشن والي البليدة" not in result.text


def test_it_takes_the_meta_description_as_lede_when_the_page_has_none():
    description = (
        "مركز جديد للتكوين المهني بالبليدة يستقبل خمسمائة متربص في تخصصات الفلاحة والطاقات المتجددة"
    )
    head = f'<meta name="description" content="{description}">'
    result = extract(article(head=head))
    # it should give the description as lede
    assert result.lede == description
    # it should leave the body whole
    assert result.text.split("\n\n") == BODY


def test_it_ignores_a_meta_description_that_only_cuts_the_first_paragraph():
    head = f'<meta name="description" content="{BODY[0][:60]}...">'
    result = extract(article(head=head))
    # it should see no lede in a truncated copy of the first paragraph
    assert result.lede == ""
    assert result.text.split("\n\n") == BODY


def test_it_prefers_og_image_to_the_first_figure():
    head = '<meta property="og:image" content="/media/og.jpg">'
    figure = '<figure><img src="/media/figure.jpg" alt=""></figure>'
    # it should take og:image, made absolute
    assert extract(article(head=head, before=figure)).image == "https://sada.test/media/og.jpg"
    # it should fall back to the first figure of the article
    assert extract(article(before=figure)).image == "https://sada.test/media/figure.jpg"


def test_it_takes_the_h1_when_it_matches_a_truncated_og_title():
    head = f'<meta property="og:title" content="{TITLE[:25]}">'
    # it should give the whole title the page shows
    assert extract(article(head=head)).title == TITLE


def test_it_strips_the_site_name_from_the_html_title():
    html = article().replace(f"<h1>{TITLE}</h1>", "")
    # it should drop " - صدى اليوم"
    assert extract(html).title == TITLE


def test_it_applies_per_outlet_prune_rules():
    promo = '<div class="promo-x"><p>اشترك في نشرتنا الإخبارية لتصلك آخر الأخبار كل صباح على بريدك الإلكتروني.</p></div>'
    html = article(inside=promo)
    # it should keep the promo without rules (it looks like any paragraph)
    assert "اشترك" in extract(html).text
    # it should drop it with the outlet's prune rule
    assert "اشترك" not in extract(html, rules={"prune": ['//div[@class="promo-x"]']}).text


def test_it_applies_a_per_outlet_select_rule():
    html = article(after='<div class="extra"><p>فقرة خارج النص لا تنتمي إلى المقال.</p></div>')
    result = extract(html, rules={"select": '//div[@class="content"]'})
    # it should take the body from the selected element only
    assert result.text.split("\n\n") == BODY


def test_it_prefers_structured_dates_to_visible_ones():
    head = '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2026-11-20T09:30:00+01:00"}</script>'
    before = '<div class="meta">السبت 21 نوفمبر 2026</div>'
    result = extract(article(head=head, before=before))
    # it should take the JSON-LD date
    assert result.published_at == datetime(2026, 11, 20, 9, 30, tzinfo=ZoneInfo("Africa/Algiers"))


def test_it_reads_the_dateline_under_the_title_in_the_outlets_time_zone():
    before = '<div class="meta">نشر يوم الجمعة 20 نوفمبر 2026 على الساعة 10:15</div>'
    result = extract(
        article(before=before), url="https://sada.test/national/markaz", tz="Africa/Tunis"
    )
    # it should read the Arabic dateline and localize it to the outlet's zone
    assert result.published_at == datetime(2026, 11, 20, 10, 15, tzinfo=ZoneInfo("Africa/Tunis"))


def test_it_ignores_the_dates_of_related_items_and_copyright_lines():
    related = (
        '<aside class="related"><ul><li><a href="/9">خبر قديم</a>'
        '<time datetime="2019-01-01T10:00:00+01:00">2019</time></li></ul></aside>'
    )
    html = article(after=related).replace("2026</footer>", "2021 ©</footer>")
    result = extract(html)
    # it should fall back to the URL's date, not 2019 nor 2021
    assert result.published_at.date() == date(2026, 11, 20)


def test_it_gives_the_outlets_section():
    head = '<meta property="article:section" content="وطني">'
    # it should take article:section first
    assert extract(article(head=head)).category_hint == "وطني"
    # it should fall back to the first word of the URL path
    assert extract(article()).category_hint == "national"


def test_it_detects_the_language():
    # it should see Arabic
    assert extract(article()).language == "ar"


def test_it_survives_empty_and_broken_pages():
    # it should give an empty result, not raise
    assert extract("").text == ""
    assert extract("<html><body><p>").title == ""


# --- The quality gate ---------------------------------------------------------------------


def gate(text: str, **fields):
    from akhbar.text.extract import Extracted

    return quality_problem(Extracted(title=fields.pop("title", TITLE), text=text, **fields))


def test_it_passes_a_clean_article():
    # it should find no problem
    assert gate("\n\n".join(BODY), language="ar") is None


def test_it_refuses_a_short_body():
    # it should say how short
    assert gate("فقرة قصيرة.", language="ar") == "body too short (11 chars)"


def test_it_refuses_an_unsupported_language():
    text = " ".join(["Dit is een artikel in het Nederlands over het nieuwe centrum."] * 8)
    # it should name the language it found (or "unknown")
    assert gate(text, language="nl") == "language nl not supported"


def test_it_refuses_mojibake():
    text = "\n\n".join(BODY).encode("utf-8").decode("latin-1")
    # it should see Arabic decoded as Latin-1
    assert gate(text, title="") == "garbled: mojibake"


def test_it_refuses_replacement_characters():
    text = "\n\n".join(BODY).replace("ا", "\ufffd")
    # it should see the bytes that could not be decoded
    assert gate(text) == "garbled: mojibake"


def test_it_refuses_presentation_form_arabic():
    import unicodedata

    forms = {unicodedata.normalize("NFKC", chr(c)): chr(c) for c in range(0xFE80, 0xFEFC)}
    text = "".join(forms.get(ch, ch) for ch in "\n\n".join(BODY))
    # it should see glyph codes instead of letters
    assert gate(text, title="") == "garbled: presentation-form Arabic"


def test_its_presentation_density_counts_what_the_patterns_find():
    import unicodedata

    from akhbar.text.quality import _ARABIC_LETTER, _PRESENTATION_FORM, presentation_density

    forms = {unicodedata.normalize("NFKC", chr(c)): chr(c) for c in range(0xFE80, 0xFEFC)}
    body = "\n\n".join(BODY)
    half = body[: len(body) // 2] + "".join(forms.get(ch, ch) for ch in body[len(body) // 2 :])
    edges = "\ufb4f\ufb50\ufdff\ufe00\ufe6f\ufe70\ufefe\ufeff\u0620\u0621\u064a\u064b 😀"
    for text in (body, half, edges, "", "plain Latin"):
        forms_found = len(_PRESENTATION_FORM.findall(text))
        letters = len(_ARABIC_LETTER.findall(text))
        expected = forms_found / (forms_found + letters) if forms_found + letters else 0.0
        # it should count exactly the characters of the two patterns' ranges
        assert presentation_density(text) == expected


def test_it_refuses_reversed_arabic():
    text = "\n\n".join(" ".join(word[::-1] for word in p.split()) for p in BODY)
    # it should see words ending in "لا" instead of starting with "ال"
    assert gate(text, title="") == "garbled: reversed Arabic"


# --- The `akhbar extract` command ---------------------------------------------------------


def test_it_extracts_two_real_pages_in_one_run(tmp_path):
    import io

    from django.core.management import call_command

    entries = [m for m in manifest() if m["id"].startswith("antcrawler")][:2]
    assert len(entries) == 2, f"the real pages under {PAGES} are missing"
    out = io.StringIO()
    call_command("extract", *(str(PAGES / m["html_file"]) for m in entries), "--json", stdout=out)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    # it should print one JSON object per page, in order
    assert [r["path"] for r in records] == [str(PAGES / m["html_file"]) for m in entries]
    # it should give each page's title, date with its zone, language and codec
    for record, entry in zip(records, entries, strict=True):
        assert words(record["title"]) == words(entry["gold_title"])
        assert datetime.fromisoformat(record["published_at"]).date() == gold_day(entry["gold_date"])
        assert record["published_at"].endswith("+01:00")
        assert (record["language"], record["encoding"]) == ("ar", "utf-8")
        assert set(record) == {
            "path",
            "title",
            "lede",
            "text",
            "author",
            "published_at",
            "image",
            "language",
            "category",
            "encoding",
        }


def test_it_reports_a_failing_page_and_goes_on(tmp_path):
    import io

    from django.core.management import call_command

    good = tmp_path / "good.html"
    good.write_bytes(article().encode("windows-1256", "replace").replace(b"utf-8", b"windows-1256"))
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("extract", str(tmp_path / "missing.html"), str(good), "--json", stdout=out)
    first, second = (json.loads(line) for line in out.getvalue().splitlines())
    # it should print the error on the failing page's line
    assert "error" in first
    # it should still extract the next page, decoded from windows-1256
    assert second["title"] == TITLE and second["encoding"] == "windows-1256"
    # it should exit non-zero
    assert exit_info.value.code == 1


def test_it_drops_report_buttons_but_keeps_a_sentence_asking_readers_to_report():
    buttons = (
        '<div class="tools"><button>الإبلاغ عن الصورة</button>'
        '<a href="/report">الإبلاغ عن مشكلة في هذا الخبر</a></div>'
    )
    sentence = (
        "<p>ودعت الشرطة المواطنين إلى الإبلاغ عن أية معلومات تتوفر لديهم عن مكان تواجد "
        "المشتبه فيه، والاتصال بأقرب مركز للأمن أو بالرقم الأخضر المخصص لذلك.</p>"
    )
    result = extract(article(inside=buttons + sentence))
    # it should drop the buttons and keep the body's sentence
    assert "الإبلاغ عن الصورة" not in result.text and "مشكلة في هذا الخبر" not in result.text
    assert "إلى الإبلاغ عن أية معلومات" in result.text


def test_it_keeps_a_sentence_whose_word_ends_with_a_share_notice():
    # demo content, written for this test: "will take part this season" holds "شارك هذا"
    # (share this) inside its first word
    sentence = (
        "<p>سيشارك هذا الموسم ثلاثة فرق صعدت من الدرجة الثانية، وتلعب أولى مبارياتها "
        "على أرضها أمام جمهورها.</p>"
    )
    share = '<div class="share">شارك هذا المقال</div>'
    result = extract(article(inside=sentence + share))
    # it should keep the body's sentence and drop the share notice
    assert "سيشارك هذا الموسم" in result.text
    assert "شارك هذا المقال" not in result.text


def test_it_keeps_a_french_sentence_asking_readers_to_report():
    buttons = '<div class="tools"><button>Signaler ce contenu</button></div>'
    sentence = (
        "<p>La police invite les citoyens à signaler un comportement suspect au numéro vert, "
        "disponible jour et nuit, ou à se présenter au commissariat le plus proche.</p>"
    )
    result = extract(article(inside=buttons + sentence))
    # it should drop the button and keep the body's sentence
    assert "Signaler ce contenu" not in result.text
    assert "signaler un comportement suspect" in result.text
