from __future__ import annotations

import phonenumbers
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, create_engine, text
from sqlmodel import SQLModel

from cti_desktop.crm.base import CrmConnector, CrmError, CrmRecord
from cti_desktop.domain.phones import nanp_e164
from cti_desktop.store.crm import KEY_PREFIXES, LocalCrm, key_prefix, new_record_id, to_e164


def test_the_local_crm_is_a_crm_connector(crm: LocalCrm) -> None:
    assert isinstance(crm, CrmConnector)
    assert crm.supports("SE_SFSearchAndScreenpop")
    assert not crm.supports("SE_SFCompleteHvsWorkWithTaskSaved")
    assert not crm.supports("SE_AgentDialNumber")


@pytest.mark.parametrize(("record_type", "prefix"), [("Contact", "003"), ("Lead", "00Q"), ("Account", "001")])
def test_ids_carry_salesforce_key_prefixes(crm: LocalCrm, record_type: str, prefix: str) -> None:
    record = crm.create(record_type, {"Name": "x"})
    assert record.Id.startswith(prefix)
    assert len(record.Id) == 15


def test_custom_types_get_a_stable_prefix() -> None:
    assert key_prefix("Invoice__c") == key_prefix("Invoice__c")
    assert key_prefix("Invoice__c").startswith("a")
    assert key_prefix("Invoice__c") not in KEY_PREFIXES.values()
    assert new_record_id("Invoice__c")[:3] == key_prefix("Invoice__c")
    assert new_record_id("Case") != new_record_id("Case")


def test_create_get_and_update(crm: LocalCrm) -> None:
    created = crm.create("Contact", {"LastName": "Doe", "Phone": "(206) 555-0100"})
    assert crm.get(created.Id) == created
    updated = crm.update(created.Id, {"Phone": "+1 206 555 0199", "Title": "Buyer"})
    assert updated.fields == {"LastName": "Doe", "Phone": "+1 206 555 0199", "Title": "Buyer"}
    assert crm.get(created.Id) == updated
    # The phone index follows the update: the old number no longer finds the record.
    assert crm.find_by_phone("+12065550100") == []
    assert crm.find_by_phone("2065550199") == [updated]
    assert crm.search("buyer") == [updated]
    assert crm.get("003nothere") is None


def test_create_with_a_given_id(crm: LocalCrm) -> None:
    record = crm.create("Case", {"Subject": "Broken"}, record_id="500ABC")
    assert record.Id == "500ABC"
    assert crm.create("Case", {"Id": "500ABD", "Subject": "x"}).Id == "500ABD"
    with pytest.raises(CrmError, match="already a record with Id 500ABC"):
        crm.create("Case", {}, record_id="500ABC")


@pytest.mark.parametrize(
    ("record_type", "fields", "record_id", "message"),
    [
        ("", {}, None, "is not a record type"),
        ("My Type", {}, None, "is not a record type"),
        ("Contact", [], None, "must be an object"),
        ("Contact", {"": 1}, None, "is not a name"),
        ("Contact", {"x": float("nan")}, None, "cannot be stored"),
        ("Contact", {"x": object()}, None, "cannot be stored"),
        ("Contact", {}, "bad id!", "is not a record Id"),
        ("Contact", {"Id": "003a"}, "003b", "two different Ids"),
    ],
)
def test_bad_records_are_refused(
    crm: LocalCrm, record_type: str, fields: object, record_id: str | None, message: str
) -> None:
    with pytest.raises(CrmError, match=message):
        crm.create(record_type, fields, record_id)  # type: ignore[arg-type]
    assert crm.count() == 0


def test_update_refuses_unknown_records_and_id_changes(crm: LocalCrm) -> None:
    record = crm.create("Lead", {"LastName": "Roe"})
    with pytest.raises(CrmError, match="no record with Id 00Qmissing"):
        crm.update("00Qmissing", {"x": 1})
    with pytest.raises(CrmError, match="cannot be changed"):
        crm.update(record.Id, {"Id": "00Qother"})
    assert crm.update(record.Id, {"Id": record.Id, "LastName": "Poe"}).fields == {"LastName": "Poe"}


def test_phone_values_match_however_they_are_written(demo_crm: LocalCrm) -> None:
    for written in ("+12065550100", "(206) 555-0100", "206-555-0100", "1 206 555 0100", "+1 (206) 555-0100"):
        assert [r.Id for r in demo_crm.find_by_phone(written)] == ["003DEMO00000001"], written
    # The demo's UK contact is written in international format; a national UK number needs GB as default.
    assert [r.Id for r in demo_crm.find_by_phone("+442079460018")] == ["003DEMO00000004"]
    assert demo_crm.find_by_phone("020 7946 0018") == []
    assert demo_crm.find_by_phone("") == []
    assert demo_crm.find_by_phone("not a number") == []


def test_phone_lookup_filters_by_type_and_field(demo_crm: LocalCrm) -> None:
    shared = demo_crm.find_by_phone("+12065550140")
    assert sorted(r.Id for r in shared) == ["003DEMO00000005", "003DEMO00000006"]
    assert [r.Id for r in demo_crm.find_by_phone("312-555-0111", field_name="mobilephone")] == [
        "003DEMO00000002"
    ]
    assert demo_crm.find_by_phone("312-555-0111", field_name="Phone") == []
    assert [r.Id for r in demo_crm.find_by_phone("+12065550101", types=["Lead"])] == ["00QDEMO00000001"]
    assert demo_crm.find_by_phone("+12065550101", types=["Contact"]) == []


def test_the_default_country_reads_national_numbers(engine: Engine) -> None:
    crm = LocalCrm(engine, default_country="GB")
    record = crm.create("Contact", {"Phone": "020 7946 0018"})
    assert crm.find_by_phone("+44 20 7946 0018") == [record]
    assert to_e164("020 7946 0018", "GB") == "+442079460018"
    assert to_e164("12", "US") is None


def test_text_search(demo_crm: LocalCrm) -> None:
    assert [r.Id for r in demo_crm.search("jane.doe@northwind.example.com")] == ["003DEMO00000001"]
    assert [r.Id for r in demo_crm.search("Priya")] == ["003DEMO00000003"]
    assert [r.Id for r in demo_crm.search("carlos riv")] == ["003DEMO00000002"]
    assert {r.type for r in demo_crm.search("northwind")} == {"Account", "Contact", "Opportunity"}
    assert [r.type for r in demo_crm.search("northwind", types=["Account"])] == ["Account"]
    assert len(demo_crm.search("northwind", limit=2)) == 2
    assert demo_crm.search("") == []
    assert demo_crm.search("   ") == []
    assert demo_crm.search("zebra") == []
    # FTS5 syntax in the text is taken literally, never as a query.
    assert demo_crm.search('"NEAR(jane* OR -') == []


def test_search_finds_an_id_and_a_phone_number(demo_crm: LocalCrm) -> None:
    assert [r.Id for r in demo_crm.search("500DEMO00000001")] == ["500DEMO00000001"]
    assert demo_crm.search("500DEMO00000001", types=["Contact"]) == []
    assert [r.Id for r in demo_crm.search("(206) 555-0100")] == ["003DEMO00000001"]
    assert demo_crm.search("(206) 555-0199") == []


def test_search_finds_values_of_any_field_however_fts_splits_them(crm: LocalCrm) -> None:
    case = crm.create("Case", {"CaseNumber": "00001026", "Subject": "Crushed cartons"})
    account = crm.create("Account", {"Name": "Acme", "AccountNumber": "CD-451796-00"})
    order = crm.create("Order", {"OrderNumber": "ORD/2026-000731", "Status": "Draft"})
    near = crm.create("Order", {"OrderNumber": "ORD/2026-000731-B"})
    assert crm.search("00001026") == [case]
    assert crm.search("cd-451796-00") == [account]
    # The record whose field is exactly the text leads; one that only contains it follows.
    assert crm.search("ORD/2026-000731") == [order, crm.get(near.Id)]
    assert crm.search("00001026", types=["Account"]) == []


def test_a_phone_like_text_finds_phone_matches_first_then_other_fields(crm: LocalCrm) -> None:
    caller = crm.create("Contact", {"Name": "Jane Doe", "Phone": "(206) 555-0100"})
    case = crm.create("Case", {"CaseNumber": "2065550100", "Subject": "A number that looks like hers"})
    crm.create("Case", {"CaseNumber": "20655501009", "Subject": "Only starts the same"})
    assert crm.search("2065550100") == [caller, case]
    assert crm.search("2065550100", limit=1) == [caller]


def test_like_search_finds_values_of_any_field(tmp_path: object, monkeypatch: pytest.MonkeyPatch) -> None:
    engine = create_engine(f"sqlite:///{tmp_path}/plain.db")
    SQLModel.metadata.create_all(engine)
    monkeypatch.setattr(LocalCrm, "_ensure_search_index", lambda self: False)
    crm = LocalCrm(engine)
    case = crm.create("Case", {"CaseNumber": "00001026"})
    crm.create("Case", {"CaseNumber": "000010260"})
    caller = crm.create("Contact", {"Phone": "+12065550100"})
    number = crm.create("Account", {"AccountNumber": "206-555-0100"})
    assert crm.search("00001026") == [case]
    assert crm.search("206 555 0100") == [caller, number]
    engine.dispose()


def test_list_count_and_types(demo_crm: LocalCrm) -> None:
    contacts = demo_crm.list_by_type("Contact")
    assert len(contacts) == 6
    assert all(r.type == "Contact" for r in contacts)
    assert len(demo_crm.list_by_type("Contact", limit=2, offset=5)) == 1
    assert demo_crm.count() == 15
    assert demo_crm.count("Lead") == 3
    assert demo_crm.types() == {"Account": 3, "Case": 2, "Contact": 6, "Lead": 3, "Opportunity": 1}
    newest = demo_crm.create("Contact", {"LastName": "Newest"})
    assert demo_crm.list_by_type("Contact", limit=1) == [newest]


def test_get_many_keeps_the_order_asked(demo_crm: LocalCrm) -> None:
    ids = ["500DEMO00000002", "missing", "003DEMO00000001"]
    assert [r.Id for r in demo_crm.get_many(ids)] == ["500DEMO00000002", "003DEMO00000001"]


def test_bulk_insert_is_all_or_nothing(crm: LocalCrm) -> None:
    crm.create("Contact", {}, record_id="003TAKEN")
    with pytest.raises(CrmError, match=r"record 2: .* is not a record type"):
        crm.bulk_insert([CrmRecord("", "Contact", {}), CrmRecord("", "", {})])
    with pytest.raises(CrmError, match="record 2: the Id 003X is given twice"):
        crm.bulk_insert([CrmRecord("003X", "Contact", {}), CrmRecord("003X", "Contact", {})])
    with pytest.raises(CrmError, match="already a record with Id 003TAKEN"):
        crm.bulk_insert(
            [CrmRecord("", "Contact", {"Phone": "+12065550100"}), CrmRecord("003TAKEN", "Lead", {})]
        )
    assert crm.count() == 1
    assert crm.find_by_phone("+12065550100") == []
    stored = crm.bulk_insert([CrmRecord("", "Lead", {"Phone": "+12065550100"})])
    assert crm.find_by_phone("+12065550100") == stored


def test_only_phone_fields_are_indexed_as_phones(crm: LocalCrm, engine: Engine) -> None:
    record = crm.create("Contact", {"Phone": "+12065550100", "HomePhone": 2065550101, "Fax": "+12065550102"})
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT field_name, e164 FROM crm_phone WHERE record_id = :id"), {"id": record.Id}
        ).all()
    assert sorted(rows) == [("HomePhone", "+12065550101"), ("Phone", "+12065550100")]


@pytest.mark.sqlite_only
def test_an_index_created_late_is_filled_from_the_records(engine: Engine) -> None:
    crm = LocalCrm(engine)
    crm.create("Contact", {"LastName": "Okafor"})
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE crm_fts"))
    again = LocalCrm(engine)
    assert [r.fields["LastName"] for r in again.search("okafor")] == ["Okafor"]


def test_like_search_where_fts5_is_missing(tmp_path: object, monkeypatch: pytest.MonkeyPatch) -> None:
    engine = create_engine(f"sqlite:///{tmp_path}/plain.db")
    SQLModel.metadata.create_all(engine)
    monkeypatch.setattr(LocalCrm, "_ensure_search_index", lambda self: False)
    crm = LocalCrm(engine)
    jane = crm.create("Contact", {"Name": "Jane Doe", "Email": "jane@example.com", "Phone": "+12065550100"})
    crm.create("Contact", {"Name": "John Roe", "Note": "100%_sure"})
    crm.create("Lead", {"Name": "Jane Poe"})
    assert crm.search("jane doe") == [jane]
    assert crm.search("jane ex") == [jane]
    assert crm.search("jane", types=["Contact"]) == [jane]
    # A word that only occurs in a field name does not match.
    assert crm.search("email") == []
    assert [r.fields["Name"] for r in crm.search("100%_")] == ["John Roe"]
    crm.update(jane.Id, {"Name": "Jane Smith"})
    assert crm.search("smith") == [crm.get(jane.Id)]
    engine.dispose()


def _full_parse(value: str, country: str) -> str | None:
    try:
        parsed = phonenumbers.parse(value, country)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


@settings(max_examples=300, deadline=None)
@given(
    digits=st.text("0123456789", min_size=6, max_size=12),
    separators=st.lists(st.sampled_from(["", " ", "-", ".", "(", ")"]), min_size=12, max_size=12),
    plus=st.booleans(),
    country=st.sampled_from(["US", "CA", "GB", "DE"]),
)
def test_the_north_american_shortcut_agrees_with_phonenumbers(
    digits: str, separators: list[str], plus: bool, country: str
) -> None:
    value = ("+" if plus else "") + "".join(d + s for d, s in zip(digits, separators, strict=False))
    fast = nanp_e164(value, country)
    if fast is not None:
        assert fast == _full_parse(value, country)
    assert to_e164(value, country) == _full_parse(value, country)


@pytest.mark.parametrize(
    "value", ["(206) 555-0100", "206.555.0100", "1 206 555 0100", "+1 (206) 555-0100", "+12065550100"]
)
def test_the_north_american_shortcut_takes_common_spellings(value: str) -> None:
    assert nanp_e164(value, "US") == "+12065550100" == _full_parse(value, "US")
