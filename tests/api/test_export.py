"""akhbar export: filters, Parquet, and the round trip through akhbar import."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from akhbar.news.export import EXPORT_FIELDS
from akhbar.news.models import Article, Source, Story

pytestmark = pytest.mark.django_db

DEMO = "akhbar/demo/corpus.jsonl"
# What may differ between two archives holding the same articles: database ids (compared
# through the URLs they point at), and the time the import itself ran.
IGNORED = ("id", "story_id", "duplicate_of", "fetched_at")


def export(*options) -> list[dict]:
    out = StringIO()
    call_command("export", "--jsonl", "--no-progress", *options, stdout=out, stderr=StringIO())
    return [json.loads(line) for line in out.getvalue().splitlines()]


def export_lines(*options, tmp_path) -> list[dict]:
    path = tmp_path / "out.jsonl"
    call_command(
        "export", "--jsonl", "--no-progress", "--output", str(path), *options, stderr=StringIO()
    )
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def comparable(records: list[dict]) -> dict[str, dict]:
    """Records by URL, ids replaced by the URLs they name, stories by their members."""
    url_of = {r["id"]: r["url"] for r in records}
    members: dict = {}
    for record in records:
        members.setdefault(record["story_id"], set()).add(record["url"])
    result = {}
    for record in records:
        kept = {k: v for k, v in record.items() if k not in IGNORED}
        kept["duplicate_of"] = url_of.get(record["duplicate_of"])
        kept["story"] = sorted(members[record["story_id"]]) if record["story_id"] else None
        result[record["url"]] = kept
    return result


@pytest.mark.parametrize(
    "options, expected",
    [
        (["--source", "wakala"], {"dispatch"}),
        (["--category", "national"], {"dispatch", "wire_copy"}),
        (["--language", "fr"], set()),
        (["--since", "2026-11-20", "--until", "2026-11-20"], {"dispatch", "wire_copy"}),
        (["--since", "2026-11-21"], set()),
    ],
)
def test_it_exports_only_the_articles_the_filters_keep(
    tmp_path, dispatch, wire_copy, options, expected
):
    names = {dispatch.url: "dispatch", wire_copy.url: "wire_copy"}
    # it should keep exactly the matching articles
    assert {names[r["url"]] for r in export_lines(*options, tmp_path=tmp_path)} == expected


def test_it_leaves_held_articles_out_of_the_export(tmp_path, dispatch, held):
    # it should export only what readers may see
    assert [r["url"] for r in export_lines(tmp_path=tmp_path)] == [dispatch.url]


def test_it_writes_parquet_with_the_same_records(tmp_path, dispatch, wire_copy, hidden_image):
    import pyarrow.parquet as pq

    path = tmp_path / "articles.parquet"
    call_command("export", "--parquet", "--output", str(path), "--no-progress", stderr=StringIO())
    table = pq.read_table(path)
    # it should hold the export's columns and rows, with real timestamps
    assert tuple(table.column_names) == EXPORT_FIELDS and table.num_rows == 3
    rows = {row["url"]: row for row in table.to_pylist()}
    assert rows[dispatch.url]["published_at"].isoformat() == "2026-11-20T08:30:00+00:00"
    # it should keep the hidden image out
    assert rows[hidden_image.url]["image"] is None and rows[hidden_image.url]["image_hidden"]


def test_it_refuses_parquet_without_an_output_file():
    from django.core.management import CommandError

    # it should say that --parquet needs --output
    with pytest.raises(CommandError, match="--output"):
        call_command("export", "--parquet")


def test_it_reimports_an_export_into_an_identical_archive(tmp_path):
    call_command("import", DEMO, "--no-progress", stdout=StringIO())
    before = export_lines(tmp_path=tmp_path)
    dump = tmp_path / "archive.jsonl"
    dump.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in before), encoding="utf-8"
    )
    Article.objects.all().delete()
    Story.objects.all().delete()
    Source.objects.all().delete()
    call_command("import", str(dump), "--no-progress", stdout=StringIO())
    after = export_lines(tmp_path=tmp_path)
    # it should give back the same articles, copies and stories, field for field
    assert comparable(after) == comparable(before)
