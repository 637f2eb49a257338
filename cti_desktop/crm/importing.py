"""Reading CRM records from files: a JSON list of `{"type": ..., "fields": {...}}` (an optional `Id`
beside them or among the fields), or a CSV file whose header names the fields, all of one type.

Everything is read and checked before anything is stored; a problem names the file and the item or row.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from cti_desktop.crm.base import CrmError, CrmRecord, check_fields, check_record_id, check_type
from cti_desktop.domain import json_input


def records_from_json(data: Any, where: str = "the JSON") -> list[CrmRecord]:
    try:
        # Within the input limits (nesting, valid Unicode, finite numbers): what is stored can be shown.
        json_input.check(data, where)
    except json_input.JsonInputError as exc:
        raise CrmError(str(exc)) from None
    if not isinstance(data, list):
        raise CrmError(f'{where}: expected a list of records like {{"type": "Contact", "fields": {{...}}}}')
    records: list[CrmRecord] = []
    for index, item in enumerate(data, 1):
        place = f"{where}, record {index}"
        if not isinstance(item, dict):
            raise CrmError(f"{place}: expected an object with 'type' and 'fields', not {type(item).__name__}")
        unknown = set(item) - {"type", "fields", "Id"}
        if unknown:
            raise CrmError(
                f"{place}: unknown key(s) {', '.join(sorted(unknown))}; use 'type', 'fields' and 'Id'"
            )
        try:
            record_type = check_type(item.get("type"))
            fields = check_fields(item.get("fields", {}))
            record_id = item.get("Id") or fields.get("Id") or ""
            if record_id:
                check_record_id(record_id)
        except CrmError as exc:
            raise CrmError(f"{place}: {exc}") from exc
        records.append(CrmRecord(record_id, record_type, fields))
    return records


def read_json_file(path: Path) -> list[CrmRecord]:
    try:
        data = json_input.loads(path.read_text(encoding="utf-8-sig"), str(path))
    except OSError as exc:
        raise CrmError(f"{path} cannot be read: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise CrmError(f"{path} is not UTF-8 text") from exc
    except json_input.JsonInputError as exc:
        raise CrmError(str(exc)) from None
    return records_from_json(data, str(path))


def read_csv_file(path: Path, record_type: str) -> list[CrmRecord]:
    """One record per row; empty cells are left out of the record. An `Id` column gives the Ids.
    Strict UTF-8 decoding refuses bytes that are not text (encoded lone surrogates among them), so every
    name and value read is valid Unicode."""
    record_type = check_type(record_type)
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle)
            header = next(reader, None)
            if not header or not any(name.strip() for name in header):
                raise CrmError(f"{path}: the first line must name the fields (e.g. FirstName,LastName,Phone)")
            names = [name.strip() for name in header]
            if "" in names:
                raise CrmError(f"{path}: column {names.index('') + 1} of the header has no name")
            duplicates = sorted({name for name in names if names.count(name) > 1})
            if duplicates:
                raise CrmError(f"{path}: the header names {', '.join(duplicates)} more than once")
            records: list[CrmRecord] = []
            for row in reader:
                if not any(cell.strip() for cell in row):
                    continue
                if len(row) > len(names):
                    raise CrmError(
                        f"{path}, line {reader.line_num}: {len(row)} values for {len(names)} columns"
                    )
                fields = {name: cell for name, cell in zip(names, row, strict=False) if cell != ""}
                record_id = fields.pop("Id", "")
                if record_id:
                    try:
                        check_record_id(record_id)
                    except CrmError as exc:
                        raise CrmError(f"{path}, line {reader.line_num}: {exc}") from exc
                records.append(CrmRecord(record_id, record_type, fields))
    except OSError as exc:
        raise CrmError(f"{path} cannot be read: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise CrmError(f"{path} is not UTF-8 text") from exc
    except csv.Error as exc:
        raise CrmError(f"{path} is not a valid CSV file: {exc}") from exc
    return records


def read_records_file(path: Path, record_type: str | None = None) -> list[CrmRecord]:
    """A JSON or CSV file, told apart by its extension (.csv needs the type of its records)."""
    if path.suffix.lower() == ".csv":
        if not record_type:
            raise CrmError(f"{path} is a CSV file: say which type its records are (--type Contact)")
        return read_csv_file(path, record_type)
    if record_type:
        raise CrmError(f"{path} is JSON, where each record names its type: --type is for CSV files only")
    return read_json_file(path)
