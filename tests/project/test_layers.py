"""The floors of the house: packages by stage, imports that run one way (down), and the CLI alone at the top.

`problems(package)` reads the package's source with `ast` (nothing is imported) and returns every breach of
the rules below; the tests run it on the real package and on a copy with a probe that breaks each rule.
"""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest
from conftest import REPO

PACKAGE = REPO / "scripts" / "kb"

# stage → the stages it may import (its own included). generate and intake are one floor and never meet.
ALLOWED = {
    "text": {"text"},
    "model": {"text", "model"},
    "check": {"text", "model", "check"},
    "generate": {"text", "model", "check", "generate"},
    "intake": {"text", "model", "check", "intake"},
    "build": {"text", "model", "check", "generate", "build"},
    "serve": {"text", "model", "check", "generate", "build", "serve"},
    "cli": {"text", "model", "check", "generate", "intake", "build", "serve", "cli"},
    "tools": {"text", "model", "check", "generate", "intake", "build", "serve", "tools"},
}
# Programs run with `python -m` (child processes and data generators): they read their own arguments.
PROGRAMS = {"kb.build.pagewise", "kb.build.sitegen", "kb.intake.districts", "kb.intake.communes"}
# Imports a function may make: an optional C extension (with a fallback), and the browser of the measuring tools.
LATE_IMPORTS = {"yaml._yaml", "playwright.sync_api"}
RECORD_FOLDERS = {"units", "themes", "directives"}


def module_name(package: Path, path: Path) -> str:
    parts = list(path.relative_to(package.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def stage_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "kb"


def _imported(node: ast.AST, module: str, is_package: bool) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level:
        base = module.split(".")[: len(module.split(".")) - node.level + (1 if is_package else 0)]
        target = ".".join(base + ([node.module] if node.module else []))
    else:
        target = node.module or ""
    return [f"{target}.{alias.name}" for alias in node.names]  # a name or a submodule: _owner finds which


def problems(package: Path) -> list[str]:
    found: list[str] = []
    edges: dict[str, set[str]] = {}
    modules = {module_name(package, path): path for path in sorted(package.rglob("*.py"))}
    for module, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        stage = stage_of(module)
        where = path.relative_to(package.parent).as_posix()
        top_level = {id(node) for node in tree.body}
        edges[module] = set()
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                for target in _imported(node, module, path.name == "__init__.py"):
                    if target == "kb" or target.startswith("kb."):
                        edges[module].add(target)
                        other = stage_of(target)
                        if other not in ALLOWED.get(stage, set()):
                            found.append(f"{where}:{node.lineno}: {stage} imports {target} ({other})")
                    if (id(node) not in top_level and stage != "cli"
                            and not any(target.startswith(late) for late in LATE_IMPORTS)):
                        found.append(f"{where}:{node.lineno}: import inside a function: {target}")
            if module not in PROGRAMS and stage != "cli" and stage != "tools":
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("print", "exit"):
                    found.append(f"{where}:{node.lineno}: {node.func.id}() outside the CLI")
                if (isinstance(node, ast.Attribute) and node.attr in ("exit", "argv")
                        and isinstance(node.value, ast.Name) and node.value.id == "sys"):
                    found.append(f"{where}:{node.lineno}: sys.{node.attr} outside the CLI")
                if isinstance(node, ast.Raise) and "SystemExit" in ast.unparse(node.exc or ast.Constant(None)):
                    found.append(f"{where}:{node.lineno}: SystemExit outside the CLI")
                if isinstance(node, (ast.Import, ast.ImportFrom)) and any(
                        name.split(".")[0] == "argparse" for name in _imported(node, module, False)):
                    found.append(f"{where}:{node.lineno}: argparse outside the CLI")
            if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div) and module != "kb.model.kinds":
                chain = _path_constants(node)
                if "records" in chain and chain & RECORD_FOLDERS:
                    found.append(f"{where}:{node.lineno}: a record path built by hand (use kb.model.kinds)")
    for module in modules:
        for target in edges[module]:
            if stage_of(target) == "tools" and stage_of(module) != "tools":
                found.append(f"{module} imports the measuring tools ({target})")
    found += [f"import loop: {' → '.join(loop)}" for loop in _loops(edges, set(modules))]
    return sorted(set(found))


def _path_constants(node: ast.AST) -> set[str]:
    out = set()
    while isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
        if isinstance(node.right, ast.Constant) and isinstance(node.right.value, str):
            out.add(node.right.value)
        node = node.left
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        out.add(node.value)
    return out


def _owner(name: str, known: set[str]) -> str | None:
    """The module an imported dotted name belongs to: the longest known module it starts with."""
    while name and name not in known:
        name = name.rpartition(".")[0]
    return name or None


def _loops(edges: dict[str, set[str]], known: set[str]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), each as a list."""
    index, low, stack, on, loops, counter = {}, {}, [], set(), [], [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(edges.get(v, ())):
            w = _owner(w, known)
            if w is None:
                continue
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                loops.append(sorted(component))

    for v in sorted(known):
        if v not in index:
            visit(v)
    return loops


def test_the_package_keeps_its_floors():
    assert problems(PACKAGE) == []


def test_the_folder_listing_shows_the_stages():
    stages = {path.name for path in PACKAGE.iterdir() if path.is_dir() and (path / "__init__.py").exists()}
    assert stages == set(ALLOWED)
    assert (PACKAGE / "cli" / "__main__.py").is_file()  # python -m kb.cli, as child processes run it


def test_modules_are_rooms_of_one_subject():
    big = {path.relative_to(PACKAGE).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
           for path in PACKAGE.rglob("*.py")}
    assert {name: lines for name, lines in big.items() if lines > 420} == {}


PROBES = {
    "a low stage imports a high one": ("text/vietnamese.py", "from kb.serve.preview import Preview\n"),
    "generate and intake meet": ("generate/feed.py", "from kb.intake import names\n"),
    "an import inside a function": ("model/ids.py", "def _late():\n    import json\n    return json\n"),
    "a print outside the CLI": ("check/link.py", "def _say():\n    print('x')\n"),
    "a record path by hand": ("check/load.py", "def _where(root):\n    return root / 'records' / 'units'\n"),
    "an import loop": ("model/records.py", "from kb.model import vocabulary as _v\n"),
    "the tools imported": ("serve/writer.py", "from kb.tools import synthetic as _s\n"),
}


@pytest.mark.parametrize("probe", sorted(PROBES))
def test_each_rule_fails_on_a_probe(tmp_path, probe):
    copy = tmp_path / "kb"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    target, line = PROBES[probe]
    path = copy / target
    text = path.read_text(encoding="utf-8")
    if probe == "an import loop":  # vocabulary imports records' neighbour schema; make records import vocabulary
        (copy / "model/schema/__init__.py").write_text(
            (copy / "model/schema/__init__.py").read_text(encoding="utf-8") + "\nfrom kb.model import records as _r\n",
            encoding="utf-8")
    path.write_text(text + "\n" + line, encoding="utf-8")
    assert problems(PACKAGE) == []
    assert problems(copy), probe
