"""Every numeric command-line argument has a range, and a clear message outside it."""

from __future__ import annotations

import pytest

from dashboard.cli import parser

STORE = ["--store", "s"]
BUILD = ["build", "--corpus", "c.jsonl", "--out", "o"]
OUT_OF_RANGE = [
    (["similar", *STORE, "--article", "a", "-k", "-5"], "-k", "1..1000, got -5"),
    (["similar", *STORE, "--article", "a", "-k", "0"], "-k", "1..1000, got 0"),
    (["similar", *STORE, "--article", "a", "-k", "1001"], "-k", "1..1000, got 1001"),
    (["search", *STORE, "q", "-k", "-1"], "-k", "1..1000, got -1"),
    (["search", *STORE, "q", "-k", "ten"], "-k", "1..1000, got ten"),
    (["search", *STORE, "q", "--threads", "0"], "--threads", "1..64, got 0"),
    ([*BUILD, "--threads", "65"], "--threads", "1..64, got 65"),
    ([*BUILD, "--threads", "-2"], "--threads", "1..64, got -2"),
    ([*BUILD, "--min-topic-size", "1"], "--min-topic-size", "2..100000, got 1"),
    ([*BUILD, "--topic-fit-sample", "0"], "--topic-fit-sample", "100..10000000, got 0"),
    ([*BUILD, "--workers", "0"], "--workers", "1..64, got 0"),
    (["add", "--corpus", "c.jsonl", "--threads", "1000"], "--threads", "1..64, got 1000"),
    (["serve", "--port", "0"], "--port", "1..65535, got 0"),
    (["serve", "--port", "70000"], "--port", "1..65535, got 70000"),
]


@pytest.mark.parametrize(("argv", "flag", "message"), OUT_OF_RANGE)
def test_a_number_out_of_range_is_refused_with_its_range(argv, flag, message, capsys):
    with pytest.raises(SystemExit) as exit_:
        parser().parse_args(argv)
    err = capsys.readouterr().err
    assert exit_.value.code == 2
    assert f"argument {flag}: must be a whole number in {message}" in err


@pytest.mark.parametrize(
    ("argv", "name", "value"),
    [
        (["similar", *STORE, "--article", "a", "-k", "1000"], "k", 1000),
        (["search", *STORE, "q", "-k", "1"], "k", 1),
        ([*BUILD, "--threads", "64", "--min-topic-size", "2"], "min_topic_size", 2),
        (["serve", "--port", "65535"], "port", 65535),
    ],
)
def test_the_ends_of_each_range_are_accepted(argv, name, value):
    assert getattr(parser().parse_args(argv), name) == value
