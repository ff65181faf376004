"""Suggested pillars and objectives: from sectors (by share) and words, always with a reason."""

from __future__ import annotations

from partnerships.analysis.programme_classification import suggest
from partnerships.domain.reference import names


def codes(title: str, description: str = "", sectors=()) -> set[tuple[str, int]]:  # type: ignore[no-untyped-def]
    return {(s.scheme, s.code) for s in suggest(title, description, list(sectors))}


def test_migration_sector_suggests_prevention_and_legal_routes() -> None:
    got = suggest("Programma", "", [("15190", "Facilitation of migration and mobility", 100.0)])
    pairs = {(s.scheme, s.code) for s in got}
    assert {("ima", 1), ("ima", 5), ("gcm", 5)} <= pairs
    assert all("sector 15190" in s.reason for s in got)


def test_words_in_dutch_and_english() -> None:
    assert {("ima", 4), ("gcm", 21)} <= codes("Terugkeer en herintegratie van Marokkanen")
    assert {("ima", 2)} <= codes("Support to refugees and host communities")
    assert ("gcm", 10) in codes("Bestrijding van mensenhandel")
    assert codes("Laboratoriumcapaciteit") == set()


def test_half_a_sector_is_not_enough_alone() -> None:
    assert ("ima", 2) not in codes("x", "", [("72010", "Material relief", 40.0)])
    assert ("ima", 2) in codes("x", "", [("72010", "Material relief", 60.0)])


def test_reference_names() -> None:
    n = names("nl")
    assert len(n["ima"]) == 6 and len(n["gcm"]) == 23
    assert n["ima"][4] == "Minder illegaliteit, meer terugkeer"
