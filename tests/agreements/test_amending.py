"""The arithmetic of a change of parties, without Flask or a database."""

from planner.agreements.amending import agreed, party_changes, required_parties


def test_a_swap_adds_one_removes_one_and_needs_all_three():
    added, removed = party_changes([1, 2], [1, 5])
    assert (added, removed) == ([5], [2])
    assert required_parties([1, 5], removed) == {1, 2, 5}


def test_a_new_order_changes_nobody():
    assert party_changes([1, 2, 3], [3, 1, 2]) == ([], [])


def test_agreed_only_when_every_required_party_approved():
    assert not agreed({1, 2, 5}, {1, 5})
    assert agreed({1, 2, 5}, {5, 2, 1})
    assert agreed({1, 2}, {1, 2, 7})  # a consent beyond the required ones changes nothing
