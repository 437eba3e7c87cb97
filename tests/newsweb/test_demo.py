"""The demo corpus keeps its own outlets and serves every article."""

from akhbar.newsweb.app import start_newsweb
from akhbar.newsweb.corpus import load_corpus
from akhbar.newsweb.testing import DEMO_CORPUS

from .conftest import page_text


def test_it_serves_the_demo_corpus_under_its_own_outlets(client):
    records = load_corpus(DEMO_CORPUS)
    with start_newsweb(DEMO_CORPUS, seed=7) as web:
        # it should keep one outlet per corpus source
        assert len(web.outlets) == len({r.source for r in records})
        for entry in web.truth.values():
            if entry["servable"]:
                text = page_text(client.get(entry["url"]), web.outlet(entry["outlet"]).encoding)
                # it should serve every gold paragraph of every live article
                assert all(p in text for p in entry["paragraphs"]), entry["url"]
