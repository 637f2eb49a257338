from __future__ import annotations

import json
from pathlib import Path

import pytest

from cti_desktop.cli import main

DEMO_RECORDS = Path(__file__).resolve().parents[2] / "resources" / "demo" / "crm_records.json"


def _json(capsys: pytest.CaptureFixture[str]) -> object:
    return json.loads(capsys.readouterr().out)


def test_import_list_and_get_json(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", db_url, "crm", "import", str(DEMO_RECORDS)]) == 0
    assert "imported 15 record(s)" in capsys.readouterr().out
    assert main(["--db", db_url, "crm", "list", "Lead", "--json"]) == 0
    leads = _json(capsys)
    assert isinstance(leads, list)
    assert sorted(lead["Id"] for lead in leads) == ["00QDEMO00000001", "00QDEMO00000002", "00QDEMO00000003"]
    assert all(set(lead) == {"Id", "type", "fields"} and lead["type"] == "Lead" for lead in leads)
    assert main(["--db", db_url, "crm", "get", "003DEMO00000001", "--json"]) == 0
    jane = _json(capsys)
    assert jane == {
        "Id": "003DEMO00000001",
        "type": "Contact",
        "fields": {
            "FirstName": "Jane",
            "LastName": "Doe",
            "Name": "Jane Doe",
            "Title": "Purchasing Manager",
            "Phone": "+12065550100",
            "Email": "jane.doe@northwind.example.com",
            "AccountId": "001DEMO00000001",
            "MailingCity": "Seattle",
        },
    }


def test_list_and_get_as_text(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", db_url, "crm", "import", str(DEMO_RECORDS)]) == 0
    capsys.readouterr()
    assert main(["--db", db_url, "crm", "list", "Case"]) == 0
    assert sorted(capsys.readouterr().out.splitlines()) == [
        "500DEMO00000001  Damaged shipment on order 10482",
        "500DEMO00000002  Invoice shows the wrong billing address",
    ]
    assert main(["--db", db_url, "crm", "list", "Invoice__c"]) == 0
    assert capsys.readouterr().out == "no Invoice__c records\n"
    assert main(["--db", db_url, "crm", "get", "00QDEMO00000002"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Lead 00QDEMO00000002"
    assert "  Company      Wide World Importers" in lines


def test_import_csv_with_a_type(db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "leads.csv"
    path.write_text("FirstName,LastName,Phone\nAnn,Lee,(206) 555-0177\nBo,Kim,\n")
    assert main(["--db", db_url, "crm", "import", str(path), "--type", "Lead"]) == 0
    assert "imported 2 record(s)" in capsys.readouterr().out
    assert main(["--db", db_url, "crm", "list", "Lead", "--json"]) == 0
    leads = _json(capsys)
    assert isinstance(leads, list)
    assert sorted(lead["fields"]["LastName"] for lead in leads) == ["Kim", "Lee"]
    assert all(lead["Id"].startswith("00Q") for lead in leads)


@pytest.mark.parametrize(
    ("content", "suffix", "extra", "message"),
    [
        ('[{"type": "Contact", "fields": {}}, {"type": "", "fields": {}}]', ".json", [], "record 2"),
        ("[{oops", ".json", [], "is not valid JSON"),
        ("[]", ".json", [], "holds no records"),
        ('[{"type": "Contact"}]', ".json", ["--type", "Lead"], "--type is for CSV files only"),
        ("A,B\n1,2\n", ".csv", [], "say which type"),
        ("A,B\n1,2,3\n", ".csv", ["--type", "Lead"], "3 values for 2 columns"),
    ],
)
def test_bad_input_exits_2_and_stores_nothing(
    db_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    content: str,
    suffix: str,
    extra: list[str],
    message: str,
) -> None:
    path = tmp_path / f"records{suffix}"
    path.write_text(content)
    assert main(["--db", db_url, "crm", "import", str(path), *extra]) == 2
    err = capsys.readouterr().err
    assert err.startswith("cti-desktop: ")
    assert message in err
    assert main(["--db", db_url, "crm", "list", "Contact", "--json"]) == 0
    assert _json(capsys) == []


def test_an_id_already_taken_stores_nothing(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", db_url, "crm", "import", str(DEMO_RECORDS)]) == 0
    path = tmp_path / "more.json"
    path.write_text(
        json.dumps(
            [
                {"type": "Contact", "fields": {"LastName": "New"}},
                {"Id": "003DEMO00000001", "type": "Contact", "fields": {}},
            ]
        )
    )
    assert main(["--db", db_url, "crm", "import", str(path)]) == 2
    assert "already a record with Id 003DEMO00000001" in capsys.readouterr().err
    assert main(["--db", db_url, "crm", "list", "Contact", "--json"]) == 0
    contacts = _json(capsys)
    assert isinstance(contacts, list) and len(contacts) == 6


def test_missing_file_unknown_id_and_bad_limit(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", db_url, "crm", "import", str(tmp_path / "nope.json")]) == 2
    assert "cannot be read" in capsys.readouterr().err
    assert main(["--db", db_url, "crm", "get", "003NOPE"]) == 2
    assert "there is no record with Id 003NOPE" in capsys.readouterr().err
    assert main(["--db", db_url, "crm", "list", "Contact", "--limit", "0"]) == 2
    assert "--limit must be at least 1" in capsys.readouterr().err
