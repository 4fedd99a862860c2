"""Who recognises whom: the mutual recognition arrangements of a set of countries, as a
matrix (pure functions over loaded country files)."""

from __future__ import annotations

from dataclasses import dataclass, field

from safe_map.model import Country, Mra


@dataclass(frozen=True)
class Party:
    """A row or column of the matrix: a country (with or without a file) or a group."""

    code: str  # ISO code, EU, or a group id
    name: str
    member: bool  # a member of the group shown (rows); else a partner outside it
    has_file: bool


@dataclass(frozen=True)
class Cell:
    """One arrangement between a row and a column, as one file records it."""

    mra: Mra
    recorded_by: str  # the ISO code of the country whose file records it
    source_title: str  # the title of the source it names
    source_url: str


@dataclass
class MraMatrix:
    rows: list[Party] = field(default_factory=list)  # the members
    columns: list[Party] = field(default_factory=list)  # members, then partners outside
    cells: dict[tuple[str, str], Cell] = field(default_factory=dict)  # (row, column)
    one_sided: set[tuple[str, str]] = field(default_factory=set)  # recorded by the column only

    def cell(self, row: str, column: str) -> Cell | None:
        return self.cells.get((row, column))

    @property
    def arrangements(self) -> list[tuple[Party, Party, Cell]]:
        """Each arrangement once, in row then column order: for two members, the row that
        comes first records it (or the other, when only the other does)."""
        out, seen = [], set()
        by_code = {p.code: p for p in [*self.rows, *self.columns]}
        for row in self.rows:
            for column in self.columns:
                found = self.cells.get((row.code, column.code))
                pair = frozenset((row.code, column.code))
                if found is None or pair in seen:
                    continue
                seen.add(pair)
                out.append((by_code[row.code], by_code[column.code], found))
        return out


def mra_matrix(
    members: list[tuple[str, str]],
    countries: list[Country],
    partner_names: dict[str, str],
) -> MraMatrix:
    """The matrix for `members` ((ISO code, name) in the order rows are shown) from their
    country files (`countries`, those that exist). `partner_names` names partners outside the
    group (ISO codes, groups), for the columns. A cell holds the row's own record; where the
    row's file has none, the column's record of the same arrangement (marked one-sided)."""
    files = {c.iso: c for c in countries}
    member_codes = [code for code, _ in members]
    matrix = MraMatrix()
    matrix.rows = [Party(code, name, True, code in files) for code, name in members]
    outside: dict[str, str] = {}
    for country in countries:
        for mra in country.mras:
            if mra.partner not in member_codes:
                outside.setdefault(
                    mra.partner, mra.partner_name or partner_names.get(mra.partner, mra.partner)
                )
    matrix.columns = [*matrix.rows] + [
        Party(code, name, False, False)
        for code, name in sorted(outside.items(), key=lambda item: item[1].casefold())
    ]
    for country in countries:
        for mra in country.mras:
            matrix.cells[(country.iso, mra.partner)] = _cell(country, mra)
    for country in countries:  # the other side of an arrangement between two members
        for mra in country.mras:
            if mra.partner in member_codes and (mra.partner, country.iso) not in matrix.cells:
                matrix.cells[(mra.partner, country.iso)] = _cell(country, mra)
                matrix.one_sided.add((mra.partner, country.iso))
    return matrix


def _cell(country: Country, mra: Mra) -> Cell:
    source = next((s for s in country.sources if s.id == mra.source), None)
    return Cell(
        mra,
        country.iso,
        source.title if source else "",
        source.url if source else "",
    )
