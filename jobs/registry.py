"""The kinds of background job, one registration each. An app registers its kinds in its own
`jobs.py` module (found at start-up by core/apps.py):

    @register("quotas.post_data_import", label=_("Post data import"), category=IMPORT,
              back=lambda job: reverse("quotas:import"))
    def import_post_data(job):
        ...  # do the work, reporting progress on `job`
        return {"created": 3, "updated": 1}  # the result summary the result page shows

The runner returns a JSON-serializable summary. An import whose file has bad rows raises the
spreadsheet kit's ImportRejected (core/spreadsheet_import.py) with them: the job fails, its
page lists them, and nothing was saved. A runner that refuses the work as a whole raises the
same error as JobRejected, with a message. An export stores its file with
jobs.services.attach_result_file."""

from collections.abc import Callable
from dataclasses import dataclass

from core.spreadsheet_import import ImportRejected
from core.spreadsheet_import import RowProblem as RowProblem  # for runners that refuse rows

IMPORT = "import"
EXPORT = "export"
# Work on many records at once (a move of many declarations): its result lists each item.
BULK = "bulk"


# A job's refusal is the spreadsheet kit's: every problem, nothing saved.
JobRejected = ImportRejected


@dataclass(frozen=True)
class JobKind:
    name: str
    label: str  # lazily translated
    category: str  # IMPORT, EXPORT or BULK
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
    if category not in (IMPORT, EXPORT, BULK):
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
