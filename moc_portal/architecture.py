"""The house's import rules, read from the source with `ast` (no module is imported).

Floors, bottom up: the kernel (`moc_portal.core`, `moc_portal.models`) imports no app;
`programs` stands on the kernel; `events`, `best_practices`, `consultations` and `quality` on
`programs`, never on each other; `monitoring` reads the others. An app reads another only
through the modules named in READ_THROUGH: the catalogue through its models, selectors and
permissions, the section apps through their models and selectors. The wiring (the rest of
`moc_portal`) may import anything, and nothing imports it. Migrations import no project
module but the kernel's: history must not change when a live module does.

`python manage.py import_graph` prints the edges and any violation.
"""

import ast
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KERNEL = "kernel"
WIRING = "wiring"
APPS = ("programs", "events", "best_practices", "consultations", "quality", "monitoring")
# Which layers each layer may import (besides itself).
ALLOWED = {
    KERNEL: set(),
    "programs": {KERNEL},
    "events": {KERNEL, "programs"},
    "best_practices": {KERNEL, "programs"},
    "consultations": {KERNEL, "programs"},
    "quality": {KERNEL, "programs"},
    "monitoring": {KERNEL, "programs", "events", "best_practices", "consultations", "quality"},
}
# What another app may import of each app: these submodules only.
READ_THROUGH = {
    "programs": ("models", "selectors", "permissions"),
    "events": ("models", "selectors"),
    "best_practices": ("models", "selectors"),
    "consultations": ("models", "selectors"),
    "quality": ("models", "selectors"),
}


@dataclass(frozen=True)
class Import:
    path: str
    line: int
    source_module: str
    target_module: str

    @property
    def source(self):
        return layer_of(self.source_module)

    @property
    def target(self):
        return layer_of(self.target_module)


def layer_of(module):
    parts = module.split(".")
    if parts[0] == "moc_portal":
        if len(parts) > 1 and parts[1] in ("core", "models"):
            return KERNEL
        return WIRING
    if parts[0] in APPS:
        return parts[0]
    return None  # not ours: Django, the standard library, packages


def module_name(path):
    relative = path.relative_to(ROOT).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_files():
    for top in ("moc_portal", *APPS):
        yield from sorted((ROOT / top).rglob("*.py"))


def imports_of(path):
    module = module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                prefix = ".".join(base + ([node.module] if node.module else []))
            else:
                prefix = node.module or ""
            # `from . import views` and `from .services import reports` import submodules;
            # `from .models import X` a name (the target is then the module itself).
            targets = [
                f"{prefix}.{alias.name}"
                if not node.module or _is_module(f"{prefix}.{alias.name}")
                else prefix
                for alias in node.names
            ]
        else:
            continue
        for target in targets:
            if layer_of(target) is not None:
                yield Import(str(path.relative_to(ROOT)), node.lineno, module, target)


def _is_module(dotted):
    path = ROOT.joinpath(*dotted.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def all_imports():
    for path in project_files():
        yield from imports_of(path)


def violations(imports=None):
    """Every import that breaks the rules, with a reason."""
    found = []
    for item in imports if imports is not None else all_imports():
        source, target = item.source, item.target
        if ".migrations." in item.source_module:
            # Django writes the kernel's deconstructible field helpers (UploadTo,
            # UploadValidator, SanitizedHTMLField) into migrations; they are the kernel's
            # stable interface. Any other project module is live code history must not follow.
            if target != KERNEL:
                found.append((item, "a migration imports a live project module"))
            continue
        if source in (WIRING, target):
            continue
        if target == WIRING:
            found.append((item, f"{source} imports the wiring"))
        elif target not in ALLOWED[source]:
            found.append((item, f"{source} may not import {target}"))
        elif target in READ_THROUGH:
            submodule = item.target_module.split(".")[1:2]
            if not submodule or submodule[0] not in READ_THROUGH[target]:
                allowed = ", ".join(READ_THROUGH[target])
                found.append((item, f"{source} reads {target} only through its {allowed}"))
    return found


def layer_graph(imports=None):
    """{(source layer, target layer): number of import statements} between different layers."""
    edges = defaultdict(int)
    for item in imports if imports is not None else all_imports():
        if item.source != item.target:
            edges[(item.source, item.target)] += 1
    return dict(sorted(edges.items()))


def cycles(imports=None):
    """The module graph's cycles: groups of modules that import each other, in any order.

    Every import counts, a function's own included: deferring an import to call time hides
    the cycle from Python, not from a reader. Migrations are left out (they import no app).
    Each group is a sorted list of module names; the list is sorted too.
    """
    graph = defaultdict(set)
    for item in imports if imports is not None else all_imports():
        if ".migrations." in item.source_module or item.source_module == item.target_module:
            continue
        graph[item.source_module].add(item.target_module)
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def visit(start):
        # Tarjan's strongly connected components, iteratively (no recursion limit).
        work = [(start, iter(sorted(graph.get(start, ()))))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, targets = work[-1]
            for target in targets:
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(sorted(graph.get(target, ())))))
                    break
                if target in on_stack:
                    low[node] = min(low[node], index[target])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    group = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.append(member)
                        if member == node:
                            break
                    if len(group) > 1:
                        groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(groups)
