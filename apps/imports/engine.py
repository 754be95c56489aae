"""Checking and writing the rows of an import.

Every row goes through the same services as the forms and the workflow
(create_member, update_member, open_case, record_certificate, open_dossier,
create_organization), each inside its own savepoint of one transaction:
the dry run rolls the whole transaction back, so what the preview reports
is exactly what the commit would do. An all-or-nothing commit rolls back
if any row fails; a valid-rows commit keeps the others. A row is therefore
never half-written."""

from __future__ import annotations

import datetime
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.accounts.scope import restrict
from apps.admissions import plausibility, steps
from apps.admissions import services as case_services
from apps.admissions.choices import Stage
from apps.admissions.models import Case
from apps.common import clock
from apps.members.choices import MemberStatus
from apps.members.models import PERSON_FIELDS, Member, Person
from apps.members.selectors import (
    citizen_id_unavailable,
    people_by_citizen_id,
    people_by_name_and_birth,
    unit_of,
)
from apps.members.services import create_member, update_member
from apps.organizations.models import Organization
from apps.organizations.services import create_organization
from domain.dates import add_months, completed_months
from domain.legacy_fonts import convert_legacy
from domain.roles import Perm
from domain.vietnamese import fold, normalize_name

from .columns import (
    DAY_FIRST,
    IMPORT_STAGES,
    CellError,
    Column,
    Kind,
    Noted,
    as_date,
    as_text,
    header_key,
    kinds,
)
from .models import ImportMode
from .reading import Table, limits

CREATE, UPDATE, SKIP, ERROR, ASK = "create", "update", "skip", "error", "ask"
# Answers to a question: a different person (add), the same person as the
# one recorded (go on with them), or leave the row out.
SAME = "same"
CLOSED_STAGES = [Stage.WITHDRAWN, Stage.REJECTED, Stage.REMOVED, Stage.DECEASED]
# The header is looked for in the first rows: a title block (the unit, the
# party's name, the roster's title, "tính đến ngày …") sits above it.
HEADER_SEARCH_ROWS = 20
# How many converted cells the preview quotes.
CONVERSION_SAMPLES = 3
_COLUMN_NUMBER = re.compile(r"\(?\s*(\d{1,3})\s*\)?")


class HeaderError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class Parsed:
    """One data row as read: its sheet row number, the values by column
    key, the cells that could not be read (column, message) and the notes
    on cells read other than as written (column, note)."""

    number: int
    values: dict[str, Any]
    errors: list[tuple[str, str]]
    notes: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Outcome:
    row: int  # the sheet's row number
    action: str
    label: str = ""
    errors: list[tuple[str, str]] = field(default_factory=list)  # (column, message)
    question: str = ""
    # The answers the question takes (CREATE, SAME, SKIP).
    options: tuple[str, ...] = ()
    # The values as they will be saved, (column, text; dates dd/mm/yyyy).
    shown: list[tuple[str, str]] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (column, note)

    def as_json(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "action": self.action,
            "label": self.label,
            "errors": [list(e) for e in self.errors],
            "question": self.question,
            "options": list(self.options),
            "values": [list(v) for v in self.shown],
            "notes": [list(n) for n in self.notes],
        }


@dataclass
class Result:
    counts: Counter[str]
    outcomes: list[Outcome]
    notes: list[str]

    @property
    def problems(self) -> list[dict[str, Any]]:
        return [o.as_json() for o in self.outcomes if o.action in (ERROR, ASK)]

    def preview(self, limit: int) -> list[dict[str, Any]]:
        """The first `limit` rows as they will be saved, and every row with
        a note, for the preview (rows with an error or a question are in
        `problems`)."""
        rows = [
            o.as_json()
            for i, o in enumerate(self.outcomes)
            if o.action not in (ERROR, ASK) and (i < limit or o.notes)
        ]
        return rows


def locate_header(kind: Kind, rows: list[list[Any]]) -> int:
    """The index of the header among the first HEADER_SEARCH_ROWS rows:
    the row naming most of the kind's columns (the first of equals); 0 when
    none names any (the header check then says what is missing)."""
    known = {header_key(n) for c in kind.columns for n in (c.header, *c.aliases)}
    best, score = 0, 0
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        found = len({key for v in row if (key := header_key(v)) in known})
        if found > score:
            best, score = i, found
    return best


def is_column_number_row(row: list[Any]) -> bool:
    """The row of column numbers under an official roster's header, "(1)
    (2) … (24)" or 1 2 … 24: at least two cells, each a number, increasing."""
    numbers: list[int] = []
    for value in row:
        text = as_text(value)
        if not text:
            continue
        match = _COLUMN_NUMBER.fullmatch(text)
        if match is None:
            return False
        numbers.append(int(match.group(1)))
    return len(numbers) >= 2 and all(a < b for a, b in pairwise(numbers))


def shown_value(value: Any) -> str:
    """A value as the preview shows it: dates dd/mm/yyyy, yes/no as có/—."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "có" if value else ""
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def map_headers(kind: Kind, header: list[Any]) -> tuple[dict[int, Column], list[str]]:
    """Which column of the sheet is which template column; notes on the
    columns the template does not know. Missing required columns refuse the
    whole file."""
    by_key: dict[str, Column] = {}
    for column in kind.columns:
        for name in (column.header, *column.aliases):
            by_key[header_key(name)] = column
    mapping: dict[int, Column] = {}
    notes: list[str] = []
    seen: dict[str, int] = {}
    for i, raw in enumerate(header):
        key = header_key(raw)
        if not key:
            continue
        found = by_key.get(key)
        if found is None:
            notes.append(
                _("Column “{name}” is not in the template and was not read.").format(
                    name=str(raw).strip()
                )
            )
            continue
        if found.key in seen:
            raise HeaderError(
                _("Column “{name}” appears twice in the header.").format(name=found.header)
            )
        seen[found.key] = i
        mapping[i] = found
    missing = [c.header for c in kind.columns if c.required and c.key not in seen]
    if missing:
        raise HeaderError(
            _("The sheet lacks the required columns: {names}. Start from the template.").format(
                names=", ".join(missing)
            )
        )
    return mapping, notes


class Importer:
    def __init__(
        self,
        kind_code: str,
        table: Table,
        user: Any,
        *,
        decisions: dict[str, str] | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> None:
        self.kind = kinds()[kind_code]
        self.table = table
        self.user = user
        self.decisions = decisions or {}
        self.progress = progress or (lambda done, total: None)
        self.overdue = 0  # probationary members whose probation has ended
        numbers = table.numbers or list(range(1, len(table.rows) + 1))
        rows = [list(r) for r in table.rows]
        converted = self.convert_legacy_rows(rows)
        at = locate_header(self.kind, rows)
        self.mapping, self.notes = map_headers(self.kind, rows[at])
        self.header_row = numbers[at]
        start = at + 1
        if at:
            self.notes.insert(
                0,
                _("The header is row {row}; the {n} rows above it were not read.").format(
                    row=numbers[at], n=at
                ),
            )
        if start < len(rows) and is_column_number_row(rows[start]):
            self.notes.insert(
                1 if at else 0,
                _("Row {row} numbers the columns and was not read.").format(row=numbers[start]),
            )
            start += 1
        # Fully blank rows were left out when the sheet was read.
        self.rows = list(zip(numbers[start:], rows[start:], strict=True))
        max_rows = limits()[1]
        if len(self.rows) > max_rows:
            raise HeaderError(
                _("The sheet has {n} rows; at most {limit} can be imported at once.").format(
                    n=f"{len(self.rows):,}".replace(",", "."),
                    limit=f"{max_rows:,}".replace(",", "."),
                )
            )
        if not self.rows:
            raise HeaderError(_("The sheet has no rows under its header."))
        self._note_conversions(converted, start, numbers)

    @staticmethod
    def convert_legacy_rows(rows: list[list[Any]]) -> list[tuple[int, int, str, str, str]]:
        """Convert, in place, the text cells typed in the old TCVN3 and VNI
        fonts (domain.legacy_fonts); give (row index, column index, before,
        after, encoding) of each."""
        done = []
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if isinstance(value, str) and not value.isascii():
                    found = convert_legacy(value)
                    if found is not None:
                        row[c] = found.text
                        done.append((r, c, value, found.text, found.encoding))
        return done

    def _note_conversions(
        self, converted: list[tuple[int, int, str, str, str]], start: int, numbers: list[int]
    ) -> None:
        cells = [c for c in converted if c[0] >= start and c[1] in self.mapping]
        self.converted_cells = len(cells)
        if not cells:
            return
        by_encoding = Counter(c[4] for c in cells)
        samples = "; ".join(
            _("row {row}, {column}: “{before}” → “{after}”").format(
                row=numbers[r], column=self.mapping[c].header, before=before, after=after
            )
            for r, c, before, after, _e in cells[:CONVERSION_SAMPLES]
        )
        self.notes.append(
            _(
                "{n} cells were typed in an old Vietnamese font ({encodings}) and were "
                "converted to Unicode, for example: {samples}."
            ).format(
                n=len(cells),
                encodings=", ".join(f"{name}: {n}" for name, n in sorted(by_encoding.items())),
                samples=samples,
            )
        )

    # ------------------------------------------------------------ reading

    def parsed_rows(self) -> list[Parsed]:
        out = []
        for number, raw in self.rows:
            values: dict[str, Any] = {}
            errors: list[tuple[str, str]] = []
            notes: list[tuple[str, str]] = []
            for i, column in self.mapping.items():
                cell = raw[i] if i < len(raw) else None
                try:
                    value = column.read(cell)
                except CellError as exc:
                    errors.append((column.header, str(exc)))
                    values[column.key] = None
                    continue
                if isinstance(value, Noted):
                    notes.append((column.header, value.note))
                    value = value.value
                values[column.key] = value
            for column in self.kind.columns:
                if (
                    column.required
                    and not errors_for(errors, column)
                    and values.get(column.key) in (None, "")
                ):
                    errors.append((column.header, _("This column must be filled in.")))
            if values.get("full_name"):
                values["full_name"] = normalize_name(values["full_name"])
            out.append(Parsed(number, values, errors, notes))
        self._month_first_columns(out)
        return out

    def _month_first_columns(self, parsed: list[Parsed]) -> None:
        """Dates are read day first. When a text date of a column can only
        be month first ("12/25/1980", refused row by row), the column was
        typed month first, and its other dates whose day and month are both
        12 or under ("05/03/1980") could be either: each is refused, naming
        the row that shows it, rather than read one way or the other."""
        for index, column in self.mapping.items():
            if column.parse is not as_date:
                continue
            texts = [
                (p, match)
                for p, (_n, raw) in zip(parsed, self.rows, strict=True)
                if index < len(raw)
                and isinstance(raw[index], str)
                and (match := DAY_FIRST.fullmatch(as_text(raw[index])))
            ]
            evidence = next(
                (p.number for p, m in texts if int(m.group(1)) <= 12 < int(m.group(3))), None
            )
            if evidence is None:
                continue
            for p, m in texts:
                day, month = int(m.group(1)), int(m.group(3))
                if day <= 12 and month <= 12 and day != month and p.values.get(column.key):
                    p.errors.append(
                        (
                            column.header,
                            _(
                                "“{value}” could be {day:02d}/{month:02d} or {month:02d}/{day:02d}: "
                                "row {row} of this column writes the month first. Write every "
                                "date of the column day first, as dd/mm/yyyy."
                            ).format(value=m.group(0), day=day, month=month, row=evidence),
                        )
                    )
                    p.values[column.key] = None

    # ------------------------------------------------------------ running

    def run(self, *, commit: bool, mode: str = ImportMode.ALL_OR_NOTHING) -> Result:
        rows = self.parsed_rows()
        outcomes: list[Outcome] = []
        with transaction.atomic():
            context = self._context(rows)
            for done, parsed in enumerate(rows, start=1):
                outcomes.append(self._row(parsed, context))
                if done % 100 == 0:
                    self.progress(done, len(rows))
            counts = Counter(o.action for o in outcomes)
            if self.overdue:
                self.notes.append(
                    _(
                        "{n} probationary members in the file have finished probation and are "
                        "overdue for recognition as full members."
                    ).format(n=self.overdue)
                )
            failed = counts[ERROR] > 0 or counts[ASK] > 0
            if not commit or (mode == ImportMode.ALL_OR_NOTHING and failed):
                transaction.set_rollback(True)
        self.progress(len(rows), len(rows))
        return Result(counts, outcomes, self.notes)

    def _context(self, parsed: list[Parsed]) -> dict[str, Any]:
        rows = [(p.number, p.values, p.errors) for p in parsed]
        perm = Perm.CHANGE_TREE if self.kind.code == "units" else Perm.CHANGE_MEMBERS
        codes = {v.get("cell") or v.get("parent") for _n, v, _e in rows} - {None, ""}
        units = {
            o.code: o
            for o in restrict(Organization.objects.filter(code__in=codes), self.user, perm)
        }
        # Existing people are looked up within the importer's scope only
        # (apps.members.selectors): a citizen ID recorded elsewhere is
        # "not usable here", and namesakes elsewhere are not looked at.
        by_id: dict[str, Person | None] = {}
        by_name: dict[tuple[str, Any], Person] = {}
        if self.kind.code != "units":
            by_id = people_by_citizen_id(
                self.user, (str(v["citizen_id"]) for _n, v, _e in rows if v.get("citizen_id"))
            )
            by_name = people_by_name_and_birth(
                self.user, (v["full_name"] for _n, v, _e in rows if v.get("full_name"))
            )
        # Inside the file: the first row with a CCCD / a name and birth date.
        first_id: dict[str, int] = {}
        first_name: dict[tuple[str, Any], int] = {}
        for number, v, _e in rows:
            if v.get("citizen_id"):
                first_id.setdefault(v["citizen_id"], number)
            if v.get("full_name") and v.get("date_of_birth"):
                first_name.setdefault((fold(v["full_name"]), v["date_of_birth"]), number)
        return {
            "units": units,
            "by_id": by_id,
            "by_name": by_name,
            "first_id": first_id,
            "first_name": first_name,
        }

    def _row(self, parsed: Parsed, context: dict[str, Any]) -> Outcome:
        values = parsed.values
        label = values.get("full_name") or values.get("code") or ""
        outcome = Outcome(parsed.number, ERROR, str(label), list(parsed.errors))
        outcome.notes = list(parsed.notes)
        outcome.shown = [
            (c.header, c.label_of(values[c.key]) if c.choices else shown_value(values[c.key]))
            for c in self.kind.columns
            if values.get(c.key) not in (None, "")
        ]
        outcome.errors += self._implausible(values)
        if outcome.errors:
            return outcome
        if self.kind.code == "units":
            return self._unit(outcome, values, context)
        return self._person(outcome, values, context)

    def _unit(self, outcome: Outcome, v: dict[str, Any], context: dict[str, Any]) -> Outcome:
        if Organization.objects.filter(code=v["code"]).exists():
            outcome.action = SKIP
            outcome.question = _("A unit with this code already exists.")
            return outcome
        parent = (
            context["units"].get(v["parent"])
            or restrict(
                Organization.objects.filter(code=v["parent"]), self.user, Perm.CHANGE_TREE
            ).first()
        )  # a parent created by an earlier row of the same file
        if parent is None:
            return self._error(
                outcome,
                "parent",
                _("No unit with code “{code}” within your scope.").format(code=v["parent"]),
            )
        return self._write(
            outcome,
            CREATE,
            lambda: create_organization(
                by=self.user,
                code=v["code"],
                name=v["name"],
                kind=v["kind"],
                parent=parent,
                valid_from=v["valid_from"],
                category=v.get("category") or "",
            ),
        )

    def _person(self, outcome: Outcome, v: dict[str, Any], context: dict[str, Any]) -> Outcome:
        number = outcome.row
        cell = context["units"].get(v["cell"])
        if cell is None:
            return self._error(
                outcome,
                "cell",
                _("No party cell with code “{code}” within your scope.").format(code=v["cell"]),
            )
        cid = v["citizen_id"]
        if context["first_id"].get(cid, number) != number:
            return self._error(
                outcome,
                "citizen_id",
                _("The same citizen ID is already on row {row} of this file.").format(
                    row=context["first_id"][cid]
                ),
            )
        if cid in context["by_id"] and context["by_id"][cid] is None:
            # recorded outside the importer's scope: say nothing more
            return self._error(outcome, "citizen_id", citizen_id_unavailable())
        existing: Person | None = context["by_id"].get(cid)
        name_key = (fold(v["full_name"]), v["date_of_birth"])
        decision = self.decisions.get(str(number))
        if existing is not None:
            differs = fold(existing.full_name) != name_key[0] or (
                v.get("date_of_birth") and existing.date_of_birth != v["date_of_birth"]
            )
            if differs and decision != SAME:
                question = _(
                    "This citizen ID is recorded for {name}, born {born} ({cell}); the file says {file_name}, born {file_born}."
                ).format(
                    name=existing.full_name,
                    born=existing.date_of_birth.strftime("%d/%m/%Y"),
                    cell=getattr(unit_of(existing), "name", "—"),
                    file_name=v["full_name"],
                    file_born=v["date_of_birth"].strftime("%d/%m/%Y")
                    if v.get("date_of_birth")
                    else "—",
                )
                outcome.options = (SAME, SKIP)
                outcome.action = SKIP if decision == SKIP else ASK
                outcome.question = question
                return outcome
        else:
            twin = context["first_name"].get(name_key, number)
            namesake: Person | None = context["by_name"].get(name_key)
            question = ""
            if twin != number:
                question = _(
                    "Same name and date of birth as row {row} of this file, with another citizen ID."
                ).format(row=twin)
            elif namesake is not None:
                question = _(
                    "Same name and date of birth as {name} ({cell}), recorded with another citizen ID."
                ).format(name=namesake.full_name, cell=getattr(unit_of(namesake), "name", "—"))
            if question and decision != CREATE:
                outcome.options = (CREATE, SKIP)
                outcome.action = SKIP if decision == SKIP else ASK
                outcome.question = question
                return outcome
        if self.kind.code == "members":
            return self._member(outcome, v, cell, existing)
        return self._candidate(outcome, v, cell, existing)

    def _person_fields(self, v: dict[str, Any]) -> dict[str, Any]:
        return {k: v[k] for k in PERSON_FIELDS if k in v and v[k] not in (None, "")}

    def _member(
        self, outcome: Outcome, v: dict[str, Any], cell: Organization, existing: Person | None
    ) -> Outcome:
        member_fields = {
            k: v[k]
            for k in ("status", "admitted_on", "ceremony_on", "full_on", "card_number")
            if k in v and v[k] not in (None, "")
        }
        if existing is not None:
            member = Member.objects.filter(person=existing).select_related("organization").first()
            if member is None:
                return self._error(
                    outcome,
                    "citizen_id",
                    _(
                        "This citizen ID belongs to a person in the candidate pool, not to a member: admission goes through the workflow."
                    ),
                )
            if member.organization_id != cell.pk:
                return self._error(
                    outcome,
                    "cell",
                    _(
                        "This member is in {cell}: a change of cell is a transfer, made on the member's page."
                    ).format(cell=member.organization.name),
                )
            person_changes = self._person_fields(v)
            person_changes.pop("citizen_id", None)
            found: Member = member
            return self._write(
                outcome,
                UPDATE,
                lambda: update_member(
                    found,
                    by=self.user,
                    person_changes=person_changes,
                    member_changes=member_fields,
                ),
            )
        self._note_probation(outcome, v)
        person = Person(**self._person_fields(v))
        member = Member(organization=cell, **member_fields)
        return self._write(
            outcome, CREATE, lambda: create_member(by=self.user, person=person, member=member)
        )

    def _candidate(
        self, outcome: Outcome, v: dict[str, Any], cell: Organization, existing: Person | None
    ) -> Outcome:
        stage = v.get("stage") or Stage.CANDIDATE
        if existing is not None:
            if Member.objects.filter(person=existing).exists():
                return self._error(
                    outcome, "citizen_id", _("This citizen ID belongs to a party member.")
                )
            if Case.objects.filter(person=existing).exclude(stage__in=CLOSED_STAGES).exists():
                outcome.action = SKIP
                outcome.question = _("This person already has an open case.")
                return outcome
        reached = IMPORT_STAGES.index(stage)
        dates: dict[str, Any] = {}
        for i, (_action, key) in enumerate(steps.PAPER_STEPS, start=1):
            if i > reached:
                break
            value = v.get(key)
            if key == "dossier_on":
                value = value or v.get("certificate_on")
            if key == "appraisal_on" and value is None:
                continue  # only where an intermediate committee appraises
            if value is None:
                return self._error(
                    outcome,
                    key,
                    _("A case at “{stage}” needs this date.").format(
                        stage=self.kind.column("stage").label_of(stage)
                    ),
                )
            dates[key] = value

        def write() -> Case:
            person = existing or Person(**self._person_fields(v))
            case = case_services.open_case(
                by=self.user,
                cell=cell,
                person=person,
                source=v["source"],
                opened_on=v["opened_on"],
                youth_union_exists=True,
            )
            return steps.record_from_paper(
                case,
                by=self.user,
                dates=dates,
                certificate_number=v.get("certificate_number") or "",
                decision_number=v.get("decision_number") or "",
                decision_received_on=v.get("decision_received_on"),
            )

        return self._write(outcome, CREATE, write)

    # ------------------------------------------------------------ helpers

    def _note_probation(self, outcome: Outcome, v: dict[str, Any]) -> None:
        """A probationary member whose probation (from the ceremony, or the
        decision when the ceremony is not given; RULES T3) has already
        ended: the preview says how long recognition is overdue."""
        from apps.admissions.evaluation import policy_for

        start = v.get("ceremony_on") or v.get("admitted_on")
        if v.get("status") != MemberStatus.PROBATIONARY or start is None:
            return
        ends = add_months(start, policy_for(start).probation_months)
        today = clock.today()
        if ends < today:
            self.overdue += 1
            outcome.notes.append(
                (
                    self._column_header("status"),
                    _(
                        "probation ended on {ends}: recognition as a full member is "
                        "{months} months overdue."
                    ).format(ends=ends.strftime("%d/%m/%Y"), months=completed_months(ends, today)),
                )
            )

    def _implausible(self, v: dict[str, Any]) -> list[tuple[str, str]]:
        """The row's dates checked by the plausibility layer (a life and a
        membership in order, none in the future, the ages), every failure
        at once; a cell that could not be read is not checked again."""
        if self.kind.code == "members":
            failures = plausibility.member(
                v.get("date_of_birth"), v.get("admitted_on"), v.get("ceremony_on"), v.get("full_on")
            )
        elif self.kind.code == "candidates":
            dates = [
                (key, v.get(key) or (v.get("certificate_on") if key == "dossier_on" else None))
                for _action, key in steps.PAPER_STEPS
            ]
            failures = plausibility.candidate(v.get("date_of_birth"), v.get("opened_on"), dates)
            if not failures:
                return self._paper_vote(v)
        else:
            failures = []
        return [(self._column_header(f.field), plausibility.message(f)) for f in failures]

    def _paper_vote(self, v: dict[str, Any]) -> list[tuple[str, str]]:
        """A case kept on paper that reached the cell's vote: the rules of
        the policy in force on the vote's date that the file can show (age
        E2 and E3, the certificate's validity E5) are checked as they are
        for a vote recorded on the page; a blocking outcome makes the row an
        error (the file records no consent: an over-age admission with the
        upper committee's consent is entered on the case page)."""
        from apps.admissions.evaluation import policy_for
        from apps.admissions.messages import message
        from domain import admission as d

        vote_on, born = v.get("cell_resolution_on"), v.get("date_of_birth")
        if vote_on is None or born is None:
            return []
        facts = d.Facts(date_of_birth=born, awareness_certificate_on=v.get("certificate_on"))
        return [
            (
                self._column_header("cell_resolution_on"),
                _("At the cell's vote of {day}: {reason}").format(
                    day=vote_on.strftime("%d/%m/%Y"), reason=message(outcome)
                ),
            )
            for outcome in d.eligibility(facts, vote_on, policy_for(vote_on))
            if outcome.rule in ("E2", "E3", "E5") and outcome.severity == d.Severity.BLOCK
        ]

    def _column_header(self, key: str) -> str:
        aliases = {"organization": "cell", "person": "citizen_id"}
        key = aliases.get(key, key)
        for column in self.kind.columns:
            if column.key == key:
                return column.header
        return ""

    def _error(self, outcome: Outcome, key: str, message: str) -> Outcome:
        outcome.action = ERROR
        outcome.errors.append((self._column_header(key), message))
        return outcome

    def _write(self, outcome: Outcome, action: str, do: Callable[[], Any]) -> Outcome:
        try:
            with transaction.atomic():
                do()
        except ValidationError as exc:
            outcome.action = ERROR
            if hasattr(exc, "error_dict"):
                for key, messages in exc.message_dict.items():
                    for message in messages:
                        outcome.errors.append((self._column_header(key), message))
            else:
                outcome.errors.extend(("", m) for m in exc.messages)
            return outcome
        outcome.action = action
        return outcome


def errors_for(errors: list[tuple[str, str]], column: Column) -> bool:
    return any(header == column.header for header, _m in errors)
