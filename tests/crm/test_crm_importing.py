from __future__ import annotations

import json
from pathlib import Path

import pytest

from cti_desktop.crm.base import CrmError, CrmRecord
from cti_desktop.crm.importing import read_records_file, records_from_json

DEMO_RECORDS = Path(__file__).resolve().parents[2] / "resources" / "demo" / "crm_records.json"


def test_the_demo_records_read_as_believable_records() -> None:
    records = read_records_file(DEMO_RECORDS)
    assert 12 <= len(records) <= 20
    assert {r.type for r in records} >= {"Contact", "Lead", "Account", "Case"}
    jane = next(r for r in records if r.Id == "003DEMO00000001")
    assert jane.fields["Phone"] == "+12065550100"


def test_json_records_with_ids_beside_or_among_the_fields() -> None:
    records = records_from_json(
        [
            {"type": "Contact", "fields": {"LastName": "Doe"}},
            {"Id": "003A", "type": "Contact", "fields": {}},
            {"type": "Lead", "fields": {"Id": "00QB"}},
        ]
    )
    assert records == [
        CrmRecord("", "Contact", {"LastName": "Doe"}),
        CrmRecord("003A", "Contact", {}),
        CrmRecord("00QB", "Lead", {"Id": "00QB"}),
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"type": "Contact"}, "expected a list of records"),
        ([1], "record 1: expected an object"),
        ([{"type": "Contact", "fields": {}}, {"fields": {}}], "record 2: None is not a record type"),
        ([{"type": "Contact", "fields": "x"}], "record 1: the fields must be an object"),
        ([{"type": "Contact", "feilds": {}}], "record 1: unknown key\\(s\\) feilds"),
        ([{"type": "Contact", "Id": "no spaces please"}], "record 1: .* is not a record Id"),
    ],
)
def test_bad_json_records_name_the_record(data: object, message: str) -> None:
    with pytest.raises(CrmError, match=message):
        records_from_json(data, "in.json")


def test_json_files(tmp_path: Path) -> None:
    good = tmp_path / "records.json"
    good.write_text(json.dumps([{"type": "Account", "fields": {"Name": "Acme"}}]))
    assert read_records_file(good) == [CrmRecord("", "Account", {"Name": "Acme"})]
    bad = tmp_path / "bad.json"
    bad.write_text('[{"type": "Account",]')
    with pytest.raises(CrmError, match=r"bad.json is not valid JSON: .* line 1, column"):
        read_records_file(bad)
    with pytest.raises(CrmError, match="cannot be read"):
        read_records_file(tmp_path / "missing.json")
    with pytest.raises(CrmError, match="--type is for CSV files only"):
        read_records_file(good, "Contact")


def test_csv_files(tmp_path: Path) -> None:
    path = tmp_path / "leads.csv"
    path.write_text(
        "\ufeffId,FirstName,LastName,Phone\n00QA,Ann,Lee,(206) 555-0100\n,Bo,,\n\n", encoding="utf-8"
    )
    assert read_records_file(path, "Lead") == [
        CrmRecord("00QA", "Lead", {"FirstName": "Ann", "LastName": "Lee", "Phone": "(206) 555-0100"}),
        CrmRecord("", "Lead", {"FirstName": "Bo"}),
    ]


@pytest.mark.parametrize(
    ("content", "record_type", "message"),
    [
        ("", "Lead", "the first line must name the fields"),
        ("A,,B\n1,2,3\n", "Lead", "column 2 of the header has no name"),
        ("A,A\n1,2\n", "Lead", "names A more than once"),
        ("A,B\n1,2,3\n", "Lead", "line 2: 3 values for 2 columns"),
        ("Id,A\nbad id,1\n", "Lead", "line 2: .* is not a record Id"),
        ("A\n1\n", "Not a type", "is not a record type"),
        ("A\n1\n", "", "say which type"),
    ],
)
def test_bad_csv_files(tmp_path: Path, content: str, record_type: str, message: str) -> None:
    path = tmp_path / "in.csv"
    path.write_text(content)
    with pytest.raises(CrmError, match=message):
        read_records_file(path, record_type)


def test_a_csv_file_that_is_not_text(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_bytes(b"A\n\xff\xfe\x00\n")
    with pytest.raises(CrmError, match="not UTF-8"):
        read_records_file(path, "Lead")
