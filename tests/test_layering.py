"""Static guards on the code's shape: ``core`` never reaches Streamlit, every import is pinned.

Both read the source with :mod:`ast` (nothing is imported), so an import inside a function
counts as much as one at the top of a module.
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


def test_core_never_reaches_streamlit() -> None:
    found = modules("dashboard")
    graph = {name: imports(name, path) for name, path in found.items()}
    core = [name for name in graph if name.startswith("dashboard.core")]
    assert len(core) > 10  # the walk found the package
    # The check itself sees Streamlit where it is: the app's widgets use it.
    assert streamlit_path("dashboard.widgets", graph)
    reaching = {name: streamlit_path(name, graph) for name in core}
    assert {name: chain for name, chain in reaching.items() if chain} == {}


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
