"""Every rule code a problem or error of the library can carry, with what it means.

A code is stable: reports, the JSON of ``integration-indicators validate --format json`` and
``Report.counts`` use it, so scripts may match on it. A test fails where the code uses a rule
that is not listed here, or lists one that nothing uses; the docs site renders this table.

Examples
--------
>>> RULE_CODES["unit-currency"]
'a unit is in another currency than the one expected: convert with a dated exchange rate'
>>> describe("no-such-rule")
Traceback (most recent call last):
KeyError: 'no-such-rule'
"""

from __future__ import annotations

#: Rule code -> one line saying what breaks it, grouped by what the rule is about.
RULE_CODES: dict[str, str] = {
    # files as files
    "missing-directory": "the catalogue path is not a directory",
    "missing-file": "a file the catalogue needs does not exist",
    "unreadable-file": "a file could not be opened or read",
    "not-regular-file": "a path is a directory, device, FIFO or socket, not a regular file",
    "outside-catalogue": "a symlink leads out of the catalogue directory",
    "file-too-large": "a file is larger than its size limit",
    "catalogue-limit": "the catalogue has more files, or more bytes together, than its limits",
    "empty-file": "a file is empty",
    "binary-file": "a file holds binary data, not text",
    "not-utf8": "a file is not UTF-8 text",
    "line-too-long": "a line is longer than the line limit",
    "too-many-columns": "a header or sheet has more columns than the limit",
    "too-deep": "a JSON document is nested deeper than the limit",
    "malformed-csv": "a CSV file cannot be parsed (quotes, field counts)",
    "csv-delimiter": "a CSV file is not comma-separated",
    "csv-header": "a CSV header is missing, repeated or has empty names",
    "malformed-json": "a JSON file cannot be parsed",
    "malformed-yaml": "a YAML file cannot be parsed, or uses aliases, tags or non-text keys",
    "yaml-limit": "a YAML file has more values, or deeper nesting, than the limits",
    "yaml-shape": "a YAML file or entry is not the list of mappings expected",
    "memory-limit": "a validation would need more memory than the machine has available",
    "interrupted-import": "an import was killed midway through replacing its files: "
    "finish-import ends it",
    "negative-quantity": "a value or bound of an indicator whose sign is nonnegative is negative",
    "own-partner": "an observation's counterpart is its geo",
    "future-release": "a release or statement is dated after today",
    "membership-overlap": "two memberships of one economy in one group overlap in time",
    "catalogue-busy": "a catalogue's files were replaced by a writer on every attempt to read them",
    # columns and cells
    "missing-column": "a column or field the table needs is missing",
    "unknown-column": "a column or field the table does not have",
    "missing-field": "an entry leaves out a field it needs",
    "not-text": "a YAML value is a list or mapping where text is expected",
    "not-text-list": "a YAML value is not a list of text where one is expected",
    "not-empty": "a cell that must be filled is empty",
    "unique": "an id, or a dataset's release lag, is given twice",
    "slug": "an id is not lower-case letters, digits, '.', '_' or '-'",
    "indicator-id": "an indicator id is not dotted lower-case words",
    "country-shape": "a geo is not three capital letters",
    "country-shape-or-empty": "a counterpart is not empty or three capital letters",
    "date-shape-or-empty": "a date is not empty or an ISO 8601 date",
    "date": "a date is not a calendar date",
    "true-false-or-empty": "a flag is not empty, true or false",
    "number-or-empty": "a number cell is not empty or a plain decimal (no words, inf or nan)",
    "number": "a value is not a number",
    "number-range": "a value overflows or underflows when converted to its indicator's unit",
    "url-or-empty": "a URL is not empty or an http(s) address",
    "currency-code-or-empty": "a source's currency is not an ISO 4217 code in use",
    "months": "a release lag is not a whole number of months",
    "inferred-fields": "an 'inferred' list names a field that cannot be inferred",
    # closed vocabularies
    "qualifier": "a qualifier is not one of the catalogue's qualifiers",
    "status": "a status is not one of the catalogue's statuses",
    "measure": "a measure is not one of the catalogue's measures",
    "category": "a category is not one of the catalogue's categories",
    "source-kind": "a source kind is not one of the catalogue's kinds",
    "operation": "a crosscheck operation is not one the engine knows",
    "comparability": "a comparability is not comparable, partial or not-comparable",
    "role": "a role is not primary or context",
    "operand-place": "an operand place is not geo, counterpart or empty",
    "pair": "a pairing is not required, union-state or empty",
    "sign": "a sign convention is not balance, change or empty",
    # meaning
    "unknown-indicator": "an indicator id that the catalogue does not define",
    "unknown-source": "a source id that the catalogue does not list",
    "unknown-group": "a group's statement names a group that the groups file does not define",
    "group-measure": "a group's statement is not of mutual_trade or mutual_trade_growth",
    "iso-country": "a code that is not an economy (ISO 3166-1/3166-3 alpha-3, XKX, CHI, XBL, XYA)",
    "counterpart-required": "a bilateral indicator's observation has no counterpart",
    "counterpart-not-applicable": "an indicator without a counterpart is given one",
    "union-state": "a Union State indicator is not Belarus with Russia",
    "period": "a period is not an ISO 8601 date or interval of a real calendar",
    "as-of": "an as_of date is not an ISO 8601 date of a real calendar",
    "stated-before-period": "a figure is stated long before its period ends and is not planned",
    "valid-until": "valid_until is set on a press figure, without as_of, or not after as_of",
    "duplicate-key": "two observations share indicator, geo, counterpart, period and source",
    "qualifier-bounds": "a qualifier's bounds are not as the data conventions say",
    "bounds-order": "lower <= value <= upper does not hold",
    "sign-convention": "a value's sign disagrees with the words of its figure or quote",
    "figure-not-in-quote": "the figure as written is not in the verbatim quote",
    "figure-mismatch": "the figure's numbers do not equal the value or bounds",
    "headline-formula": "a headline metric's formula does not read (headline.yaml): the "
    "message says what to write",
    # units
    "unit-grammar": "a unit string is not words joined by spaces, '*' or '/'",
    "unit-unknown": "a unit word is not in the library's registry",
    "unit-dimension": "a unit is of another dimension than the one expected",
    "cannot-place": "a desk's claim names no indicator, economy or period the library can "
    "place: write the column",
    "figure-unreadable": "a claim's figure gives no value, unit or hedge the library can read "
    "(the message says what to write)",
    "claim-changed": "a claim or source claims add holds is given other fields (without --replace)",
    "source-held": "a spreadsheet's publications are already sources in another file: adding "
    "them again would repeat their claims",
    "unit-currency": "a unit is in another currency than the one expected: convert with a "
    "dated exchange rate",
    "unit-lcu": "a local currency unit cannot be resolved for an economy and period",
    # crosscheck rules
    "missing-operand": "a crosscheck rule lacks an operand its operation needs",
    "extra-operand": "a crosscheck rule has an operand its operation does not take",
    "rule-unit": "a crosscheck rule's operation cannot give its claim indicator's unit",
    # imports
    "datapackage": "a WDI data package's descriptor is not as published",
    "wdi-series": "a WDI series file is not as published",
    "wdi-api": "a saved World Bank API response is not one whole annual series (its shape, "
    "pages, series, dates or values)",
    "wdi-download": "a World Bank download is not one series in its layout (header, one code)",
    "xml-declaration": "an XML file declares a document type or entities (refused unparsed)",
    "not-xml": "a file read as XML is not well-formed XML",
    "not-imts": "a file is not an IMTS data message of the IMF's SDMX API",
    "imf-sdmx-value": "an IMF SDMX observation's period or value is not one the importer reads",
    "wdi-unit": "a WDI series no indicator maps has a unit or topic its name does not give",
    "dots-workbook": "a DOTS workbook or one of its parts cannot be read",
    "dots-layout": "a DOTS workbook's sheet is not in the IMF's layout",
    "dots-duplicate": "a DOTS partner or reporter is given twice with other numbers",
    "workbook-limit": "a workbook passes a limit (parts, sizes, rows, columns, cells, strings)",
    "import-name": "an import's --name is not 1-64 letters, digits, '_' or '-'",
    "release-order": "a release is older than the one the import name holds: oldest first",
    "release-repeated": "one release of one series is given twice in one import command",
    "unreadable-export": "an exported table cannot be read back",
    # large panels (check-panel)
    "too-many-files": "a panel directory holds more Parquet files than the library reads",
    "no-parquet-files": "a panel directory holds no *.parquet file",
    "parquet-types": "the Parquet files of a panel give one column types that do not unify",
    "unreadable-parquet": "a panel file is not a Parquet file, or its footer cannot be read",
    "other-connection": "a DuckDB relation belongs to another connection than the one given",
    "too-many-distinct": "a panel column takes more distinct values than a code column can",
    # outputs
    "protected-path": "an output path the library never replaces (a catalogue file, the "
    "package, home, root, a repository)",
    "catalogue-locked": "another writer held the catalogue's lock for longer than the wait allowed",
    "not-owned-output": "an output directory holds files the library did not write",
    "unwritable-output": "an output could not be written; nothing was changed",
    "interrupted-write": "a journal of an interrupted write cannot be finished as it is",
}


def describe(rule: str) -> str:
    """The one-line description of *rule* (``KeyError`` for an unregistered code)."""
    return RULE_CODES[rule]
