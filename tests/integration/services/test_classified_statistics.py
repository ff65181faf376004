"""Statistics releases, analyst tables and programmes carry a classification (issue #21,
item 8): imported at a level, one level per dataset, reclassified by analysts who may see
both levels, and every reader sees only what the level allows."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from partnerships.cli import app
from partnerships.domain.context import ANONYMOUS, LOCAL_USER, UserContext
from partnerships.ingest.eurostat import ImportProblem
from partnerships.services import audit, programmes
from partnerships.services.indicator_views import CountryIndicators, ReturnYear
from partnerships.services.indicators import (
    analyst_values,
    classify_dataset,
    country_indicators,
    import_eurostat,
    import_table,
    releases,
)
from partnerships.services.knowledge_base import KnowledgeBase
from partnerships.services.prioritisation import rank
from partnerships.settings import get_settings


def _series(found: CountryIndicators | None) -> list[ReturnYear]:
    return found.series if found is not None else []


REPO = Path(__file__).resolve().parents[3]
DATA = REPO / "examples" / "data"
TABLE = DATA / "tables" / "analisten-voorbeeld.csv"
EIORD = DATA / "eurostat" / "migr_eiord_by_citizenship_2017-export.csv"
INTERN = UserContext("i.analist", frozenset({"analyst"}), "intern")
OPEN_ANALYST = UserContext("o.analist", frozenset({"analyst"}), "openbaar")
runner = CliRunner()


def test_an_internal_analyst_table_is_shown_only_to_the_cleared(kb: KnowledgeBase) -> None:
    assert import_table(kb, TABLE, classification="intern").status == "imported"
    assert analyst_values(kb, INTERN, "MAR")
    assert analyst_values(kb, ANONYMOUS, "MAR") == []
    assert [r["rubricering"] for r in releases(kb, INTERN)] == ["intern"]
    assert releases(kb, ANONYMOUS) == []
    # the ranking and its caches differ per clearance: public readers get no analyst values
    public = rank(kb, ANONYMOUS, robustness=False)
    internal = rank(kb, INTERN, robustness=False)
    assert public["aantal"] <= internal["aantal"]


def test_one_level_per_dataset(kb: KnowledgeBase, tmp_path: Path) -> None:
    import_eurostat(kb, EIORD)
    other = tmp_path / "migr_eiord_newer.csv"
    other.write_bytes(EIORD.read_bytes().replace(b'"2016"', b'"2016"', 1) + b"\n")
    with pytest.raises(ImportProblem, match="classified openbaar in the base"):
        import_eurostat(kb, other, "migr_eiord", classification="vertrouwelijk")
    assert len(releases(kb, LOCAL_USER)) == 1


def test_reclassifying_a_dataset(kb: KnowledgeBase) -> None:
    import_eurostat(kb, EIORD)
    assert _series(country_indicators(kb, ANONYMOUS, "MAR"))
    with pytest.raises(PermissionError):
        classify_dataset(kb, INTERN, "migr_eiord", "vertrouwelijk")
    assert classify_dataset(kb, INTERN, "migr_eiord", "intern") == "openbaar"
    assert _series(country_indicators(kb, ANONYMOUS, "MAR")) == []
    assert _series(country_indicators(kb, INTERN, "MAR"))
    with pytest.raises(ValueError, match="no dataset"):
        classify_dataset(kb, OPEN_ANALYST, "migr_eiord", "openbaar")  # cannot see it
    changes = [e for e in audit.entries(kb, LOCAL_USER, action="edit") if "dataset:" in e.target]
    assert changes


def test_programmes_entered_by_hand_carry_their_level(kb: KnowledgeBase) -> None:
    fields = {"identifier": "NL-X-1", "title": "Intern programma", "countries": ["MAR"],
              "budgets": {"2024": 100}, "classification": "intern"}  # fmt: skip
    made = programmes.add_manual(kb, INTERN, fields)
    with pytest.raises(PermissionError):
        programmes.add_manual(kb, INTERN, {"identifier": "NL-X-2", "title": "Te hoog",
                                           "classification": "vertrouwelijk"})  # fmt: skip
    assert programmes.programme(kb, ANONYMOUS, made.programme.id) is None
    assert programmes.programme(kb, INTERN, made.programme.id) is not None
    assert [p.programme.identifier for p in programmes.list_programmes(kb, ANONYMOUS)] == []
    with pytest.raises(programmes.ProgrammeError, match="no programme"):
        programmes.classify(kb, OPEN_ANALYST, made.programme.id, "ima", 2, "bevestigd")
    assert programmes.budget(kb, ANONYMOUS).years == []
    old = programmes.set_programme_classification(kb, INTERN, "NL-X-1", "openbaar")
    assert old == "intern" and programmes.programme(kb, ANONYMOUS, made.programme.id) is not None


def test_cli_imports_and_reclassifies(
    kb: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PARTNERSHIPS_DATABASE_URL", kb.url)
    monkeypatch.setenv("PARTNERSHIPS_DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    try:
        done = runner.invoke(app, ["import", "table", str(TABLE), "--classification", "intern"])
        assert done.exit_code == 0, done.output
        assert analyst_values(kb, ANONYMOUS, "MAR") == []
        done = runner.invoke(app, ["classification", "dataset:analyst_table", "openbaar"])
        assert done.exit_code == 0 and "intern → openbaar" in done.stdout
        assert analyst_values(kb, ANONYMOUS, "MAR")
        bad = runner.invoke(app, ["classification", "dataset:nothing", "intern"])
        assert bad.exit_code == 1 and "geen dataset" in bad.stderr
        bad = runner.invoke(app, ["classification", "what", "intern"])
        assert bad.exit_code == 2
    finally:
        get_settings.cache_clear()
