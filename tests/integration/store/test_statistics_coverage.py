"""What a dataset's values cover (areas, periods) is remembered under the statistics
version (store/indicators.py), on SQLite and PostgreSQL: a new release and a reclassified
dataset each show at once; a transaction that has written and not
committed reads afresh, and what it read is not remembered if it rolls back.
Constructed values (two Frontex-shaped releases), not a real file."""

from __future__ import annotations

from pathlib import Path

from partnerships.domain.observations import Observation
from partnerships.services.knowledge_base import KnowledgeBase
from partnerships.store.indicators import IndicatorRepository


def _release(kb: KnowledgeBase, n: int, periods: list[str], geo: str = "MAR") -> None:
    obs = [Observation("frontex_ibc", geo, geo, p, 1.0, "", (("route", "WMR"),))
           for p in periods]  # fmt: skip
    with kb.session() as s, s.begin():
        IndicatorRepository(s).add_release("Frontex", "frontex_ibc", f"r{n}", f"f{n}.xlsx",
                                           f"{n:064d}", obs)  # fmt: skip


def _covered(kb: KnowledgeBase, levels: list[str]) -> tuple[list[str], set[str]]:
    with kb.session() as s:
        repo = IndicatorRepository(s, levels)
        return repo.periods("frontex_ibc"), repo.areas("frontex_ibc")


def test_coverage_follows_every_change_of_the_statistics(kb: KnowledgeBase) -> None:
    public, everything = ["openbaar"], ["openbaar", "intern", "vertrouwelijk"]
    assert _covered(kb, public) == ([], set())
    _release(kb, 1, ["2024-01", "2024-02"])
    assert _covered(kb, public)[0] == ["2024-01", "2024-02"]
    _release(kb, 2, ["2024-03"], geo="TUN")
    assert _covered(kb, public)[0] == ["2024-01", "2024-02", "2024-03"]
    with kb.session() as s, s.begin():
        IndicatorRepository(s).reclassify_dataset("frontex_ibc", "intern")
    assert _covered(kb, public) == ([], set())  # not remembered for the lower level
    assert _covered(kb, everything)[0] == ["2024-01", "2024-02", "2024-03"]
    with kb.session() as s:  # written, not committed: read afresh, then rolled back
        repo = IndicatorRepository(s, everything)
        repo.add_release("Frontex", "frontex_ibc", "r3", "f3.xlsx", "3" * 64,
                         [Observation("frontex_ibc", "EGY", "EGY", "2025-01", 2.0)])  # fmt: skip
        assert "2025-01" in repo.periods("frontex_ibc")
        s.rollback()
    assert "2025-01" not in _covered(kb, everything)[0]


def test_a_restored_backup_is_not_answered_from_memory(kb: KnowledgeBase, tmp_path: Path) -> None:
    """Backup at a statistics version, import, restore, import something else: the same
    version number now names other values, so the restore forgets what was remembered."""
    _release(kb, 1, ["2024-01"])
    kb.backup(tmp_path / "copy.dump")
    _release(kb, 2, ["2024-02"])
    everything = ["openbaar", "intern", "vertrouwelijk"]
    assert _covered(kb, everything)[0] == ["2024-01", "2024-02"]
    kb.restore(tmp_path / "copy.dump")
    _release(kb, 3, ["2030-12"])
    assert _covered(kb, everything)[0] == ["2024-01", "2030-12"]


def test_a_restored_backup_is_not_ranked_from_memory(kb: KnowledgeBase, tmp_path: Path) -> None:
    """The ranking's values are kept under the releases' numbers, which a restore and a
    new import can give to other values: the restore forgets them too."""
    from partnerships.services.criterion_values import source_values

    year = [f"2024-{m:02d}" for m in range(1, 13)]
    everything = ["openbaar", "intern", "vertrouwelijk"]

    def detections() -> float:
        return source_values(kb, ["frontex.detections"], everything)["frontex.detections"][
            "MAR"
        ].value

    _release(kb, 1, year)
    kb.backup(tmp_path / "copy.dump")
    _release(kb, 2, year)
    assert detections() == 12.0  # the second release supersedes the first
    kb.restore(tmp_path / "copy.dump")
    obs = [Observation("frontex_ibc", "MAR", "MAR", p, 5.0, "", (("route", "WMR"),))
           for p in year]  # fmt: skip
    with kb.session() as s, s.begin():
        IndicatorRepository(s).add_release("Frontex", "frontex_ibc", "r9", "f9.xlsx",
                                           "9" * 64, obs)  # fmt: skip
    assert detections() == 60.0
