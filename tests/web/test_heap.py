"""The serving process freezes its heap once, after its first requests (web/heap.py)."""

from akhbar.web import heap


def test_it_freezes_the_heap_once_after_the_warm_up_requests(monkeypatch):
    done = []
    monkeypatch.setattr(heap.gc, "collect", lambda: done.append("collect"))
    monkeypatch.setattr(heap.gc, "freeze", lambda: done.append("freeze"))
    served = []
    application = heap.FrozenAfterWarmUp(lambda environ, start: served.append(environ), after=3)
    for n in range(2):
        application({"n": n}, None)
    # it should leave the heap alone during warm-up
    assert done == []
    for n in range(2, 6):
        application({"n": n}, None)
    # it should collect then freeze once, at the end of warm-up, and serve every request
    assert done == ["collect", "freeze"]
    assert [environ["n"] for environ in served] == list(range(6))
