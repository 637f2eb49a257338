"""The one Problem class (domain/problems.py), for flows' blocks and forms' fields."""

from __future__ import annotations

from cti_desktop.domain.problems import Problem


def test_a_block_problem_names_its_block_and_severity() -> None:
    problem = Problem("uid-3", "broken", "error")
    assert (problem.block_id, problem.severity, problem.is_error) == ("uid-3", "error", True)
    assert str(problem) == "error: block uid-3: broken"
    assert str(Problem("", "no start")) == "warning: no start"


def test_a_field_problem_reads_as_its_path() -> None:
    problem = Problem.of_field("form.fields[2].name", "a field name is required")
    assert (problem.field_path, problem.severity, problem.place) == ("form.fields[2].name", "error", "field")
    assert str(problem) == "form.fields[2].name: a field name is required"
    assert str(Problem.of_field("", "The file is not valid JSON")) == "The file is not valid JSON"
