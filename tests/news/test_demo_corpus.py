"""The demo corpus: invented articles by invented outlets, shaped like the real data."""

import json
from collections import defaultdict
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from akhbar.news.sourcefile import read_sources

DEMO = Path(__file__).resolve().parents[2] / "akhbar" / "demo"
FIELDS = {
    "id", "source", "source_domain", "source_country", "lang", "url", "title", "body",
    "abstract", "category", "category_original", "date", "date_iso", "author", "dup_group",
    "story_group", "image", "license", "origin",
}  # fmt: skip
CATEGORIES = {
    "politics", "national", "international", "economy", "sports", "culture", "religion",
    "health", "society", "technology", "opinion",
}  # fmt: skip


@cache
def corpus() -> tuple[dict, ...]:
    with open(DEMO / "corpus.jsonl", encoding="utf-8") as handle:
        return tuple(json.loads(line) for line in handle if line.strip())


@cache
def outlets() -> dict:
    return {source.slug: source for source in read_sources(DEMO / "outlets.toml")}


def groups(key: str) -> dict[str, list[dict]]:
    found = defaultdict(list)
    for record in corpus():
        if record[key]:
            found[record[key]].append(record)
    return dict(found)


def events() -> dict[str, list[dict]]:
    wires = {record["story_group"] for record in corpus() if record["dup_group"]}
    return {name: members for name, members in groups("story_group").items() if name not in wires}


def test_it_has_enough_articles_in_each_language():
    languages = [record["lang"] for record in corpus()]
    # it should hold at least 44 Arabic and 12 French articles, and nothing else
    assert languages.count("ar") >= 44
    assert languages.count("fr") >= 12
    assert set(languages) == {"ar", "fr"}


def test_it_gives_every_record_the_same_fields():
    # it should follow the schema of the shared test data, plus story_group and image
    assert all(set(record) == FIELDS for record in corpus())


def test_it_spreads_the_articles_over_six_outlets():
    # it should use exactly six outlets
    assert len({record["source"] for record in corpus()}) == 6


def test_it_takes_every_outlet_from_outlets_toml():
    for record in corpus():
        outlet = outlets()[record["source"]]
        # it should match the outlet's domain, country and languages
        assert urlsplit(outlet.homepage).hostname == record["source_domain"]
        assert urlsplit(record["url"]).hostname == record["source_domain"]
        assert record["source_country"] == outlet.country
        assert record["lang"] in outlet.languages


def test_it_has_an_outlet_publishing_in_both_languages():
    languages = defaultdict(set)
    for record in corpus():
        languages[record["source"]].add(record["lang"])
    # it should include a bilingual outlet
    assert {"ar", "fr"} in languages.values()


def test_it_uses_unique_ids_and_urls():
    ids = [record["id"] for record in corpus()]
    urls = [record["url"] for record in corpus()]
    # it should never repeat an id or a URL
    assert len(set(ids)) == len(ids)
    assert len(set(urls)) == len(urls)


def test_it_dates_everything_with_an_offset_within_five_days():
    for record in corpus():
        published = datetime.fromisoformat(record["date_iso"])
        # it should carry the Algerian offset and fall between 20 and 24 November 2026
        assert published.utcoffset() == timedelta(hours=1)
        assert "2026-11-20" <= published.date().isoformat() <= "2026-11-24"
        # it should keep the outlet's own printed date too
        assert record["date"]


def test_it_writes_articles_of_realistic_length():
    for record in corpus():
        # it should write 120 to 350 words in several paragraphs
        assert 120 <= len(record["body"].split()) <= 350, record["id"]
        assert record["body"].count("\n\n") >= 2, record["id"]
        # it should give a title, a lede and a known category
        assert record["title"] and record["abstract"]
        assert record["category"] in CATEGORIES


def test_it_has_two_wire_stories_copied_by_distinct_outlets():
    wires = groups("dup_group")
    # it should have two wire stories
    assert len(wires) == 2
    for copies in wires.values():
        # it should have at least three copies, each from another outlet, each edited
        assert len(copies) >= 3
        assert len({copy["source"] for copy in copies}) == len(copies)
        assert len({copy["body"] for copy in copies}) == len(copies)
        assert len({copy["title"] for copy in copies}) == len(copies)


def test_it_publishes_wire_copies_within_hours_and_as_one_story():
    for copies in groups("dup_group").values():
        times = sorted(datetime.fromisoformat(copy["date_iso"]) for copy in copies)
        # it should publish the copies within one day of the first dispatch
        assert times[-1] - times[0] < timedelta(hours=24)
        # it should also treat the wire story as one story
        assert len({copy["story_group"] for copy in copies}) == 1
        assert copies[0]["story_group"]


def test_it_has_three_events_covered_by_several_outlets():
    found = events()
    # it should have three events, each told by at least three outlets in their own words
    assert len(found) == 3
    for articles in found.values():
        assert len({article["source"] for article in articles}) >= 3
        assert all(article["dup_group"] is None for article in articles)


def test_it_covers_an_event_in_arabic_and_french():
    languages = [{article["lang"] for article in articles} for articles in events().values()]
    # it should have at least one event told in both languages
    assert {"ar", "fr"} in languages


def test_it_marks_every_record_as_demo_content():
    for record in corpus():
        # it should say the text was written for Akhbar, and where it comes from
        assert record["license"] == "demo content written for Akhbar (CC0)"
        assert record["origin"] == "akhbar-demo"
