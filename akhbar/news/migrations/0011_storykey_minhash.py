# Additive: each story key row gets its article's MinHash signature. The duplicate lookup
# reads the signatures of up to two dozen candidates per new article: from news_article that
# was a random read of the largest table per candidate, often along the body's overflow pages
# (the signature is stored after the body), and it grew with the archive. Rows stored before
# are filled from news_article here. news_article.minhash stays and is still written; rows
# that workers still on the old code write meanwhile are read from it (stories/service.py).

from django.db import migrations, models

BACKFILL = (
    "UPDATE news_storykey SET minhash = (SELECT a.minhash FROM news_article a "
    "WHERE a.id = news_storykey.article_id) WHERE minhash IS NULL"
)


def fill_signatures(apps, schema_editor):
    schema_editor.execute(BACKFILL)


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0010_drop_unbucketed_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="storykey",
            name="minhash",
            field=models.BinaryField(blank=True, null=True, verbose_name="MinHash signature"),
        ),
        migrations.RunPython(fill_signatures, migrations.RunPython.noop, elidable=False),
    ]
