"""The one line per round that `train` and `federation up` print: an operator
reads from it whether a region adapter was published, and why not."""

from __future__ import annotations

from netgpt.commands.federation import describe_event

ACCEPTED = [{"node": f"node-{n}", "epsilon": 3.38} for n in (1, 2, 3)]


def test_a_withheld_region_adapter_is_named_not_silently_missing() -> None:
    line = describe_event(
        {"event": "train", "round": 1, "accepted": ACCEPTED, "merged": "/w/adapters/global/round-1",
         "cohorts": {"region-europe-west": None, "region-uk-ireland": None}}
    )
    assert line is not None
    assert line.startswith("round 1: merged 3 update(s) (node-1 ε=3.38")
    assert line.endswith("; withheld region-europe-west, region-uk-ireland")


def test_published_withheld_and_failed_cohorts_are_told_apart() -> None:
    line = describe_event(
        {"event": "train", "round": 2, "accepted": ACCEPTED, "merged": "/w/adapters/global/round-2",
         "cohorts": {"region-a": "/w/adapters/region-a/round-2", "region-b": None, "region-c": None},
         "cohort_errors": {"region-c": "OSError: ENOSPC"}}
    )
    assert line is not None
    assert line.endswith("; published region-a; withheld region-b; failed to publish region-c")


def test_a_round_without_cohorts_says_nothing_of_them() -> None:
    line = describe_event({"event": "train", "round": 3, "accepted": ACCEPTED, "merged": "/w/g/round-3"})
    assert line == "round 3: merged 3 update(s) (node-1 ε=3.38, node-2 ε=3.38, node-3 ε=3.38)"


def test_where_a_run_starts_is_told_by_federation_up_and_train_alike() -> None:
    line = describe_event({"event": "start", "first_round": 3, "adapter": "/w/adapters/global/round-2",
                           "recovered": [{"round": 2, "node": "node-1", "decision": "accepted"}]})
    assert line == ("rounds from 3, starting from /w/adapters/global/round-2; "
                    "recorded 1 decision(s) an earlier run left unrecorded")
