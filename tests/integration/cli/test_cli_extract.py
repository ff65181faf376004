"""`partnerships extract` as a user runs it: JSON Lines that follow the schema, readable
summaries, and bad files reported on one line each without stopping the others."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pypdf
import pytest
from typer.testing import CliRunner

from partnerships.cli import app

runner = CliRunner()


def _schema() -> dict[str, Any]:
    text = (
        resources.files("partnerships.ingest.data")
        .joinpath("letter.schema.json")
        .read_text("utf-8")
    )
    schema: dict[str, Any] = json.loads(text)
    return schema


def _run(*args: str) -> Any:
    return runner.invoke(app, list(args))


def test_json_lines_validate_against_the_schema(letters_dir: Path) -> None:
    result = _run("extract", "--json", "--workers", "2", str(letters_dir))
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert len(rows) == 7
    validator = jsonschema.Draft202012Validator(
        _schema(), format_checker=jsonschema.FormatChecker()
    )
    for row in rows:
        errors = sorted(validator.iter_errors(row), key=str)
        assert not errors, (row["source"], errors[:3])
        for key in (
            "references",
            "entities",
            "amounts",
            "quantities",
            "percentages",
            "commitments",
        ):
            for item in row[key]:
                if item["footnote"] is None:
                    assert row["body"][item["start"] : item["end"]] == item["text"]
                else:
                    note = next(n for n in row["footnotes"] if n["number"] == item["footnote"])
                    assert note["text"][item["start"] : item["end"]] == item["text"]


def test_publications_validate_against_the_schema_with_spans_into_body_and_notes() -> None:
    """The official-publication renditions (text, HTML-derived, XML) give the same schema."""
    folder = Path(__file__).resolve().parents[2] / "fixtures" / "publications"
    files = sorted(str(p) for p in folder.iterdir() if p.suffix in (".txt", ".xml"))
    result = _run("extract", "--json", "--workers", "1", *files)
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert len(rows) == len(files) and {r["format"] for r in rows} == {"text", "xml"}
    validator = jsonschema.Draft202012Validator(
        _schema(), format_checker=jsonschema.FormatChecker()
    )
    for row in rows:
        assert not list(validator.iter_errors(row)), row["source"]
        # a motion is addressed to nobody: the Kamer moves it
        addressee = None if row["kind"] == "motion" else "Tweede Kamer"
        assert row["date"] and row["addressee"] == addressee and row["kamerstuk"]
        assert row["schema_version"] == 2
        for topic in row["topics"]:
            assert 0 <= topic["start"] < topic["end"] <= len(row["body"])
        for item in row["references"] + row["commitments"]:
            if item["footnote"] is None:
                assert row["body"][item["start"] : item["end"]] == item["text"]


def test_schema_rejects_a_broken_record(letters_dir: Path) -> None:
    result = _run("extract", "--json", str(letters_dir / "a-migratieovereenkomsten.md"))
    row = json.loads(result.stdout)
    row["date"] = "10 juli 2020"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(row, _schema())


def test_readable_summary(letters_dir: Path) -> None:
    result = _run("extract", str(letters_dir / "a-migratieovereenkomsten.md"))
    assert result.exit_code == 0
    assert "kenmerk" in result.stdout and "2971694" in result.stdout
    assert "Ankie Broekers-Knol" in result.stdout
    english = _run("extract", "--lang", "en", str(letters_dir / "a-migratieovereenkomsten.md"))
    assert "reference" in english.stdout and "signed by" in english.stdout


@pytest.fixture()
def bad_files(tmp_path: Path, letters_dir: Path) -> dict[str, Path]:
    good_pdf = letters_dir / "e-herijkte-missies.pdf"
    corrupt = tmp_path / "corrupt.pdf"
    corrupt.write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 50)
    truncated = tmp_path / "truncated.pdf"
    truncated.write_bytes(good_pdf.read_bytes()[:40_000])
    encrypted = tmp_path / "encrypted.pdf"
    writer = pypdf.PdfWriter(clone_from=str(good_pdf))
    writer.encrypt("geheim")
    with encrypted.open("wb") as fh:
        writer.write(fh)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    return {
        "corrupt": corrupt,
        "truncated": truncated,
        "encrypted": encrypted,
        "empty": empty,
        "binary": binary,
    }


def test_unreadable_files_give_one_line_errors_and_the_rest_is_processed(
    bad_files: dict[str, Path], letters_dir: Path
) -> None:
    good = letters_dir / "a-migratieovereenkomsten.md"
    paths = [str(bad_files[k]) for k in ("corrupt", "encrypted", "empty", "binary")]
    result = _run(
        "extract",
        "--json",
        "--workers",
        "1",
        paths[0],
        str(good),
        *paths[1:],
        str(bad_files["corrupt"].parent / "missing.pdf"),
    )
    assert result.exit_code == 1
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert [r["kenmerk"] for r in rows] == ["2971694"]
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(errors) == 5
    # in the command's language (Dutch unless English is asked for)
    assert any("versleuteld" in e and "encrypted.pdf" in e for e in errors)
    assert any("corrupt.pdf" in e and "beschadigd" in e for e in errors)
    assert any("empty.txt" in e and "leeg" in e for e in errors)
    assert any("image.txt" in e and "binaire inhoud" in e for e in errors)
    assert any("missing.pdf" in e and "bestand bestaat niet" in e for e in errors)


def test_truncated_pdf_is_an_error_or_a_record_never_a_crash(bad_files: dict[str, Path]) -> None:
    result = _run("extract", "--json", str(bad_files["truncated"]))
    if result.exit_code == 0:
        row = json.loads(result.stdout)
        assert row["format"] == "pdf"
    else:
        assert result.exit_code == 1
        assert "truncated.pdf" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1


def test_truncated_text_letter_has_nulls_not_guesses(tmp_path: Path, letters_dir: Path) -> None:
    text = (letters_dir / "a-migratieovereenkomsten.md").read_text("utf-8")
    cut = tmp_path / "cut.md"
    cut.write_text(text[:9000], "utf-8")
    result = _run("extract", "--json", str(cut))
    row = json.loads(result.stdout)
    assert row["kenmerk"] == "2971694"
    assert row["signatories"] == []


def test_settings_command_lists_every_setting() -> None:
    result = _run("settings")
    assert result.exit_code == 0
    for name in ("PARTNERSHIPS_DATA_DIR", "PARTNERSHIPS_WORKERS", "PARTNERSHIPS_GAZETTEER_PATH"):
        assert name in result.stdout
