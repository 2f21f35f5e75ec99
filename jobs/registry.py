"""The kinds of background job, one registration each. An app registers its kinds in its own
`jobs.py` module (found at start-up by jobs/apps.py):

    @register("quotas.post_data_import", label=_("Post data import"), category=IMPORT,
              back=lambda job: reverse("quotas:import"))
    def import_post_data(job):
        ...  # do the work, reporting progress on `job`
        return {"created": 3, "updated": 1}  # the result summary the result page shows

The runner returns a JSON-serializable summary. An import whose file has bad rows raises
JobRejected with them: the job fails, its page lists them, and nothing was saved. An export
stores its file with jobs.services.attach_result_file."""

from collections.abc import Callable
from dataclasses import dataclass

IMPORT = "import"
EXPORT = "export"


@dataclass(frozen=True)
class RowProblem:
    """One bad row of a rejected import. `row` is the spreadsheet's row number (None for the
    whole file); `column` names the column when the import knows it."""

    reason: str
    row: int | None = None
    column: str = ""

    def as_json(self) -> dict:
        return {"row": self.row, "column": self.column, "reason": str(self.reason)}


class JobRejected(Exception):  # noqa: N818 - an outcome the user sees, not a bug
    """The work was refused as a whole and nothing was saved: `problems` says why."""

    def __init__(self, problems: list[RowProblem], message: str = ""):
        super().__init__(message or f"{len(problems)} problem(s)")
        self.problems = problems
        self.message = message


@dataclass(frozen=True)
class JobKind:
    name: str
    label: str  # lazily translated
    category: str  # IMPORT or EXPORT
    run: Callable
    back: Callable | None = None  # job -> the address of the page the job was started from
    back_label: str = ""  # lazily translated
    result_template: str = ""

    @property
    def template(self) -> str:
        return self.result_template or f"jobs/results/{self.category}.html"


_KINDS: dict[str, JobKind] = {}


def register(
    name: str,
    *,
    label,
    category: str,
    back: Callable | None = None,
    back_label="",
    result_template: str = "",
):
    """Register the decorated function as the runner of job kind `name`."""
    if category not in (IMPORT, EXPORT):
        raise ValueError(f"unknown job category {category!r}")

    def decorator(run: Callable) -> Callable:
        if name in _KINDS and _KINDS[name].run is not run:
            raise ValueError(f"job kind {name!r} is registered twice")
        _KINDS[name] = JobKind(
            name=name,
            label=label,
            category=category,
            run=run,
            back=back,
            back_label=back_label,
            result_template=result_template,
        )
        return run

    return decorator


def get_kind(name: str) -> JobKind:
    try:
        return _KINDS[name]
    except KeyError:
        raise LookupError(f"no job kind {name!r} is registered") from None


def kind_or_none(name: str) -> JobKind | None:
    return _KINDS.get(name)


def kinds() -> dict[str, JobKind]:
    return dict(_KINDS)
