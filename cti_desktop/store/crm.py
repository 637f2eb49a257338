"""The local CRM: records of any type in the app's own database, the embedded default CRM connector.

- `crm_record` holds each record (Id with a type prefix, type, free-form fields as JSON);
- `crm_phone` indexes every phone field's value in E.164, so a caller is found by one indexed lookup
  whatever way the number was written;
- `crm_fts` (SQLite FTS5) indexes the text of every record for search; on PostgreSQL `crm_search` does,
  as a generated `tsvector` under a GIN index (the same words as FTS5 sees: split on anything that is not
  a letter or digit, lower case, without diacritics); on a SQLite without FTS5 the search falls back to
  LIKE over the stored fields.
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
import string
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, Final

from sqlalchemy import (
    Column,
    Engine,
    MetaData,
    String,
    Table,
    bindparam,
    delete,
    func,
    insert,
    literal_column,
    select,
    text,
)
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError, OperationalError

from cti_desktop.crm.base import CrmError, CrmRecord, check_fields, check_record_id, check_type
from cti_desktop.domain.phones import to_e164
from cti_desktop.store.models import CrmPhoneRow, CrmRecordRow

log = logging.getLogger(__name__)

# Salesforce's key prefixes, so Ids read as people who know Salesforce expect.
KEY_PREFIXES: Final[dict[str, str]] = {
    "Account": "001",
    "Note": "002",
    "Contact": "003",
    "User": "005",
    "Opportunity": "006",
    "Lead": "00Q",
    "Task": "00T",
    "Event": "00U",
    "Case": "500",
    "Campaign": "701",
}

# The DDL of the search index; the Alembic migration creates the same table.
FTS_DDL: Final = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS crm_fts USING fts5("
    "record_id, type UNINDEXED, content, tokenize = 'unicode61 remove_diacritics 2')"
)

_ALPHABET = string.digits + string.ascii_letters
_WORD = re.compile(r"\w+")
_PHONE_LIKE = re.compile(r"\+?[\d\s().\-/]+")
_CHUNK = 500  # rows per IN (...) lookup, well under SQLite's bound-parameter limit

_records: Table = CrmRecordRow.__table__  # type: ignore[attr-defined]
_phones: Table = CrmPhoneRow.__table__  # type: ignore[attr-defined]
_fts = Table(
    "crm_fts", MetaData(), Column("record_id", String), Column("type", String), Column("content", String)
)
_pg_search = Table(
    "crm_search", MetaData(), Column("record_id", String), Column("type", String), Column("content", String)
)


def key_prefix(record_type: str) -> str:
    """The Id prefix of a type: Salesforce's for the standard objects, a stable one derived from the name
    for any other (custom objects' prefixes start with "a" in Salesforce too)."""
    known = KEY_PREFIXES.get(record_type)
    if known:
        return known
    digest = int.from_bytes(hashlib.blake2b(record_type.encode(), digest_size=4).digest(), "big")
    return "a" + _ALPHABET[digest % 62] + _ALPHABET[(digest // 62) % 62]


def new_record_id(record_type: str) -> str:
    """A 15-character Id like Salesforce's: the type prefix and 12 random letters and digits."""
    number = secrets.randbits(72)
    digits = []
    for _ in range(12):
        number, digit = divmod(number, 62)
        digits.append(_ALPHABET[digit])
    return key_prefix(record_type) + "".join(digits)


def is_phone_field(name: str) -> bool:
    return "phone" in name.lower()


def _looks_like_phone(text: str) -> bool:
    return bool(_PHONE_LIKE.fullmatch(text)) and sum(c.isdigit() for c in text) >= 7


def _scalar(value: Any) -> bool:
    return isinstance(value, str | int | float) and not isinstance(value, bool)


def _search_text(fields: Mapping[str, Any]) -> str:
    return "\n".join(str(value) for value in fields.values() if _scalar(value))


def _plain_words(text: str) -> list[str]:
    """The words of a text as both search indexes hold them: lower case, without diacritics."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return _WORD.findall("".join(c for c in decomposed if not unicodedata.combining(c)))


def _pg_phrase(words: Sequence[str]) -> str:
    # Words come from \w+, so they hold no quote; quoting keeps tsquery operators in them inert.
    return " <-> ".join(f"'{word}'" for word in words)


def _pg_prefixes(words: Sequence[str]) -> str:
    return " & ".join(f"'{word}':*" for word in words)


def _fts_phrase(column: str, words: Sequence[str]) -> str:
    # The words in this order, whole: the words come from \w+, so they hold no quote.
    return f'{column} : "{" ".join(words)}"'


def _holds_exactly(record: CrmRecord, wanted: str) -> bool:
    """A field's whole value is the text searched for (ignoring case)."""
    return any(
        isinstance(value, str | int | float)
        and not isinstance(value, bool)
        and str(value).casefold() == wanted
        for value in record.fields.values()
    )


def _holds_words(record: CrmRecord, words: Sequence[str], prefixes: bool) -> bool:
    """The record's text holds every word: as a word prefix, or else as this run of whole words."""
    content = _search_text(record.fields).lower()
    if not prefixes:
        return any(_is_word_run(_WORD.findall(line), list(words)) for line in content.split("\n"))
    tokens = set(_WORD.findall(content))
    return all(any(token.startswith(word) for token in tokens) for word in words)


def _is_word_run(tokens: list[str], words: list[str]) -> bool:
    size = len(words)
    return any(tokens[start : start + size] == words for start in range(len(tokens) - size + 1))


def _fts_query(column: str, words: Sequence[str]) -> str:
    # Every word must occur, each as a prefix; quoting keeps FTS5 operators in the text inert.
    terms = " ".join('"' + word.replace('"', '""') + '"*' for word in words)
    return f"{column} : ({terms})"


def _now() -> datetime:
    # Aware: SQLModel's datetime columns refuse naive values (models.utcnow gives naive ones).
    return datetime.now(UTC)


def _record(row: Any) -> CrmRecord:
    return CrmRecord(row.id, row.type, dict(row.fields or {}))


class LocalCrm:
    name = "local"
    has_urls = False

    def __init__(self, engine: Engine, default_country: str = "US") -> None:
        self._engine = engine
        self.default_country = default_country
        self._postgres = engine.dialect.name == "postgresql"
        self._fts = self._ensure_search_index()

    # -- the connector --------------------------------------------------------------------------------

    def supports(self, block_type: str) -> bool:
        # Completing High Velocity Sales work needs Salesforce itself.
        return block_type.startswith("SE_SF") and block_type != "SE_SFCompleteHvsWorkWithTaskSaved"

    def get(self, record_id: str) -> CrmRecord | None:
        with self._engine.connect() as connection:
            row = connection.execute(self._select().where(_records.c.id == record_id)).first()
        return _record(row) if row is not None else None

    def get_many(self, record_ids: Sequence[str]) -> list[CrmRecord]:
        """Records in the order of the Ids asked for; unknown Ids are left out."""
        if not record_ids:
            return []
        found: dict[str, CrmRecord] = {}
        with self._engine.connect() as connection:
            for chunk in _chunks(list(dict.fromkeys(record_ids))):
                for row in connection.execute(self._select().where(_records.c.id.in_(chunk))):
                    found[row.id] = _record(row)
        return [found[record_id] for record_id in record_ids if record_id in found]

    def find_by_phone(
        self,
        number: str,
        types: Sequence[str] | None = None,
        field_name: str | None = None,
        limit: int = 50,
    ) -> list[CrmRecord]:
        """Records with a phone field holding this number, however either was written; the most recently
        updated first."""
        e164 = to_e164(str(number).strip(), self.default_country) if number else None
        if e164 is None:
            return []
        matching = select(_phones.c.record_id).where(_phones.c.e164 == e164)
        if field_name:
            matching = matching.where(func.lower(_phones.c.field_name) == field_name.lower())
        query = self._select().where(_records.c.id.in_(matching))
        if types:
            query = query.where(_records.c.type.in_(list(types)))
        query = query.order_by(_records.c.updated_at.desc(), _records.c.id).limit(limit)
        with self._engine.connect() as connection:
            return [_record(row) for row in connection.execute(query)]

    def search(self, text: str, types: Sequence[str] | None = None, limit: int = 50) -> list[CrmRecord]:
        """Records matching the text in any field, as Salesforce's search does: a record Id finds that
        record; a phone-like text finds the records with that number in a phone field first, then those
        holding it in any other field (a Case number, an account number, an order id); other text finds the
        records holding every word of it (as word prefixes). Records with a field equal to the whole text
        come before those that only contain its words."""
        text = (text or "").strip()
        if not text or limit <= 0:
            return []
        found: dict[str, CrmRecord] = {}
        if " " not in text:
            record = self.get(text)
            if record is not None and (not types or record.type in types):
                found[record.Id] = record
        phone_like = _looks_like_phone(text)
        if phone_like:
            for record in self.find_by_phone(text, types, limit=limit):
                found.setdefault(record.Id, record)
        words = _WORD.findall(text.lower())
        if words and len(found) < limit:
            # A phone-like text is matched as its exact run of digit groups: prefixes of "1"... would
            # read much of the index and find numbers that only start the same way.
            for record in self._search_fields(text, words, types, limit, prefixes=not phone_like):
                found.setdefault(record.Id, record)
        return list(found.values())[:limit]

    def create(self, record_type: str, fields: Mapping[str, Any], record_id: str | None = None) -> CrmRecord:
        record = self._prepare(CrmRecord(record_id or "", record_type, check_fields(fields)))
        self._insert([record])
        return record

    def update(self, record_id: str, fields: Mapping[str, Any]) -> CrmRecord:
        """Set the given fields (others are kept); a value of null clears a field."""
        changes = check_fields(fields)
        given_id = changes.pop("Id", record_id)
        if given_id != record_id:
            raise CrmError(f"the Id of record {record_id} cannot be changed to {given_id!r}")
        with self._engine.begin() as connection:
            row = connection.execute(self._select().where(_records.c.id == record_id)).first()
            if row is None:
                raise CrmError(f"there is no record with Id {record_id}")
            record = _record(row)
            record.fields.update(changes)
            connection.execute(
                _records.update()
                .where(_records.c.id == record_id)
                .values(fields=record.fields, updated_at=_now())
            )
            connection.execute(delete(_phones).where(_phones.c.record_id == record_id))
            self._delete_from_search_index(connection, record_id)
            self._index(connection, [record])
        return record

    def list_by_type(self, record_type: str, limit: int = 100, offset: int = 0) -> list[CrmRecord]:
        """Records of a type, the most recently created first."""
        query = (
            self._select()
            .where(_records.c.type == record_type)
            .order_by(_records.c.created_at.desc(), _records.c.id.desc())
            .limit(limit)
            .offset(offset)
        )
        with self._engine.connect() as connection:
            return [_record(row) for row in connection.execute(query)]

    def count(self, record_type: str | None = None) -> int:
        query = select(func.count()).select_from(_records)
        if record_type:
            query = query.where(_records.c.type == record_type)
        with self._engine.connect() as connection:
            return int(connection.execute(query).scalar_one())

    def types(self) -> dict[str, int]:
        """The record types present, with how many records each has."""
        query = select(_records.c.type, func.count()).group_by(_records.c.type).order_by(_records.c.type)
        with self._engine.connect() as connection:
            return {row[0]: int(row[1]) for row in connection.execute(query)}

    def bulk_insert(self, records: Iterable[CrmRecord]) -> list[CrmRecord]:
        """Insert many records in one transaction: all of them, or none when one is refused. A record
        with an empty Id gets a new one. Returns the stored records."""
        prepared: list[CrmRecord] = []
        seen: set[str] = set()
        for index, record in enumerate(records, 1):
            try:
                checked = self._prepare(record)
            except CrmError as exc:
                raise CrmError(f"record {index}: {exc}") from exc
            if checked.Id in seen:
                raise CrmError(f"record {index}: the Id {checked.Id} is given twice")
            seen.add(checked.Id)
            prepared.append(checked)
        self._insert(prepared)
        return prepared

    def rebuild_search_index(self) -> None:
        """Index every record's text again (after the index was created on a database holding records)."""
        if not self._fts:
            return
        with self._engine.begin() as connection:
            connection.execute(delete(_pg_search if self._postgres else _fts))
            records = [_record(row) for row in connection.execute(self._select())]
            self._index_text(connection, records)

    # -- internals ------------------------------------------------------------------------------------

    @staticmethod
    def _select() -> Any:
        return select(_records.c.id, _records.c.type, _records.c.fields)

    def _prepare(self, record: CrmRecord) -> CrmRecord:
        record_type = check_type(record.type)
        fields = check_fields(record.fields)
        given = fields.pop("Id", None)
        record_id = record.Id or given or new_record_id(record_type)
        if given is not None and given != record_id:
            raise CrmError(f"two different Ids are given: {record_id!r} and {given!r}")
        return CrmRecord(check_record_id(record_id), record_type, fields)

    def _insert(self, records: list[CrmRecord]) -> None:
        if not records:
            return
        now = _now()
        try:
            with self._engine.begin() as connection:
                taken = self._existing_ids(connection, [r.Id for r in records])
                if taken:
                    raise CrmError(f"there is already a record with Id {', '.join(sorted(taken)[:5])}")
                _insert_many(
                    connection,
                    _records,
                    ("id", "type", "fields", "created_at", "updated_at"),
                    [(r.Id, r.type, r.fields, now, now) for r in records],
                )
                self._index(connection, records)
        except IntegrityError as exc:
            raise CrmError(f"the records could not be stored: {exc.orig}") from exc

    @staticmethod
    def _existing_ids(connection: Connection, record_ids: list[str]) -> set[str]:
        taken: set[str] = set()
        for chunk in _chunks(record_ids):
            taken.update(connection.execute(select(_records.c.id).where(_records.c.id.in_(chunk))).scalars())
        return taken

    def _index(self, connection: Connection, records: list[CrmRecord]) -> None:
        phones = [
            (record.Id, name, e164)
            for record in records
            for name, value in record.fields.items()
            if is_phone_field(name)
            and isinstance(value, str | int)
            and (e164 := to_e164(str(value), self.default_country)) is not None
        ]
        if phones:
            _insert_many(connection, _phones, ("record_id", "field_name", "e164"), phones)
        self._index_text(connection, records)

    def _index_text(self, connection: Connection, records: list[CrmRecord]) -> None:
        if self._postgres and records:
            _insert_many(
                connection,
                _pg_search,
                ("record_id", "type", "content"),
                [(r.Id, r.type, " ".join(_plain_words(_search_text(r.fields)))) for r in records],
            )
            return
        if self._fts and records:
            _insert_many(
                connection,
                _fts,
                ("record_id", "type", "content"),
                [(r.Id, r.type, _search_text(r.fields)) for r in records],
            )

    def _delete_from_search_index(self, connection: Connection, record_id: str) -> None:
        if self._postgres:
            connection.execute(delete(_pg_search).where(_pg_search.c.record_id == record_id))
            return
        if not self._fts:
            return
        # Found through the index (a phrase on record_id) rather than a scan of the whole table.
        connection.execute(
            text(
                "DELETE FROM crm_fts WHERE rowid IN "
                "(SELECT rowid FROM crm_fts WHERE crm_fts MATCH :query AND record_id = :record_id)"
            ),
            {"query": "record_id : " + '"' + record_id.replace('"', '""') + '"', "record_id": record_id},
        )

    def _search_fields(
        self, text: str, words: list[str], types: Sequence[str] | None, limit: int, prefixes: bool
    ) -> list[CrmRecord]:
        """Records holding the words in any field: first those holding them as one phrase (which is how
        FTS splits a value such as "ORD-00123" or "00001026"), a field equal to the whole text leading,
        then, when `prefixes`, those holding every word as a word prefix anywhere."""
        if self._postgres:
            words = _plain_words(text)
            records = self._search_pg(_pg_phrase(words), types, limit) if words else []
            if prefixes and words and len(records) < limit:
                known = {record.Id for record in records}
                more = self._search_pg(_pg_prefixes(words), types, limit)
                records += [record for record in more if record.Id not in known]
        elif self._fts:
            records = self._search_fts(_fts_phrase("content", words), types, limit)
            if prefixes and len(records) < limit:
                known = {record.Id for record in records}
                more = self._search_fts(_fts_query("content", words), types, limit)
                records += [record for record in more if record.Id not in known]
        else:
            records = self._search_like(words, types, limit, prefixes)
        wanted = text.casefold()
        # Stable: the index's ranking is kept within each group.
        return sorted(records, key=lambda record: not _holds_exactly(record, wanted))[:limit]

    def _search_fts(self, query: str, types: Sequence[str] | None, limit: int) -> list[CrmRecord]:
        sql = "SELECT record_id FROM crm_fts WHERE crm_fts MATCH :query"
        params: dict[str, Any] = {"query": query, "limit": limit}
        statement = text(sql + " ORDER BY rank LIMIT :limit")
        if types:
            statement = text(sql + " AND type IN :types ORDER BY rank LIMIT :limit").bindparams(
                bindparam("types", expanding=True)
            )
            params["types"] = list(types)
        with self._engine.connect() as connection:
            ids = list(connection.execute(statement, params).scalars())
        return self.get_many(ids) if ids else []

    def _search_pg(self, query: str, types: Sequence[str] | None, limit: int) -> list[CrmRecord]:
        wanted = func.to_tsquery("simple", query)
        document = _pg_search_document()
        statement = select(_pg_search.c.record_id).where(document.op("@@")(wanted))
        if types:
            statement = statement.where(_pg_search.c.type.in_(list(types)))
        statement = statement.order_by(func.ts_rank(document, wanted).desc()).limit(limit)
        with self._engine.connect() as connection:
            ids = list(connection.execute(statement).scalars())
        return self.get_many(ids) if ids else []

    def _search_like(
        self, words: list[str], types: Sequence[str] | None, limit: int, prefixes: bool = True
    ) -> list[CrmRecord]:
        # LIKE over the stored JSON narrows the rows; the words are then checked against field values only.
        stored = func.lower(_records.c.fields.cast(String))
        query = self._select().where(*(stored.like(f"%{_escape_like(word)}%", escape="\\") for word in words))
        if types:
            query = query.where(_records.c.type.in_(list(types)))
        query = query.order_by(_records.c.updated_at.desc(), _records.c.id)
        found: list[CrmRecord] = []
        with self._engine.connect() as connection:
            for row in connection.execute(query):
                record = _record(row)
                if _holds_words(record, words, prefixes):
                    found.append(record)
                    if len(found) >= limit:
                        break
        return found

    def _ensure_search_index(self) -> bool:
        """Create the FTS5 index when missing (and fill it if records exist); False where FTS5 is not
        available, which switches search to LIKE. On PostgreSQL the migration made the index: fill it
        when records were stored before it existed."""
        if self._postgres:
            self._fts = True
            try:
                with self._engine.connect() as connection:
                    unindexed = connection.execute(
                        select(select(_records.c.id).exists() & ~select(_pg_search.c.record_id).exists())
                    ).scalar()
            except OperationalError as exc:  # the server is away: the index is filled on the next start
                log.info("the CRM's search index was not checked: %s", exc)
                return True
            if unindexed:
                self.rebuild_search_index()
            return True
        if self._engine.dialect.name != "sqlite":
            return False
        try:
            with self._engine.begin() as connection:
                existed = bool(
                    connection.execute(
                        text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'crm_fts'")
                    ).first()
                )
                if not existed:
                    connection.execute(text(FTS_DDL))
        except OperationalError as exc:
            log.warning("full-text search is not available, searching with LIKE: %s", exc)
            return False
        if not existed and self.count():
            self._fts = True
            self.rebuild_search_index()
        return True


def _insert_many(
    connection: Connection, table: Table, columns: tuple[str, ...], rows: list[tuple[Any, ...]]
) -> None:
    """Insert many rows. On SQLite the driver's executemany is fed directly (with each value converted
    by its column type, as SQLAlchemy would), which makes a 100,000-record import several times faster."""
    if not rows:
        return
    dialect = connection.dialect
    if dialect.name != "sqlite":
        connection.execute(insert(table), [dict(zip(columns, row, strict=True)) for row in rows])
        return
    processors = [table.c[name].type.bind_processor(dialect) for name in columns]
    if any(processors):
        rows = [
            tuple(
                value if process is None else process(value)
                for process, value in zip(processors, row, strict=True)
            )
            for row in rows
        ]
    quote = dialect.identifier_preparer.quote
    # Only the table's own names (quoted by the dialect) are written in; every value is a bound "?".
    sql = (
        f"INSERT INTO {quote(table.name)} ({', '.join(quote(name) for name in columns)}) "  # noqa: S608
        f"VALUES ({', '.join('?' for _ in columns)})"
    )
    connection.exec_driver_sql(sql, rows)


def _pg_search_document() -> Any:
    # The generated tsvector column, named here only: the insert statements must not write it.
    return literal_column("crm_search.document")


def _escape_like(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _chunks(items: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


__all__ = ["FTS_DDL", "KEY_PREFIXES", "LocalCrm", "is_phone_field", "key_prefix", "new_record_id", "to_e164"]
