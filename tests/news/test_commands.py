"""The ``akhbar`` command line: sources load, export, and the commands still to come."""

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from akhbar.news.export import EXPORT_FIELDS
from akhbar.news.models import Feed, Source

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_it_loads_the_algerian_outlets():
    call_command("sources", "load", str(ROOT / "sources" / "dz.toml"))
    slugs = set(Source.objects.values_list("slug", flat=True))
    # it should load the national outlets in both languages
    assert {"aps-ar", "aps-fr", "echorouk", "elkhabar", "elwatan", "tsa-fr"} <= slugs
    # it should keep each outlet's languages
    assert Source.objects.get(slug="aps-fr").languages == ["fr"]


@pytest.mark.django_db
def test_it_loads_a_file_twice_without_duplicating_anything():
    path = str(ROOT / "sources" / "dz.toml")
    call_command("sources", "load", path)
    counts = (Source.objects.count(), Feed.objects.count())
    call_command("sources", "load", path)
    # it should update in place
    assert (Source.objects.count(), Feed.objects.count()) == counts


BAD_FILE = """\
[[sources]]
slug = "good"
name_ar = "جيد"
name_fr = "Bon"
homepage = "https://good.test/"
country = "DZ"
languages = ["ar"]
kind = "daily"
ownership = "private"
active = true

[[sources]]
slug = "Bad Slug"
name_ar = "سيء"
name_fr = "Mauvais"
homepage = "ftp://bad.test/"
country = "DZ"
languages = ["ar"]
kind = "tabloid"
ownership = "private"
active = true
"""


@pytest.mark.django_db
def test_it_refuses_a_file_with_errors_and_loads_nothing(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text(BAD_FILE, encoding="utf-8")
    with pytest.raises(CommandError) as error:
        call_command("sources", "load", str(path))
    message = str(error.value)
    # it should report every bad entry with its line
    assert "bad.toml:13" in message or "bad.toml:12" in message
    assert "tabloid" in message and "ftp" in message
    # it should load nothing, not even the good entry
    assert not Source.objects.exists()


@pytest.mark.django_db
def test_it_reports_the_line_of_a_toml_syntax_error(tmp_path):
    path = tmp_path / "broken.toml"
    path.write_text('[[sources]]\nslug = "x"\nname_ar = \n', encoding="utf-8")
    with pytest.raises(CommandError) as error:
        call_command("sources", "load", str(path))
    # it should point at line 3
    assert "broken.toml:3" in str(error.value)


@pytest.mark.django_db
def test_it_exports_one_article_per_line_with_every_field(tmp_path, dispatch, wire_copy):
    output = tmp_path / "articles.jsonl"
    call_command("export", "--jsonl", "--output", str(output))
    records = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    # it should write both articles with exactly the documented fields
    assert [tuple(record) for record in records] == [EXPORT_FIELDS, EXPORT_FIELDS]
    first, copy = records
    # it should write ISO 8601 datetimes in UTC with their offset, and the source slug
    assert first["published_at"] == "2026-11-20T08:30:00+00:00"
    assert (first["source"], first["image_hidden"]) == ("wakala", False)
    # it should point the copy at its original, and use null where unknown
    assert copy["duplicate_of"] == first["id"]
    assert copy["lede"] is None and copy["image"] is None


@pytest.mark.django_db
def test_it_leaves_hidden_images_out_of_the_export(tmp_path, dispatch):
    dispatch.image_state = "hidden"
    dispatch.save()
    output = tmp_path / "articles.jsonl"
    call_command("export", "--jsonl", "--output", str(output))
    record = json.loads(output.read_text(encoding="utf-8"))
    # it should say the image is hidden without giving its URL
    assert (record["image"], record["image_hidden"]) == (None, True)
