"""Documentation that cannot drift: settings, commands, and the README's two commands."""

from __future__ import annotations

import re
from pathlib import Path

from partnerships.cli import app
from partnerships.settings import Settings

REPO = Path(__file__).resolve().parents[2]


def test_every_setting_is_documented_with_a_description() -> None:
    doc = (REPO / "docs" / "settings.md").read_text("utf-8")
    for name, field in Settings.model_fields.items():
        assert f"PARTNERSHIPS_{name.upper()}" in doc, name
        assert field.description, name


def test_every_command_is_in_the_readme() -> None:
    readme = (REPO / "README.md").read_text("utf-8")
    for command in app.registered_commands:
        name = command.name or (command.callback.__name__ if command.callback else "")
        assert f"partnerships {name}" in readme, name


def test_readme_starts_with_the_two_commands_and_ci_runs_the_test_command() -> None:
    readme = (REPO / "README.md").read_text("utf-8")
    blocks = re.findall(r"```sh\n(.*?)```", readme, re.S)
    assert blocks[0].strip() == "bash scripts/demo.sh"
    assert blocks[1].strip() == "bash scripts/test.sh"
    assert readme.index("bash scripts/test.sh") < readme.index("## ")
    ci = (REPO / ".ci" / "run").read_text("utf-8")
    assert "bash scripts/test.sh" in ci


def test_glossary_explains_the_dutch_domain_words() -> None:
    glossary = (REPO / "docs" / "glossary.md").read_text("utf-8").lower()
    for word in ("kenmerk", "toezegging", "motie", "kamerstuk", "vergaderjaar"):
        assert f"**{word}" in glossary, word
