"""The red-team table (scripts/redteam.py) passes case by case, and its harness can fail."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("redteam", ROOT / "scripts" / "redteam.py")
redteam = sys.modules.setdefault("redteam", importlib.util.module_from_spec(_spec))
_spec.loader.exec_module(redteam)


@pytest.mark.parametrize("case", redteam.CASES, ids=lambda case: case.name)
def test_each_hostile_case_is_handled(case, demo_store: Path):
    outcome = redteam.run_case(case, demo_store, redteam.in_process)
    assert outcome.passed, f"{outcome.got}\n{outcome.stderr}"


def test_the_real_command_line_refuses_a_user_folder(demo_store: Path):
    outcome = redteam.run_case(redteam.CASES[0], demo_store)  # in a subprocess
    assert outcome.passed, outcome.stderr


def test_a_case_that_does_not_get_what_it_expects_fails(demo_store: Path, capsys):
    wrong = redteam.Case("wrong", redteam.USER, "build --corpus c.jsonl --out mine", 0, "built")
    outcome = redteam.run_case(wrong, demo_store, redteam.in_process)
    assert not outcome.passed and outcome.status == 2
    assert "FAIL" in redteam.table([outcome])
