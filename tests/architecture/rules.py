"""The architecture's rules as code, read from the source with `ast` (no import is run):
which app may import which, and which module alone may write a state.

Apps are stacked in layers, from the centre outwards. An app may import the apps of earlier
layers, never a later one, nor a peer in its own layer: the stages that plug into the
declaration (continuing education, quotas, juries) know nothing of each other. Two shared
services, notifications and jobs, serve every app; they themselves stand on core, audit and
accounts only. Migrations are left out: they name other apps' models as strings."""

import ast
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

LAYERS: list[tuple[str, ...]] = [
    ("core",),
    ("audit",),
    ("accounts",),
    ("titles",),
    ("applicants",),
    ("continuing_ed", "quotas", "juries"),
    ("certificates",),
    ("reports", "privacy", "documents"),
    ("fixtures",),
    ("config",),
    ("bench",),
]
SHARED_SERVICES = ("notifications", "jobs")
SHARED_SERVICES_STAND_ON = ("core", "audit", "accounts", *SHARED_SERVICES)

# Imports the layers forbid but the code still makes, each with why and what removes it.
# A listed import that is gone must leave this list too (see the tests).
KNOWN_EXCEPTIONS: dict[tuple[str, str], str] = {}


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    line: int
    what: str

    def __str__(self):
        return f"{self.path}:{self.line}: {self.what}"


def package_names() -> set[str]:
    return {name for layer in LAYERS for name in layer} | set(SHARED_SERVICES)


def allowed_imports(app: str) -> set[str]:
    """The packages `app` may import besides itself."""
    if app in SHARED_SERVICES:
        return set(SHARED_SERVICES_STAND_ON) - {app}
    allowed = set(SHARED_SERVICES)
    for layer in LAYERS:
        if app in layer:
            return allowed
        allowed.update(layer)
    raise KeyError(f"{app} is in no layer")


def python_files(root: Path, package: str):
    for path in sorted((root / package).rglob("*.py")):
        if "migrations" not in path.relative_to(root).parts:
            yield path


def imported_packages(tree: ast.AST):
    """(line, top-level package) of every absolute import, in functions too."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module.split(".")[0]


def forbidden_imports(root: Path = ROOT, exceptions=None) -> list[Finding]:
    exceptions = KNOWN_EXCEPTIONS if exceptions is None else exceptions
    packages = package_names()
    findings = []
    for app in sorted(packages):
        allowed = allowed_imports(app)
        for path in python_files(root, app):
            relative = path.relative_to(root).as_posix()
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=relative)
            for line, imported in imported_packages(tree):
                forbidden = imported in packages and imported not in (app, *allowed)
                if forbidden and (relative, imported) not in exceptions:
                    findings.append(Finding(relative, line, f"{app} imports {imported}"))
    return sorted(findings)


def exceptions_in_use(root: Path = ROOT) -> set[tuple[str, str]]:
    return {
        (finding.path, finding.what.rsplit(" ", 1)[1])
        for finding in forbidden_imports(root, exceptions={})
    }


# --- who writes a state -------------------------------------------------------------------


@dataclass(frozen=True)
class StateOwner:
    """`model`'s `status` is written only in `module`. Objects are recognised by name: a
    variable or attribute whose name contains `word` (declaration, declarations, self.meeting)
    and querysets built from `model`."""

    model: str
    word: str
    module: str


# Steps that keep a queryset's rows what they were: `Declaration.objects.filter(...)` is
# about declarations, `meeting.seats.filter(...)` about seats.
_SAME_ROWS = {
    "objects",
    "all",
    "filter",
    "exclude",
    "select_related",
    "prefetch_related",
    "select_for_update",
    "order_by",
    "distinct",
    "only",
    "defer",
    "annotate",
    "alias",
    "using",
    "none",
}


def _subject_name(node: ast.AST) -> str | None:
    """The name of what an expression holds: `candidate.declaration` gives declaration,
    `Declaration.objects.filter(x)` gives Declaration, `meeting.seats.all()` gives seats."""
    while True:
        if isinstance(node, ast.Name):
            return node.id
        if isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Subscript):
            node = node.value
        elif isinstance(node, ast.Attribute):
            if node.attr not in _SAME_ROWS:
                return node.attr
            node = node.value
        else:
            return None


def _about(node: ast.AST, owner: StateOwner) -> bool:
    name = _subject_name(node)
    return name is not None and (name == owner.model or owner.word in name.lower())


def _status_keyword(call: ast.Call) -> bool:
    for keyword in call.keywords:
        if keyword.arg == "status":
            return True
        if (
            keyword.arg is None
            and isinstance(keyword.value, ast.Dict)
            and any(isinstance(k, ast.Constant) and k.value == "status" for k in keyword.value.keys)
        ):
            return True
    return False


def _names_status(node: ast.AST | None) -> bool:
    """A list or tuple of field names that includes "status"."""
    return isinstance(node, ast.List | ast.Tuple | ast.Set) and any(
        isinstance(element, ast.Constant) and element.value == "status" for element in node.elts
    )


def status_writes_in(tree: ast.AST, owner: StateOwner):
    """(line, how) of every write of `owner.model`'s status in one module."""
    for node in ast.walk(tree):
        targets = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        for target in targets:
            if (
                isinstance(target, ast.Attribute)
                and target.attr == "status"
                and _about(target.value, owner)
            ):
                yield node.lineno, "assigns .status"
        if not isinstance(node, ast.Call):
            continue
        function = node.func
        if isinstance(function, ast.Name) and function.id == "setattr" and len(node.args) >= 2:
            field = node.args[1]
            if (
                isinstance(field, ast.Constant)
                and field.value == "status"
                and _about(node.args[0], owner)
            ):
                yield node.lineno, "setattr(..., 'status')"
        if not isinstance(function, ast.Attribute):
            continue
        receiver = function.value
        if function.attr in ("update", "update_or_create") and _status_keyword(node):
            if _about(receiver, owner):
                yield node.lineno, f"{function.attr}(status=...)"
        elif function.attr == "bulk_update":
            fields = node.args[1] if len(node.args) > 1 else None
            fields = fields or next((k.value for k in node.keywords if k.arg == "fields"), None)
            if _names_status(fields) and _about(receiver, owner):
                yield node.lineno, "bulk_update(..., ['status'])"


def status_writers(owner: StateOwner, root: Path = ROOT, allowed: str | None = None):
    """Every write of `owner`'s status outside `allowed` (by default its owning module)."""
    allowed = owner.module if allowed is None else allowed
    findings = []
    for package in sorted(package_names()):
        for path in python_files(root, package):
            relative = path.relative_to(root).as_posix()
            if relative == allowed:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=relative)
            for line, how in status_writes_in(tree, owner):
                findings.append(Finding(relative, line, f"{how} of {owner.model}"))
    return sorted(findings)


DECLARATION = StateOwner(model="Declaration", word="declaration", module="applicants/workflow.py")
REVIEW_MEETING = StateOwner(
    model="ReviewMeeting", word="meeting", module="juries/meeting_workflow.py"
)
ERASURE_REQUEST = StateOwner(
    model="ErasureRequest", word="erasure", module="privacy/erasure_workflow.py"
)
