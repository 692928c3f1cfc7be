"""Static guards on the code's shape: only the app reaches Streamlit, every import is pinned,
no module but the message catalogue is a grab-bag of many hundred lines.

The import guards read the source with :mod:`ast` (nothing is imported), so an import inside
a function counts as much as one at the top of a module.
"""

from __future__ import annotations

import ast
import re
import sys
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROJECT = ("dashboard", "bench", "tests")
REQUIREMENTS = ("requirements.txt", "requirements-dev.txt", "requirements-ray.txt")


def module_name(path: Path) -> str:
    """The dotted name of the module at ``path`` (a package's ``__init__`` is the package)."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules(package: str) -> dict[str, Path]:
    """Every module under the folder ``package``, by dotted name."""
    return {module_name(path): path for path in sorted((ROOT / package).rglob("*.py"))}


def imports(name: str, path: Path) -> set[str]:
    """Dotted names ``path`` imports; ``from a import b`` gives both ``a`` and ``a.b``."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def streamlit_path(start: str, graph: dict[str, set[str]]) -> list[str] | None:
    """The chain of project modules by which ``start`` reaches Streamlit, or None."""
    seen = {start}
    stack = [[start]]
    while stack:
        chain = stack.pop()
        for target in sorted(graph[chain[-1]]):
            if target.split(".")[0] == "streamlit":
                return [*chain, target]
            if target in graph and target not in seen:
                seen.add(target)
                stack.append([*chain, target])
    return None


def test_only_the_app_reaches_streamlit() -> None:
    found = modules("dashboard")
    graph = {name: imports(name, path) for name, path in found.items()}
    outside = [name for name in graph if not name.startswith("dashboard.app")]
    assert {layer_of(name) for name in outside} >= {*BELOW, "cli"}  # the walk found them
    # The check itself sees Streamlit where it is: the app's widgets use it.
    assert streamlit_path("dashboard.app.widgets.session", graph)
    reaching = {name: streamlit_path(name, graph) for name in outside}
    assert {name: chain for name, chain in reaching.items() if chain} == {}


# What each layer may import besides itself and ``dashboard.config``: the bottom two import
# nothing above them, and only the front ends (``app``, ``cli``) import everything.
BELOW = {
    "text": set(),
    "storage": {"text"},
    "pipeline": {"text", "storage", "analysis"},
    "analysis": {"text", "storage", "pipeline"},
    "sharing": {"text", "storage", "analysis"},
}


def layer_of(name: str) -> str:
    """The layer of a dotted name: ``dashboard.analysis.query`` is in ``analysis``."""
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def test_layers_import_only_what_lies_below_them() -> None:
    found = modules("dashboard")
    crossings = {
        (layer_of(name), layer_of(target), f"{name} -> {target}")
        for name, path in found.items()
        for target in imports(name, path)
        if target.startswith("dashboard.") and layer_of(target) not in (layer_of(name), "config")
    }
    assert {layer for layer, _, _ in crossings} >= {"app", "cli", "pipeline"}
    wrong = {
        why
        for source, target, why in crossings
        if target == "app"
        or (target == "cli" and source != "__main__")
        or (source in BELOW and target not in BELOW[source])
    }
    assert wrong == set()


def test_no_module_is_left_flat() -> None:
    """Every module but the package's own entry points sits in a layer's package."""
    flat = {path.name for path in (ROOT / "dashboard").glob("*.py")}
    assert flat <= {"__init__.py", "__main__.py", "config.py"}


# A module longer than this holds more than one thing; the message catalogue (every label of
# the interface in two languages, one table) is the one module allowed past it.
MAX_MODULE_LINES = 800
CATALOGUES = {"dashboard/app/i18n.py"}


def test_no_module_is_a_grab_bag() -> None:
    sizes = {
        path.relative_to(ROOT).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
        for path in (ROOT / "dashboard").rglob("*.py")
    }
    assert max(sizes[name] for name in CATALOGUES) > MAX_MODULE_LINES  # the walk read them
    long = {path: n for path, n in sizes.items() if n > MAX_MODULE_LINES}
    assert set(long) <= CATALOGUES, long


def pinned() -> set[str]:
    """Normalised names of the distributions the requirements files pin."""
    names = set()
    for file in REQUIREMENTS:
        for line in (ROOT / file).read_text(encoding="utf-8").splitlines():
            requirement = line.split("#")[0].strip()
            if requirement and not requirement.startswith("-"):
                names.add(normalise(re.split(r"[\[=<>~!; ]", requirement)[0]))
    return names


def normalise(distribution: str) -> str:
    """A distribution name as package indexes compare them."""
    return re.sub(r"[-_.]+", "-", distribution).lower()


def test_every_third_party_import_is_pinned() -> None:
    owners = packages_distributions()
    tops = {
        name.split(".")[0]
        for package in PROJECT
        for module, path in modules(package).items()
        for name in imports(module, path)
        if name
    }
    third_party = tops - set(sys.stdlib_module_names) - {*PROJECT, "__future__", "conftest"}
    tests = {module.rpartition(".")[2] for module in modules("tests")}
    third_party -= tests  # tests import one another's helpers by bare name
    assert {"streamlit", "numpy", "scipy"} <= third_party
    have = pinned()
    unpinned = {
        top: owners.get(top, ["(not installed)"])
        for top in third_party
        if not any(normalise(owner) in have for owner in owners.get(top, []))
    }
    assert unpinned == {}
