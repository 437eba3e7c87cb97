from akhbar.search.memo import remember


def test_it_empties_a_full_memo_before_storing_a_new_key():
    memo = {"a": 1, "b": 2}
    # it should give the value back, stored alone in the emptied memo
    assert remember(memo, "c", 3, size=2) == 3
    assert memo == {"c": 3}


def test_it_replaces_a_known_key_without_emptying_the_memo():
    memo = {"a": 1, "b": 2}
    remember(memo, "a", 10, size=2)
    # it should keep the other entries
    assert memo == {"a": 10, "b": 2}
