"""Reads government action plans into pyarrow tables, with exact money.

The Rust core of Plansight (the CLI's and the page's reader), with the GIL
released while it reads. Money: ``investment`` is 亿元 as a float64 (as the
core's Arrow tables and ``plansight batch`` write it); ``investment_fen`` is
the exact amount, an int64 of 分; ``investment_decimal`` the same exact amount
as a decimal128(19, 10) of 亿元. Sum ``investment_fen`` (or the decimals),
never the floats.
"""

import os
from typing import Any, Literal, Mapping, Optional, Sequence, Tuple, TypedDict, Union, overload

import pyarrow

__version__: str

Lang = Literal["en", "zh"]
TableName = Literal["projects", "tasks", "task_units", "indicators"]
Source = Union[str, "os.PathLike[str]", bytes, bytearray, memoryview]
PathArg = Union[str, "os.PathLike[str]"]

class PlanError(ValueError):
    """A file that could not be read as a plan."""

    message: str
    """The reader's sentence, in the language asked (``lang``)."""
    file: Optional[str]
    """The file's name as given; None when bytes were read."""
    lang: Lang
    code: Literal["plan", "io", "internal"]
    """``plan``: the reader's reason; ``io``: the file could not be read from disk; ``internal``: a bug."""
    failures: list["Failure"]
    """Only from ``read_many``: every file found unreadable before reading stopped."""

class Failure(TypedDict):
    source: str
    message: str

class Finding(TypedDict, total=False):
    code: str
    line: int
    message_en: str
    message_zh: str

class Facts(TypedDict):
    title: Optional[str]
    doc_no: Optional[str]
    issuer: Optional[str]
    date: Optional[str]
    window: Optional[Tuple[int, int]]

class Summary(TypedDict):
    projects: int
    total_investment: float
    total_investment_fen: int
    investment_missing: int
    tasks: int
    units: int
    targets: int
    baselines: int
    window: Optional[Tuple[int, int]]

class Plan:
    """One plan read: four tables, what the reader noticed, facts, headline figures."""

    @property
    def projects(self) -> pyarrow.Table:
        """no, type, name, investment (亿元, float64), investment_fen (int64 分, exact),
        investment_decimal (decimal128(19, 10) 亿元, exact), start_year, end_year, builder,
        builder_kind, line, read_from."""
    @property
    def tasks(self) -> pyarrow.Table:
        """no, area, work, units (joined by 、), leads, line, deadline, read_from."""
    @property
    def task_units(self) -> pyarrow.Table:
        """task_no, position, unit, role ("lead" or "co")."""
    @property
    def indicators(self) -> pyarrow.Table:
        """kind, metric, value, unit, comparator, year, section, sentence, line, pair, value_max."""
    def table(self, name: TableName) -> pyarrow.Table: ...
    @property
    def file(self) -> Optional[str]: ...
    @property
    def findings(self) -> list[Finding]:
        """The reader's warnings: code, line, the code's parameters, message_en, message_zh."""
    @property
    def facts(self) -> Facts: ...
    @property
    def summary(self) -> Summary: ...
    def to_json(self) -> str:
        """Everything as ``plansight parse`` writes it."""
    def to_pandas(self, table: TableName = "projects") -> Any:
        """A pandas DataFrame (integers stay integers: nullable Int32/UInt32/Int64)."""
    def to_polars(self, table: TableName = "projects") -> Any:
        """A polars DataFrame (polars is optional)."""

class ArrowStream:
    """Record batches offered through the Arrow PyCapsule interface."""

    def __arrow_c_stream__(self, requested_schema: Optional[object] = None) -> object: ...
    def __len__(self) -> int: ...

def read(source: Source, mapping: Optional[Mapping[str, str]] = None, *, lang: Lang = "en") -> Plan:
    """Reads one plan from a path or the file's bytes.

    ``mapping`` gives column roles for headers the dictionary lacks, as the CLI's
    ``--map``: ``{"工程名称": "name", "资金（万）": "investment:万元"}``.
    Raises PlanError (a ValueError) when the file holds no readable plan, OSError
    when it cannot be opened."""

def files(paths: Union[PathArg, Sequence[PathArg]]) -> list[str]:
    """The files ``read_many`` reads under ``paths`` (folders walked, hidden names skipped,
    sorted), each as its ``source`` will name it: for splitting work among a cluster's tasks."""

@overload
def read_many(
    paths: Union[PathArg, Sequence[PathArg]],
    *,
    jobs: Optional[int] = None,
    table: TableName = "projects",
    mapping: Optional[Mapping[str, str]] = None,
    errors: Literal["raise"] = "raise",
    lang: Lang = "en",
) -> pyarrow.Table: ...
@overload
def read_many(
    paths: Union[PathArg, Sequence[PathArg]],
    *,
    jobs: Optional[int] = None,
    table: TableName = "projects",
    mapping: Optional[Mapping[str, str]] = None,
    errors: Literal["skip"],
    lang: Lang = "en",
) -> Tuple[pyarrow.Table, list[Failure]]:
    """Reads files and folders (walked, sorted, hidden names skipped) on Rust threads
    into one table with a ``source`` column, as ``plansight batch`` writes it.
    ``errors="raise"``: the first file that cannot be read raises PlanError (reading
    stops; ``failures`` lists what was found); ``"skip"``: returns the table and the
    failures."""
