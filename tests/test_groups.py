"""Groups with dated membership: the bundled file, the 1 July rule, the indices by name."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pytest

import integration_indicators as ii
from integration_indicators.analysis import indices
from integration_indicators.analysis.groups import members_by_year, read_groups
from integration_indicators.cli import main


def _members(group: str, year: int) -> list[str]:
    table = members_by_year(read_groups(), group, [year])
    return sorted(table["geo"])


@pytest.mark.parametrize(
    ("group", "year", "expected"),
    [
        ("EAEU", 2014, []),
        (
            "EAEU",
            2015,
            ["ARM", "BLR", "KAZ", "RUS"],
        ),  # Armenia from 2 January; Kyrgyzstan from 6 August
        ("EAEU", 2016, ["ARM", "BLR", "KAZ", "KGZ", "RUS"]),
        ("CU", 2009, []),
        ("CU", 2010, ["BLR", "KAZ", "RUS"]),
        ("CIS", 1991, []),  # founded in December
        (
            "CIS",
            1993,
            ["ARM", "AZE", "BLR", "KAZ", "KGZ", "MDA", "RUS", "TJK", "TKM", "UKR", "UZB"],
        ),
        (
            "CIS",
            1994,
            ["ARM", "AZE", "BLR", "GEO", "KAZ", "KGZ", "MDA", "RUS", "TJK", "TKM", "UKR", "UZB"],
        ),
        (
            "CIS",
            2009,
            ["ARM", "AZE", "BLR", "GEO", "KAZ", "KGZ", "MDA", "RUS", "TJK", "UKR", "UZB"],
        ),
        ("CIS", 2010, ["ARM", "AZE", "BLR", "KAZ", "KGZ", "MDA", "RUS", "TJK", "UKR", "UZB"]),
        ("CIS", 2018, ["ARM", "AZE", "BLR", "KAZ", "KGZ", "MDA", "RUS", "TJK", "UZB"]),
    ],
)
def test_a_member_counts_in_the_years_it_belonged_on_1_july(
    group: str, year: int, expected: list[str]
) -> None:
    """Georgia (from "1993": the year's end; until 18 August 2009), Turkmenistan (associate
    from 26 August 2005), Ukraine (until May 2018: the month's start)."""
    assert _members(group, year) == expected


def test_every_membership_cites_its_pages() -> None:
    groups = read_groups()
    assert groups["sources"].str.contains("://").all()
    kgz = groups[(groups["group"] == "EAEU") & (groups["geo"] == "KGZ")].iloc[0]
    assert kgz["from"] == "2015-08-06" and "12 August 2015" in kgz["note"]


def test_a_bad_groups_file_reports_every_problem(tmp_path: Path) -> None:
    path = tmp_path / "groups.yaml"
    path.write_text(
        '- {group: X, name: x, geo: XXA, from: "2015-13-01", until: "", sources: [a]}\n'
        '- {group: X, name: x, geo: BLR, from: "2016", until: "2015", sources: [a]}\n'
        '- {group: X, name: x, geo: RUS, from: "2016", until: "", sources: []}\n',
        encoding="utf-8",
    )
    with pytest.raises(ii.ValidationError) as caught:
        read_groups(path)
    said = {(p.row, p.column, p.rule) for p in caught.value.problems}
    assert said == {
        (1, "geo", "iso-country"),
        (1, "from", "period"),
        (2, "until", "bounds-order"),
        (3, "sources", "not-empty"),
    }


def test_group_indices_by_name_count_the_years_members() -> None:
    """The EAEU's 2015 intra-group export share is over Armenia, Belarus, Kazakhstan and
    Russia (Kyrgyzstan joined in August): computed here from the trade rows."""
    cat = ii.load()
    intra = indices.intra_group_share(cat, "EAEU")
    by_year = intra.set_index("period")
    assert by_year.loc["2015", "members"] == 4 and by_year.loc["2016", "members"] == 5
    assert "2014" not in by_year.index
    four = ["ARM", "BLR", "KAZ", "RUS"]
    t = indices.trade_frame(cat).astype({"geo": "str", "counterpart": "str", "period": "str"})
    year = t[(t["flow"] == "exports") & (t["period"] == "2015") & t["geo"].isin(four)]
    inside = year[year["counterpart"].isin(four) & (year["geo"] != year["counterpart"])]
    world = year[year["counterpart"] == ""]
    assert len(inside) == 12 and len(world) == 4
    assert by_year.loc["2015", "intra_share"] == pytest.approx(
        inside["value"].sum() / world["value"].sum() * 100
    )
    sigma = indices.sigma_convergence(cat, "EAEU").set_index("period")
    heads = cat.official_rows(["macro.gdp_per_capita"])
    logs = np.log(heads[(heads["period"] == "2015") & heads["geo"].isin(four)]["value"])
    assert sigma.loc["2015", "members"] == 4
    assert sigma.loc["2015", "sigma"] == pytest.approx(float(np.std(logs, ddof=0)))


def test_the_command_takes_a_group_by_name(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["indices", "--group", "EAEU", "--format", "csv"]) == 0
    assert "intra_share" in capsys.readouterr().out
    assert main(["indices", "--group", "EAUE"]) == 2
    err = capsys.readouterr().err
    assert "no such group; did you mean --group EAEU?" in err and err[-1] == "\n"
    assert err.count("\n") == 1


def test_codes_are_checked_and_the_sources_are_those_behind_the_table(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["indices", "--pair", "blr,RUS"]) == 2
    assert "did you mean BLR?" in capsys.readouterr().err
    assert main(["indices", "--pair", "BLR,RUS"]) == 0
    said = capsys.readouterr()
    assert said.err == ""  # the bundled catalogue holds the World's totals: no NaN to explain
    sources = said.out.rsplit("sources: ", 1)[1].strip().split(", ")
    assert "imf-dots-9" not in sources  # Armenia's workbook is not behind BLR-RUS
    assert {"imf-dots-18", "imf-dots-162", "imf-dots-221", "wb-wdi-ny.gdp.mktp.cd"} <= set(sources)


def test_without_the_worlds_totals_the_intensity_is_nan_and_said(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import shutil

    folder = tmp_path / "catalogue"
    shutil.copytree(
        ii.bundled_path(), folder, ignore=shutil.ignore_patterns("__pycache__", "*-dots-world.*")
    )
    assert (
        main(["indices", "--pair", "BLR,RUS", "--catalogue", str(folder), "--format", "csv"]) == 0
    )
    said = capsys.readouterr()
    assert "note: trade_intensity is NaN: it needs the World's imports" in said.err
    rows = list(csv.DictReader(io.StringIO(said.out)))
    assert rows and all(row["trade_intensity"] == "" for row in rows)
    assert main(["indices", "--pair", "BLR,RUS", "--catalogue", str(folder)]) == 0
    sources = capsys.readouterr().out.rsplit("sources: ", 1)[1].strip().split(", ")
    assert "imf-dots-18" in sources and "imf-dots-221" not in sources


def test_a_groups_file_of_ones_own_is_the_one_the_indices_use(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "groups.yaml"
    path.write_text(
        '- {group: UNION, name: u, geo: BLR, from: "2016-01-01", until: "", sources: [a]}\n'
        '- {group: UNION, name: u, geo: RUS, from: "2016-01-01", until: "", sources: [a]}\n',
        encoding="utf-8",
    )
    assert main(["indices", "--group", "UNION", "--groups", str(path), "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert "\n2016," in out and "\n2015," not in out  # members from 2016, from this file


@pytest.mark.parametrize(
    ("year", "count", "joined", "left"),
    [
        (1957, 0, [], []),  # the Treaty of Rome in effect from 1 January 1958
        (1958, 6, ["BEL", "DEU", "FRA", "ITA", "LUX", "NLD"], []),
        (1973, 9, ["DNK", "GBR", "IRL"], []),
        (1981, 10, ["GRC"], []),
        (1986, 12, ["ESP", "PRT"], []),
        (1995, 15, ["AUT", "FIN", "SWE"], []),
        (2004, 25, ["CYP", "CZE", "EST", "HUN", "LTU", "LVA", "MLT", "POL", "SVK", "SVN"], []),
        (2007, 27, ["BGR", "ROU"], []),
        (2013, 28, ["HRV"], []),  # joined on 1 July 2013: a member on the rule's own day
        (2020, 27, [], ["GBR"]),  # left on 1 February 2020: not a member on 1 July
    ],
)
def test_the_eu_with_its_enlargements_and_the_uks_exit(
    year: int, count: int, joined: list[str], left: list[str]
) -> None:
    """The bundled EU: each wave counts from the year of its accession (belonging on 1 July),
    the United Kingdom until 2019; every row cites the pages its dates come from."""
    now, before = set(_members("EU", year)), set(_members("EU", year - 1))
    assert len(now) == count
    assert sorted(now - before) == joined and sorted(before - now) == left
    eu = read_groups().query("group == 'EU'")
    assert eu["sources"].map(len).min() >= 1 and (eu["note"].str.len() > 20).all()


@pytest.mark.parametrize(
    ("group", "year", "members"),
    [
        ("ASEAN", 1967, []),  # established on 8 August: after 1 July
        ("ASEAN", 1968, ["IDN", "MYS", "PHL", "SGP", "THA"]),
        ("ASEAN", 1995, ["BRN", "IDN", "MYS", "PHL", "SGP", "THA"]),  # Viet Nam on 28 July
        ("ASEAN", 1999, ["BRN", "IDN", "KHM", "LAO", "MMR", "MYS", "PHL", "SGP", "THA", "VNM"]),
        (
            "ASEAN",
            2026,
            ["BRN", "IDN", "KHM", "LAO", "MMR", "MYS", "PHL", "SGP", "THA", "TLS", "VNM"],
        ),
        ("Mercosur", 1991, ["ARG", "BRA", "PRY", "URY"]),
        ("Mercosur", 2012, ["ARG", "BRA", "PRY", "URY"]),  # Venezuela from 31 July 2012
        ("Mercosur", 2016, ["ARG", "BRA", "PRY", "URY", "VEN"]),
        ("Mercosur", 2017, ["ARG", "BRA", "PRY", "URY"]),  # suspended from 1 December 2016
    ],
)
def test_asean_and_mercosur_by_their_cited_dates(group: str, year: int, members: list[str]) -> None:
    assert _members(group, year) == members


@pytest.mark.parametrize(
    ("group", "year", "count", "joined"),
    [
        ("EA", 1998, 0, []),
        (
            "EA",
            1999,
            11,
            ["AUT", "BEL", "DEU", "ESP", "FIN", "FRA", "IRL", "ITA", "LUX", "NLD", "PRT"],
        ),
        ("EA", 2001, 12, ["GRC"]),
        ("EA", 2008, 15, ["CYP", "MLT"]),
        ("EA", 2015, 19, ["LTU"]),
        ("EA", 2023, 20, ["HRV"]),
        ("EA", 2026, 21, ["BGR"]),
        ("GCC", 1981, 6, ["ARE", "BHR", "KWT", "OMN", "QAT", "SAU"]),  # launched 25 May 1981
        ("NAFTA", 1994, 3, ["CAN", "MEX", "USA"]),
        ("NAFTA", 2020, 3, []),  # the USMCA from 1 July 2020: the same three
    ],
)
def test_the_euro_area_the_gcc_and_nafta_by_their_cited_dates(
    group: str, year: int, count: int, joined: list[str]
) -> None:
    now, before = set(_members(group, year)), set(_members(group, year - 1))
    assert len(now) == count and sorted(now - before) == joined


@pytest.mark.parametrize(
    ("year", "count", "joined", "left"),
    [
        (
            1975,
            15,
            [
                "BEN",
                "BFA",
                "CIV",
                "GHA",
                "GIN",
                "GMB",
                "GNB",
                "LBR",
                "MLI",
                "MRT",
                "NER",
                "NGA",
                "SEN",
                "SLE",
                "TGO",
            ],
            [],
        ),
        (1978, 16, ["CPV"], []),  # joined in 1977: a year-only date counts from its end
        (2001, 15, [], ["MRT"]),  # withdrew in December 2000
        (2025, 12, [], ["BFA", "MLI", "NER"]),  # withdrawal effective on 29 January 2025
    ],
)
def test_ecowas_by_its_cited_dates(
    year: int, count: int, joined: list[str], left: list[str]
) -> None:
    now, before = set(_members("ECOWAS", year)), set(_members("ECOWAS", year - 1))
    assert len(now) == count
    assert sorted(now - before) == joined and sorted(before - now) == left


@pytest.mark.parametrize(
    ("year", "count", "joined", "left"),
    [
        (1980, 9, ["AGO", "BWA", "LSO", "MOZ", "MWI", "SWZ", "TZA", "ZMB", "ZWE"], []),
        (1995, 11, ["ZAF"], []),  # since 30 August 1994: after 1 July
        (2004, 13, [], ["SYC"]),  # a member until 1 July 2004, the rule's own day
        (2009, 14, ["SYC"], ["MDG"]),  # back in 2008 (year only); suspended in 2009
        (2014, 15, ["MDG"], []),  # reinstated on 30 January 2014
        (2018, 16, ["COM"], []),
    ],
)
def test_the_sadc_with_its_two_memberships_of_seychelles_and_madagascar(
    year: int, count: int, joined: list[str], left: list[str]
) -> None:
    now, before = set(_members("SADC", year)), set(_members("SADC", year - 1))
    assert len(now) == count
    assert sorted(now - before) == joined and sorted(before - now) == left
