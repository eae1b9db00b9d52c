"""The portable JSON proposal format ("buyin-proposal"): read, check, import and export.

A proposal file holds one whole proposal with its links, funding and scenarios; references between
rows use short ``ref`` strings instead of database ids, and every exact number is a decimal string,
so export followed by import gives an identical proposal, and files diff cleanly in version
control. The format is documented in ``docs/proposal-format.md`` and described by
``resources/proposal.schema.json``.

Importing is all or nothing: the document is checked completely (schema first, then the rules a
schema cannot express) before one transaction writes it, and every problem is reported with the
path of the offending value and the entry it belongs to, e.g. ``items[4].quantity (the 5th
item, "Home internet hotspots on loan"): "-5" cannot be negative``.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Callable, Sequence
from decimal import Decimal
from functools import cache
from itertools import islice
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session

from desktop.finance.validation import MAX_HORIZON_YEARS
from desktop.logo import logo_media_type, logo_problem
from desktop.models import (
    FundingAmount,
    FundingSource,
    Goal,
    Item,
    ItemGoalLink,
    ItemMetricLink,
    ItemRiskLink,
    Metric,
    Proposal,
    Risk,
    Scenario,
    ScenarioItem,
)
from desktop.paths import resource
from desktop.services.bulk import insert_positioned
from desktop.services.editing import RATIONALE_FIELD, funding_amount_field
from desktop.services.fields import (
    ENTITY_FIELDS,
    FieldError,
    field_spec,
    parse_field,
    parse_value,
)
from desktop.services.library import Library
from desktop.services.schema_messages import (
    SHOWN_LIMIT,
    for_schema_number,
    pattern_forms,
    plain_message,
    shown,
)
from desktop.services.snapshot import UNREADABLE, damaged
from desktop.wording import clip, file_text, name_key, quoted

FORMAT_NAME = "buyin-proposal"
FORMAT_VERSION = 1
MAX_FILE_BYTES = 50_000_000

# The JSON keys of each row kind, in file order, beyond "ref" and the link lists.
_ROW_KEYS: dict[str, tuple[str, ...]] = {
    entity: tuple(spec.name for spec in ENTITY_FIELDS[entity])
    for entity in ("goal", "risk", "metric", "item", "funding_source", "scenario")
}
_PROPOSAL_KEYS = tuple(spec.name for spec in ENTITY_FIELDS["proposal"])
_SECTIONS = (
    ("goals", "goal", Goal, "G"),
    ("risks", "risk", Risk, "R"),
    ("metrics", "metric", Metric, "M"),
    ("items", "item", Item, "I"),
    ("funding", "funding_source", FundingSource, "F"),
    ("scenarios", "scenario", Scenario, "S"),
)


# A refusal lists this many problems, then how many more there are: a file broken everywhere
# would otherwise fill the screen with the same few mistakes.
MAX_LISTED = 20


# The schema problems a refusal collects at most; it says "at least" past them.
MAX_SCHEMA_PROBLEMS = 1_000


def bulleted(problems: Sequence[str], *, stopped: bool = False) -> str:
    """Problems one to a line, each after a bullet, as every refusal of a proposal lists them:
    the first ``MAX_LISTED``, then how many more (``stopped``: the check gave up counting)."""
    lines = [f"  • {problem}" for problem in problems[:MAX_LISTED]]
    if len(problems) > MAX_LISTED:
        at_least = "at least " if stopped else ""
        lines.append(f"  … and {at_least}{len(problems) - MAX_LISTED:,} more")
    return "\n".join(lines)


class ProposalFileError(ValueError):
    """A proposal document was refused; ``problems`` lists "path: what is wrong" lines
    (``stopped``: there were more than the check went on to count)."""

    def __init__(
        self, problems: list[str], source: str = "The proposal file", *, stopped: bool = False
    ) -> None:
        self.problems, self.stopped = problems, stopped
        # ``source`` is a file's name: one with bytes that are not text is shown readably.
        super().__init__(
            f"{file_text(source)} was not imported:\n{bulleted(problems, stopped=stopped)}"
        )


# --- reading and checking --------------------------------------------------------------------


def read_document(path: Path) -> dict[str, Any]:
    """Read a proposal file's JSON (not yet checked); refuses files that are not JSON."""
    label = f"{path.name}"
    too_large = f"is larger than a proposal file can be ({MAX_FILE_BYTES // 1_000_000} MB)"
    try:
        if not path.exists():
            raise ProposalFileError(["cannot be read: there is no such file"], label)
        if not path.is_file():  # a folder, a device, a pipe: nothing to read, or never an end
            raise ProposalFileError(["is not a file"], label)
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ProposalFileError([too_large], label)
        with path.open("rb") as stream:
            data = stream.read(MAX_FILE_BYTES + 1)  # the size may change while it is read
    except OSError as error:
        raise ProposalFileError([f"cannot be read: {error.strerror}"], label) from error
    if len(data) > MAX_FILE_BYTES:
        raise ProposalFileError([too_large], label)
    for magic, what in _OTHER_FILES:
        if data.startswith(magic):  # said for what it is, not "is not UTF-8 text (byte 10)"
            raise ProposalFileError([what], label)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) and _utf16_json(data):
        raise ProposalFileError(
            [
                "is saved as UTF-16 text, and a proposal file is UTF-8: save it again as UTF-8 "
                "(in most editors, Save As with the encoding UTF-8)"
            ],
            label,
        )
    try:
        # Any byte-order marks at the start, one or several: json said "Unexpected UTF-8 BOM
        # (decode using utf-8-sig)" of a second one.
        text = data.decode("utf-8").lstrip("\ufeff")
    except UnicodeDecodeError as error:
        raise ProposalFileError([f"is not UTF-8 text (byte {error.start})"], label) from error
    first = text.lstrip().split("\n", 1)[0]
    looks_like_json = first[:1] in ("{", "[") or '":' in first.replace(" ", "")
    if first and not looks_like_json and ("," in first or ";" in first or "\t" in first):
        # "is not valid JSON: Expecting value (line 1, column 1)" said nothing of what it was.
        raise ProposalFileError(
            [
                "is not a proposal file: it reads as a spreadsheet's rows (CSV). A vendor's quote "
                "is imported on the Items step (Import…), or with `buyin import-items`"
            ],
            label,
        )
    return parse_document_text(text, label)


def _utf16_json(data: bytes) -> bool:
    """Whether ``data`` (with a UTF-16 byte-order mark) reads as JSON text in UTF-16."""
    try:
        text = data[:512].decode("utf-16", errors="ignore").lstrip("\ufeff \t\r\n")
    except UnicodeError:
        return False
    return text.startswith(("{", "["))


# Files picked for a proposal file by mistake, by their first bytes, and what to do instead.
_OTHER_FILES = (
    (
        b"SQLite format 3\x00",
        "is a shared proposal (.buyin) or a library, not a proposal file (.json): a shared "
        "proposal is imported with File ▸ Import proposal file…, or `buyin import-proposal`",
    ),
    (
        b"PK\x03\x04",
        "is a spreadsheet or another zipped file, not a proposal file (.json): a vendor's quote "
        "is imported on the Items step (Import…), or with `buyin import-items`",
    ),
    (b"%PDF", "is a PDF document, not a proposal file (.json)"),
)


class _RepeatedKey(Exception):
    """A JSON object names one key twice: which value was meant cannot be known."""


def _single_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object as a dict, refusing a key given twice: ``json`` would keep the last one,
    so '"items": [...], "items": []' imported a proposal with no items and said nothing."""
    document: dict[str, Any] = {}
    for key, value in pairs:
        if key in document:
            raise _RepeatedKey(key)
        document[key] = value
    return document


def _cut_short(text: str, error: json.JSONDecodeError) -> bool:
    """Whether the JSON text ended before the document did: a string left open, or the
    first mistake only where the text stops."""
    return error.msg.startswith("Unterminated string") or error.pos >= len(text.rstrip())


def parse_document_text(text: str, label: str = "The proposal file") -> dict[str, Any]:
    try:
        document = json.loads(text, parse_float=Decimal, object_pairs_hook=_single_keys)
    except _RepeatedKey as repeated:
        raise ProposalFileError(
            [f"gives the key {str(repeated)!r} twice in one object; keep the one that is meant"],
            label,
        ) from None
    except json.JSONDecodeError as error:
        # The message may end in "at" itself ("Unterminated string starting at").
        where = f"{error.msg} (line {error.lineno}, column {error.colno})"
        if _cut_short(text, error):
            # "Unterminated string…" alone did not say what had happened to the file.
            where = (
                f"it stops part-way through, as a file does when a copy or download did not "
                f"finish ({where}); copy or download it again from where it came from"
            )
        raise ProposalFileError([f"is not valid JSON: {where}"], label) from error
    except RecursionError as error:
        raise ProposalFileError(["is nested too deeply to be a proposal"], label) from error
    except ValueError as error:  # e.g. a whole number of thousands of digits
        raise ProposalFileError(["holds a number with thousands of digits"], label) from error
    if not isinstance(document, dict):
        raise ProposalFileError(
            [f"{WHOLE_FILE}: must be one JSON object, {{ … }}, holding the proposal"], label
        )
    return document


# Where a problem with the file as a whole is said to be (a field's is its path, "items[2]").
WHOLE_FILE = "(the file as a whole)"


@cache
def _schema() -> dict[str, Any]:
    return cast(dict[str, Any], json.loads(resource("proposal.schema.json").read_text("utf-8")))


@cache
def _checked_schema() -> dict[str, Any]:
    """The schema as files are checked against: references inlined, patterns anchored."""
    schema = _schema()
    # Resolving "$ref"s once here, rather than at every row of a 10,000-item file, makes
    # validation several times faster; the schema has no recursive references.
    inlined = _inline_references(schema, schema.get("$defs", {}))
    return cast(dict[str, Any], _anchored_at_the_very_end(inlined))


@cache
def _schema_validator() -> Any:
    from jsonschema import Draft202012Validator  # imported only when a file is read

    return Draft202012Validator(_checked_schema())


# Keywords that check values of one JSON type only and pass every other value; the quick check
# reads each of them, and those below, exactly as the 2020-12 validator does, as each means the
# same in draft 7, which fastjsonschema compiles.
_ONE_TYPE_KEYWORDS = frozenset(
    {
        "pattern", "minLength", "maxLength", "minimum", "maximum", "required", "properties",
        "additionalProperties", "propertyNames", "items", "uniqueItems",
    }
)  # fmt: skip
_ANNOTATIONS = frozenset({"title", "description", "default"})  # they check nothing
_QUICK_KEYWORDS = _ONE_TYPE_KEYWORDS | _ANNOTATIONS | {"type", "enum", "const", "oneOf"}


def _quick_check_fits(node: Any) -> bool:
    """Whether ``node`` (a schema with its references inlined) uses only ``_QUICK_KEYWORDS``, in
    the forms both validators read alike: ``items`` one schema for every entry (not draft 7's
    list of positions), and patterns without a ``$`` (fastjsonschema rewrites every ``$``)."""
    if isinstance(node, bool):
        return True
    if not isinstance(node, dict) or not node.keys() <= _QUICK_KEYWORDS:
        return False
    pattern = node.get("pattern")
    if pattern is not None and (not isinstance(pattern, str) or "$" in pattern):
        return False
    subschemas = [*node.get("properties", {}).values(), *node.get("oneOf", [])]
    subschemas += [node[key] for key in ("items", "additionalProperties", "propertyNames")
                   if key in node]  # fmt: skip
    return all(_quick_check_fits(subschema) for subschema in subschemas)


def _nulls_in_type_lists(node: Any) -> Any:
    """The schema with each ``{"oneOf": [{"type": "null"}, {"type": T, ...}]}`` written as
    ``{"type": [T, "null"], ...}``, which passes the same values: null passes only the first
    alternative, as the others (``_ONE_TYPE_KEYWORDS``) check nothing on it, and a T only the
    second. Compiled, the first form raised and caught an exception for every such value: a
    10,000-item file took 0.9 s to check, the second form 0.2 s."""
    return _rewritten(node, _null_in_type_list)


def _null_in_type_list(rewritten: dict[str, Any]) -> dict[str, Any]:
    """One object of the schema as ``_nulls_in_type_lists`` writes it."""
    alternatives = rewritten.get("oneOf")
    if not isinstance(alternatives, list) or rewritten.keys() - _ANNOTATIONS != {"oneOf"}:
        return rewritten
    checks = [
        {key: value for key, value in alternative.items() if key not in _ANNOTATIONS}
        for alternative in alternatives
        if isinstance(alternative, dict)
    ]
    if len(alternatives) != 2 or len(checks) != 2 or {"type": "null"} not in checks:
        return rewritten
    other = checks[1 - checks.index({"type": "null"})]
    kind = other.get("type")
    if (
        not isinstance(kind, str)
        or kind == "null"
        or not other.keys() - {"type"} <= _ONE_TYPE_KEYWORDS
    ):
        return rewritten
    del rewritten["oneOf"]
    return {**rewritten, **other, "type": [kind, "null"]}


@cache
def _quick_check() -> Callable[[Any], bool] | None:
    """Whether a document passes the schema, answered by validation code compiled from it:
    some 20 times faster than the 2020-12 validator, which spent most of a 10,000-item file's
    import, and of each export's check of the app's own proposal, walking the schema. That
    validator still words every refusal. ``None``: the schema has come to use a keyword this
    check might read differently, and the 2020-12 validator alone decides."""
    import fastjsonschema  # imported only when a file is read

    schema = _checked_schema()
    body = {key: value for key, value in schema.items() if key not in ("$schema", "$id", "$defs")}
    if not _quick_check_fits(body):
        return None
    validate = fastjsonschema.compile(
        {"$schema": "http://json-schema.org/draft-07/schema#", **_nulls_in_type_lists(body)},
        use_default=False,  # it would fill in the schema's defaults
        use_formats=False,
    )

    def passes(instance: Any) -> bool:
        try:
            validate(instance)
        except (fastjsonschema.JsonSchemaValueException, RecursionError):
            return False
        return True

    return passes


def _anchored_at_the_very_end(node: Any) -> Any:
    """The schema with each pattern's closing ``$`` made ``\\Z``. In a JSON Schema pattern
    (ECMA-262) ``$`` is the end of the string; Python's also matches before a final newline, so
    a ref of "SP1\\n" passed, and links to "SP1" then matched nothing, to a puzzled reader."""
    return _rewritten(node, _anchored_pattern)


def _anchored_pattern(anchored: dict[str, Any]) -> dict[str, Any]:
    pattern = anchored.get("pattern")
    if isinstance(pattern, str) and pattern.endswith("$") and not pattern.endswith("\\$"):
        anchored["pattern"] = pattern[:-1] + "\\Z"
    return anchored


def _inline_references(node: Any, definitions: dict[str, Any]) -> Any:
    """The schema with each local ``{"$ref": "#/$defs/NAME", ...}`` replaced by its target
    (keywords written beside the reference, such as a description, are kept)."""

    def inline(inlined: dict[str, Any]) -> dict[str, Any]:
        reference = inlined.pop("$ref", None)
        if isinstance(reference, str) and reference.startswith("#/$defs/"):
            target = definitions[reference.removeprefix("#/$defs/")]
            return {**_inline_references(target, definitions), **inlined}
        if reference is not None:
            inlined["$ref"] = reference
        return inlined

    return _rewritten(node, inline)


def _rewritten(node: Any, rewrite: Callable[[dict[str, Any]], Any]) -> Any:
    """The schema ``node`` with ``rewrite`` applied to each of its objects, innermost first
    (each given a copy with its members already rewritten)."""
    if isinstance(node, list):
        return [_rewritten(part, rewrite) for part in node]
    if not isinstance(node, dict):
        return node
    return rewrite({key: _rewritten(value, rewrite) for key, value in node.items()})


def _json_path(parts: Any) -> str:
    path = ""
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or WHOLE_FILE


def check_document(document: dict[str, Any], *, whole_logo: bool = True) -> list[str]:
    """Every problem in the document, as "path: message" lines; empty when it can be imported
    (``whole_logo=False``: as a copy of the library's own proposal is, see ``logo_problem``)."""
    try:
        _check_and_parse(document, whole_logo=whole_logo)
    except ProposalFileError as error:
        return error.problems
    return []


def checked_and_parsed(document: dict[str, Any]) -> dict[str, Any]:
    """The document's values, checked and parsed as an import from elsewhere checks them
    (``ProposalFileError`` lists every problem); ``write_parsed`` writes them without checking
    the whole document a second time."""
    return _check_and_parse(document)


def write_parsed(library: Library, document: dict[str, Any], parsed: dict[str, Any]) -> int:
    """Write a document ``checked_and_parsed`` gave ``parsed`` for, in one transaction; the new
    proposal's id."""
    return _write_checked(library, document, parsed, None, computable=False)


# What one entry of each list is called in a refusal ("the 4th item, "Wi-Fi access points"").
_ENTRY_WORDS = {
    "goals": "goal",
    "risks": "risk",
    "metrics": "metric",
    "items": "item",
    "funding": "funding source",
    "scenarios": "scenario",
}
_ENTRY_PATH = re.compile(r"(?P<section>[a-z_]+)\[(?P<index>[0-9]+)\](?P<rest>[^:\s]*):")


def _ordinal(number: int) -> str:
    if 10 <= number % 100 <= 20:
        return f"{number:,}th"
    return f"{number:,}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(number % 10, 'th') }"


def described(problem: str, document: dict[str, Any]) -> str:
    """``problem`` ("items[3].quantity: …") with the entry its path points at named after the
    path ("items[3].quantity (the 4th item, "Wi-Fi access points"): …"): a path counts from 0,
    as JSON paths do, and a director looking for the entry in the file finds it by its name."""
    match = _ENTRY_PATH.match(problem)
    if match is None:
        return problem
    rows = document.get(match["section"])
    index = int(match["index"])
    word = _ENTRY_WORDS.get(match["section"])
    if word is None or not isinstance(rows, list) or index >= len(rows):
        return problem
    row = rows[index]
    name = next(
        (row[key] for key in ("name", "title") if isinstance(row, dict) and key in row), None
    )
    which = f"the {_ordinal(index + 1)} {word}"
    if isinstance(name, str) and name.strip():
        which += f", {shown(clip(name.strip(), SHOWN_LIMIT - 2))}"
    path = match.group(0)[:-1]
    return f"{path} ({which}):{problem[match.end() :]}"


def _check_and_parse(document: dict[str, Any], *, whole_logo: bool = True) -> dict[str, Any]:
    """The document's values, parsed; raises ``ProposalFileError`` listing every problem, each
    naming the entry it is about."""
    try:
        return _check_and_parse_unnamed(document, whole_logo)
    except ProposalFileError as error:
        raise ProposalFileError(
            [described(p, document) for p in error.problems], stopped=error.stopped
        ) from None


def _check_and_parse_unnamed(document: dict[str, Any], whole_logo: bool) -> dict[str, Any]:
    if not {"format", "format_version", "proposal"} & document.keys():
        # Some other program's JSON: its every field listed as unknown told the director
        # nothing they could act on.
        raise ProposalFileError(
            [
                f"{WHOLE_FILE}: is not a Buy-In proposal file (it has none of the fields one "
                "begins with: format, format_version, proposal); choose a file Buy-In "
                "exported, or one written to the format in the documentation"
            ]
        )
    version = document.get("format_version")
    if document.get("format") == FORMAT_NAME and isinstance(version, int):
        if version > FORMAT_VERSION:
            raise ProposalFileError(
                [
                    f"format_version: {version} was written by a newer version of Buy-In "
                    f"(this one reads up to {FORMAT_VERSION}); update Buy-In to import it"
                ]
            )
    try:
        # At most MAX_SCHEMA_PROBLEMS: a small file of 600,000 bad keys took 2.5 GB and a minute
        # to list every one, of which 20 are shown.
        instance = _for_schema(document)
        quick_check = _quick_check()
        found = (
            []  # a file that passes has nothing to list, and the full check is slow on big ones
            if quick_check is not None and quick_check(instance)
            else list(islice(_schema_validator().iter_errors(instance), MAX_SCHEMA_PROBLEMS + 1))
        )
    except RecursionError as error:  # deep enough to pass the JSON reader, not the checks
        raise ProposalFileError(["is nested too deeply to be a proposal"]) from error
    stopped = len(found) > MAX_SCHEMA_PROBLEMS
    schema_problems = sorted(
        found[:MAX_SCHEMA_PROBLEMS],
        # In the file's order: entry 10 after entry 9, not after entry 1.
        key=lambda error: [
            (0, part, "") if isinstance(part, int) else (1, 0, part) for part in error.absolute_path
        ],
    )
    if schema_problems:
        forms = pattern_forms(_anchored_at_the_very_end(_schema()))
        # Each missing key is its own error, and each one's message names them all: said once.
        said = dict.fromkeys(
            f"{_json_path(err.absolute_path)}: {plain_message(err, forms)}"
            for err in schema_problems
        )
        raise ProposalFileError(list(said), stopped=stopped)
    return _parse_document(document, whole_logo)


def _for_schema(value: Any) -> Any:
    """Decimals read from JSON numbers become floats only for the schema's type checks."""
    if isinstance(value, Decimal):
        return for_schema_number(value)
    if isinstance(value, dict):
        return {key: _for_schema(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_for_schema(item) for item in value]
    return value


def _parse_document(document: dict[str, Any], whole_logo: bool) -> dict[str, Any]:
    """Check the rules beyond the schema and return every value parsed, by section
    (``whole_logo``: decode the logo whole, as for a file from elsewhere)."""
    problems: list[str] = []
    parsed: dict[str, Any] = {"proposal": {}, "logo": None}

    def field(path: str, entity: str, name: str, raw: Any, target: dict[str, Any]) -> None:
        spec = next(spec for spec in ENTITY_FIELDS[entity] if spec.name == name)
        try:
            target[name] = parse_value(spec, raw)
        except FieldError as error:
            problems.append(f"{path}.{name}: {error.message}")

    basics = document["proposal"]
    for name in _PROPOSAL_KEYS:
        if name in basics:
            field("proposal", "proposal", name, basics[name], parsed["proposal"])
    logo = basics.get("logo")
    if logo:
        try:
            parsed["logo"] = (
                base64.b64decode(logo["data_base64"], validate=True),
                logo["media_type"],
            )
        except (binascii.Error, ValueError):
            problems.append("proposal.logo.data_base64: is not valid base64")
        else:
            problem = logo_problem(*parsed["logo"], decode=whole_logo)
            if problem is not None:
                problems.append(f"proposal.logo: {problem}")
            else:  # kept as the kind of image it is, whatever the file called it
                data = parsed["logo"][0]
                parsed["logo"] = (data, logo_media_type(data) or parsed["logo"][1])

    refs: dict[str, set[str]] = {}
    for section, entity, _model, _prefix in _SECTIONS:
        rows = []
        seen: set[str] = set()
        for index, row in enumerate(document.get(section, [])):
            path = f"{section}[{index}]"
            if row["ref"] in seen:
                problems.append(f"{path}.ref: {row['ref']!r} is used twice in {section}")
            seen.add(row["ref"])
            values: dict[str, Any] = {}
            for name in _ROW_KEYS[entity]:
                if name in row:
                    field(path, entity, name, row[name], values)
            rows.append((path, row, values))
        refs[section] = seen
        parsed[section] = rows

    def resolve(path: str, section: str, ref: str) -> None:
        if ref not in refs[section]:
            problems.append(f"{path}: {ref!r} matches no entry in {section}")

    for path, row, _values in parsed["items"]:
        linked_goals: set[str] = set()
        for index, link in enumerate(row.get("goals", [])):
            resolve(f"{path}.goals[{index}].ref", "goals", link["ref"])
            if link["ref"] in linked_goals:
                problems.append(f"{path}.goals[{index}].ref: links goal {link['ref']!r} twice")
            linked_goals.add(link["ref"])
            try:
                parse_value(RATIONALE_FIELD, link.get("rationale", ""))
            except FieldError as error:
                problems.append(f"{path}.goals[{index}].rationale: {error.message}")
        for key, section in (("risks", "risks"), ("metrics", "metrics")):
            for index, ref in enumerate(row.get(key, [])):
                resolve(f"{path}.{key}[{index}]", section, ref)
    for path, row, _values in parsed["funding"]:
        for year_text, amount in row.get("amounts", {}).items():
            year = int(year_text)
            # Years beyond the horizon are kept (the editor keeps them when a horizon is
            # shortened), so every proposal the app holds exports and imports again.
            if not 1 <= year <= MAX_HORIZON_YEARS:
                problems.append(
                    f"{path}.amounts.{year_text}: a plan year must be from 1 to {MAX_HORIZON_YEARS}"
                )
            try:
                parse_value(funding_amount_field(year), amount)
            except FieldError as error:
                problems.append(f"{path}.amounts.{year_text}: {error.message}")
    scenario_names: set[str] = set()
    for path, row, values in parsed["scenarios"]:
        scenario = values.get("name")
        if scenario is None:  # refused already, by name: not a second "already called"
            pass
        elif name_key(scenario) in scenario_names:
            problems.append(f"{path}.name: another scenario is already called {quoted(scenario)}")
        else:
            scenario_names.add(name_key(scenario))
        listed: set[str] = set()
        for index, entry in enumerate(row.get("items", [])):
            resolve(f"{path}.items[{index}].ref", "items", entry["ref"])
            if entry["ref"] in listed:
                problems.append(f"{path}.items[{index}].ref: lists item {entry['ref']!r} twice")
            listed.add(entry["ref"])
            if entry.get("quantity") is not None:
                try:
                    parse_value(field_spec("item", "quantity"), entry["quantity"])
                except FieldError as error:
                    problems.append(f"{path}.items[{index}].quantity: {error.message}")
    if problems:
        raise ProposalFileError(problems)
    return parsed


# --- import ----------------------------------------------------------------------------------


def import_document(
    library: Library,
    document: dict[str, Any],
    *,
    name: str | None = None,
    computable: bool = False,
) -> int:
    """Check and import a whole proposal in one transaction; returns its id.

    The proposal keeps its name unless another proposal has it, in which case it gets a new
    one ("… (2)"): an import never overwrites anything. With ``computable`` (a file from
    elsewhere), a proposal the engine could not compute is refused too. A copy of one of the
    library's own proposals (duplicate, undo of a delete) is taken as it is: the app lets a
    proposal be in that state while it is being fixed, and refusing it would lose it."""
    if name is not None:
        name = parse_field("proposal", "name", name)  # a name given on import obeys the rules
    # A copy of the library's own proposal keeps the logo it has (its header still checked).
    parsed = _check_and_parse(document, whole_logo=computable)
    return _write_checked(library, document, parsed, name, computable)


def _write_checked(
    library: Library,
    document: dict[str, Any],
    parsed: dict[str, Any],
    name: str | None,
    computable: bool,
) -> int:
    """Write a document already checked and parsed (``_check_and_parse``), in one transaction."""
    with library.transaction() as session:
        proposal_id = _write(session, parsed, document, name)
        problems = uncomputable_problems(session, proposal_id) if computable else []
        if problems:
            # The transaction is rolled back: nothing stays.
            raise ProposalFileError([described(problem, document) for problem in problems])
        return proposal_id


def uncomputable_problems(session: Session, proposal_id: int) -> list[str]:
    """Why the engine could not compute the proposal just written, if it could not. Each value
    may pass on its own and the whole still fail (a quantity times a cost past the yearly
    limit once 30 years of price rises apply); imported, such a proposal would show no figures
    and refuse every export until it was fixed."""
    from desktop.finance.engine import plan_total_issues
    from desktop.finance.validation import validate
    from desktop.services.snapshot import proposal_input_in

    data = proposal_input_in(session, proposal_id)
    issues = validate(data) or plan_total_issues(data)  # the totals once each value is good
    # A total is the whole plan's: no entry of the file to point at.
    return [str(issue) if "[" in issue.field else issue.message for issue in issues]


def _write(
    session: Session, parsed: dict[str, Any], document: dict[str, Any], name: str | None
) -> int:
    from desktop.services.proposals import unique_proposal_name

    basics = dict(parsed["proposal"])
    basics["name"] = unique_proposal_name(session, name or basics["name"])
    proposal = Proposal(**basics)
    if parsed["logo"] is not None:
        proposal.logo, proposal.logo_media_type = parsed["logo"]
    session.add(proposal)
    session.flush()
    # One many-row INSERT per table, not one ORM flush per row (see ``insert_positioned``).
    ids: dict[str, dict[str, int]] = {}
    for section, _entity, model, _prefix in _SECTIONS:
        rows = parsed[section]
        params = [
            _complete(model, {"proposal_id": proposal.id, "position": position, **values})
            for position, (_path, _row, values) in enumerate(rows, start=1)
        ]
        new_ids = insert_positioned(session, cast(Table, model.__table__), proposal.id, params)
        ids[section] = {
            row["ref"]: new_id for (_path, row, _values), new_id in zip(rows, new_ids, strict=True)
        }
    links: dict[type[Any], list[dict[str, Any]]] = {
        ItemGoalLink: [], ItemRiskLink: [], ItemMetricLink: [], FundingAmount: [], ScenarioItem: []
    }  # fmt: skip
    for _path, row, _values in parsed["items"]:
        item_id = ids["items"][row["ref"]]
        for link in row.get("goals", []):
            links[ItemGoalLink].append(
                {
                    "item_id": item_id,
                    "goal_id": ids["goals"][link["ref"]],
                    "rationale": parse_value(RATIONALE_FIELD, link.get("rationale", "")),
                }
            )
        for ref in dict.fromkeys(row.get("risks", [])):
            links[ItemRiskLink].append({"item_id": item_id, "risk_id": ids["risks"][ref]})
        for ref in dict.fromkeys(row.get("metrics", [])):
            links[ItemMetricLink].append({"item_id": item_id, "metric_id": ids["metrics"][ref]})
    for _path, row, _values in parsed["funding"]:
        for year_text, amount in row.get("amounts", {}).items():
            links[FundingAmount].append(
                {
                    "source_id": ids["funding"][row["ref"]],
                    "year": int(year_text),
                    "amount": parse_value(funding_amount_field(int(year_text)), amount),
                }
            )
    for _path, row, _values in parsed["scenarios"]:
        for entry in row.get("items", []):
            quantity = entry.get("quantity")
            links[ScenarioItem].append(
                {
                    "scenario_id": ids["scenarios"][row["ref"]],
                    "item_id": ids["items"][entry["ref"]],
                    "quantity_override": None
                    if quantity is None
                    else parse_value(field_spec("item", "quantity"), quantity),
                }
            )
    for model, params in links.items():
        if params:
            session.execute(insert(model), params)
    session.flush()
    return int(proposal.id)


def _complete(model: type[Any], values: dict[str, Any]) -> dict[str, Any]:
    """Every column a multi-row INSERT needs: the ones a file left out take their defaults, or
    stay empty. Each row must name every column: the first row's keys decide the statement, so
    a later metric with a baseline the first one left out lost it, and one without a baseline
    the first had stopped the import."""
    for column in model.__table__.columns:
        if column.key in values or column.primary_key:
            continue
        if column.default is not None:
            values[column.key] = column.default.arg
        elif column.nullable:
            values[column.key] = None
    return values


def import_file(
    library: Library | Callable[[], Library], path: Path, *, name: str | None = None
) -> int:
    """Import the proposal file at ``path``; returns the new proposal's id. ``library`` may be
    a function that opens it: it is called once the file has been read and checked, so a file
    that cannot be imported (or a mistyped library path) leaves no new library behind."""
    if name is not None:
        name = parse_field("proposal", "name", name)  # a name given on import obeys the rules
    return import_read_document(library, read_document(path), path, name=name)


def import_read_document(
    library: Library | Callable[[], Library],
    document: Any,
    path: Path,
    *,
    name: str | None = None,
) -> int:
    """``import_file`` once the file at ``path`` has been read into ``document``."""
    try:
        parsed = _check_and_parse(document)
        target = library if isinstance(library, Library) else library()
        return _write_checked(target, document, parsed, name, computable=True)
    except ProposalFileError as error:
        raise ProposalFileError(error.problems, path.name, stopped=error.stopped) from None


# --- export ----------------------------------------------------------------------------------


def _text(value: Any) -> Any:
    """How one stored value is written: exact decimals as strings, enums as their value."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if hasattr(value, "value"):
        return value.value
    return value


def export_document(library: Library, proposal_id: int) -> dict[str, Any]:
    """The whole proposal as a "buyin-proposal" document (plain JSON-ready data). Raises
    ``DamagedProposalError`` for a stored value no Buy-In wrote."""
    with library.reading() as session:
        try:
            proposal = session.get(Proposal, proposal_id)
            document = None if proposal is None else _document(session, proposal)
        except UNREADABLE as error:  # stored values are converted as they are loaded
            raise damaged(proposal_id, error) from error
        if document is None:
            from desktop.services.editing import NotFoundError

            raise NotFoundError("That proposal no longer exists.")
        return document


def _document(session: Session, proposal: Proposal) -> dict[str, Any]:
    basics = {name: _text(getattr(proposal, name)) for name in _PROPOSAL_KEYS}
    basics["logo"] = (
        {
            "media_type": proposal.logo_media_type,
            "data_base64": base64.b64encode(proposal.logo).decode("ascii"),
        }
        if proposal.logo
        else None
    )
    document: dict[str, Any] = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "proposal": basics,
    }
    # Each table is read as plain rows of the columns the file holds, in the order the proposal
    # keeps them: loading them as objects, with their links, took a 10,000-item proposal's save
    # about 1.5 s more.
    rows: dict[str, list[Any]] = {}
    refs: dict[str, dict[int, str]] = {}
    for section, entity, model, prefix in _SECTIONS:
        columns = [getattr(model, name) for name in _ROW_KEYS[entity]]
        rows[section] = list(
            session.execute(
                select(model.id, *columns)
                .where(model.proposal_id == proposal.id)
                .order_by(model.position)
            )
        )
        refs[section] = {row[0]: f"{prefix}{index}" for index, row in enumerate(rows[section], 1)}
    extras = _linked(session, proposal.id, refs)
    for section, entity, _model, _prefix in _SECTIONS:
        entries = []
        for row in rows[section]:
            entry: dict[str, Any] = {"ref": refs[section][row[0]]}
            entry.update(
                {name: _text(value) for name, value in zip(_ROW_KEYS[entity], row[1:], strict=True)}
            )
            if section == "funding" and entry["secured"]:
                # The file's default: written only for money not yet secured.
                del entry["secured"]
            for key, by_row in extras.get(section, {}).items():
                entry[key] = by_row.get(row[0], {} if key == "amounts" else [])
            entries.append(entry)
        document[section] = entries
    return document


def _linked(
    session: Session, proposal_id: int, refs: dict[str, dict[int, str]]
) -> dict[str, dict[str, dict[int, Any]]]:
    """What each row lists beyond its own fields, by section, key and row id: an item's goals
    (with the reasons), risks and metrics, a funding source's amounts by year, a scenario's
    items and quantities; in the file's order."""

    def of_items(*columns: Any) -> Any:
        return session.execute(
            select(*columns)
            .join(Item, Item.id == columns[0].class_.item_id)
            .where(Item.proposal_id == proposal_id)
        )

    goals = _grouped(
        of_items(ItemGoalLink.item_id, ItemGoalLink.goal_id, ItemGoalLink.rationale),
        lambda goal_id, rationale: {"ref": refs["goals"][goal_id], "rationale": rationale},
        lambda link: link["ref"],  # as files have always listed them
    )
    risks = _grouped(
        of_items(ItemRiskLink.item_id, ItemRiskLink.risk_id), refs["risks"].__getitem__, _ref_order
    )
    metrics = _grouped(
        of_items(ItemMetricLink.item_id, ItemMetricLink.metric_id),
        refs["metrics"].__getitem__,
        _ref_order,
    )
    amounts: dict[int, dict[str, Any]] = {}
    for source_id, year, amount in session.execute(
        select(FundingAmount.source_id, FundingAmount.year, FundingAmount.amount)
        .join(FundingSource, FundingSource.id == FundingAmount.source_id)
        .where(FundingSource.proposal_id == proposal_id)
        .order_by(FundingAmount.source_id, FundingAmount.year)
    ):
        amounts.setdefault(source_id, {})[str(year)] = _text(amount)
    chosen = _grouped(
        session.execute(
            select(ScenarioItem.scenario_id, ScenarioItem.item_id, ScenarioItem.quantity_override)
            .join(Scenario, Scenario.id == ScenarioItem.scenario_id)
            .where(Scenario.proposal_id == proposal_id)
        ),
        lambda item_id, quantity: {"ref": refs["items"][item_id], "quantity": _text(quantity)},
        lambda entry: _ref_order(entry["ref"]),
    )
    return {
        "items": {"goals": goals, "risks": risks, "metrics": metrics},
        "funding": {"amounts": amounts},
        "scenarios": {"items": chosen},
    }


def _grouped(
    rows: Any, make: Callable[..., Any], order: Callable[[Any], Any]
) -> dict[int, list[Any]]:
    """Rows of (owner id, values…) as each owner's list of ``make(values…)``, ``order``ed."""
    found: dict[int, list[Any]] = {}
    for owner, *values in rows:
        found.setdefault(owner, []).append(make(*values))
    for listed in found.values():
        listed.sort(key=order)
    return found


def _ref_order(ref: str) -> tuple[int, str]:
    digits = "".join(character for character in ref if character.isdigit())
    return (int(digits) if digits else 0, ref)


def dump_document(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def write_document(document: dict[str, Any], path: Path) -> None:
    """Write atomically: a temporary file beside the target, renamed into place."""
    from desktop.services.files import write_atomically

    write_atomically(path, dump_document(document).encode("utf-8"))
