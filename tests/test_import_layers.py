"""The import contract: packages depend one way, down the layers DESIGN.md draws.

`LAYERS` below is the one place that says where each module of planner/ sits. The test reads
every module's imports with `ast` (imports inside functions count: a function-level import
still makes the module depend on the other one) and fails on

- an import that runs up the layers (a lower module importing a higher one);
- a cycle between packages below the surfaces (plans imports schedule while schedule imports
  plans, even when both sit in the same layer);
- a page module importing another package's page module (a view's helper belongs in a
  module below the surfaces, where the API can use it too).

Pure stdlib, no Flask app: it runs in a fraction of a second.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "planner"

#: Lowest first. A module may import modules of its own layer and of any layer below it.
LAYER_ORDER = ("core", "registry", "agreements", "plans", "views of plans", "surfaces")

#: Where each module sits, by dotted prefix (the longest prefix that matches wins). Modules
#: named in SURFACE_NAMES (every views.py, forms.py, cli.py, admin.py) are surfaces wherever
#: they live; `unplaced` fails for any module this table does not cover.
LAYERS = {
    # core: the application's plumbing and the vocabularies every domain uses
    "planner.extensions": "core",
    "planner.models_base": "core",
    "planner.errors": "core",
    "planner.vocabulary": "core",
    "planner.timezones": "core",
    "planner.i18n": "core",
    "planner.multilingual": "core",
    "planner.formatting": "core",
    "planner.data_version": "core",
    "planner.signals": "core",
    "planner.routing": "core",
    "planner.pagination": "core",
    "planner.listing": "core",
    "planner.caching": "core",
    "planner.page_cache": "core",
    "planner.logging_filters": "core",
    "planner.unit_of_work": "core",  # one unit of work per request and per command
    "planner.days": "core",  # date parameters checked against the years the databases agree on
    "planner.jobs": "core",  # scheduled jobs that run on many hosts take a lock
    "planner.proxies": "surfaces",  # trusted proxy hops (ProxyFix), set up by the app factory
    "planner.mou": "core",  # the MoU reader: pure functions
    "planner.audit.models": "core",  # audit entries: every operation records one
    "planner.audit.presenting": "core",
    "planner.shared_parts": "views of plans",  # parts of pages shared by readers who see the same plans
    "planner.audit_history": "views of plans",  # the audit log as read: names records of every domain
    "planner.attachments": "core",  # file storage (issue #26)
    # registry: people and places that agreements are made between
    "planner.accounts": "registry",
    "planner.maps.models": "registry",  # Site
    "planner.institutions": "registry",  # DESIGN.md: institutions and sites may get packages of their own
    "planner.sites": "registry",
    # agreements: agreements, parties, articles, protocols, institutions (Institution shares
    # agreements/models.py), who may read and edit them (agreements/access.py), and the sites'
    # access and changes, which follow who partners with whom
    "planner.agreements": "agreements",
    "planner.maps.access": "agreements",
    "planner.maps.operations": "agreements",
    "planner.maps.queries": "agreements",
    # plans: all plan content, events included (plans/events.py, occurrences.py, recurrence.py,
    # conflicts.py)
    "planner.plans": "plans",
    # views of plans: calendars and feeds, maps, documents, notifications, search
    "planner.schedule": "views of plans",
    "planner.maps.mapping": "views of plans",
    "planner.maps.safe_text": "views of plans",
    "planner.documents": "views of plans",
    "planner.notifications": "views of plans",
    "planner.search": "views of plans",
    "planner.reports": "views of plans",  # DESIGN.md's packages to come
    "planner.loans": "views of plans",
    "planner.tasks": "views of plans",
    # surfaces: pages, API, CLI, the app factory and what assembles it
    "planner": "surfaces",  # planner/__init__.py: create_app
    "planner.api": "surfaces",
    "planner.cli": "surfaces",
    "planner.commands": "surfaces",
    "planner.dashboard": "surfaces",
    "planner.templating": "surfaces",
    "planner.forms": "surfaces",  # the base of every page form
    "planner.models": "surfaces",  # imports every domain's models for Alembic
    "planner.demo": "surfaces",
    "planner.transfer": "surfaces",  # the whole-database export and import
}

SURFACE_NAMES = {"views", "forms", "cli", "admin"}

#: Surface modules that assemble the others (register blueprints and commands).
ASSEMBLERS = {"planner", "planner.api", "planner.cli"}


@dataclass(frozen=True)
class Import:
    source: str
    target: str
    line: int


def module_names() -> dict[str, Path]:
    names = {}
    for path in ROOT.rglob("*.py"):
        parts = path.relative_to(ROOT.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names[".".join(parts)] = path
    return names


def _known(name: str, modules) -> str:
    while name not in modules:
        name = name.rpartition(".")[0]
    return name


def _targets(node, source: str, path: Path, modules) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level:
        base = source.split(".") if path.name == "__init__.py" else source.split(".")[:-1]
        base = base[: len(base) - node.level + 1]
        module = ".".join(base + ([node.module] if node.module else []))
    else:
        module = node.module or ""
    # `from planner.plans import approval` imports the module planner.plans.approval
    return [f"{module}.{alias.name}" if f"{module}.{alias.name}" in modules else module for alias in node.names]


def imports() -> list[Import]:
    """Every import of a planner module by a planner module, at any depth of the code."""
    modules = module_names()
    found = []
    for source, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import | ast.ImportFrom):
                for target in _targets(node, source, path, modules):
                    if target == "planner" or target.startswith("planner."):
                        found.append(Import(source, _known(target, modules), node.lineno))
    return found


def is_surface(module: str) -> bool:
    return module.rpartition(".")[2] in SURFACE_NAMES or layer_of(module) == "surfaces"


def layer_of(module: str) -> str | None:
    if module.rpartition(".")[2] in SURFACE_NAMES:
        return "surfaces"
    prefix = module
    while prefix:
        if prefix in LAYERS:
            return LAYERS[prefix]
        prefix = prefix.rpartition(".")[0]
    return None


def package_of(module: str) -> str:
    return ".".join(module.split(".")[:2])


def upward(found: list[Import]) -> list[str]:
    rank = {name: position for position, name in enumerate(LAYER_ORDER)}
    return sorted(
        {
            f"{i.source}:{i.line} ({layer_of(i.source)}) imports {i.target} ({layer_of(i.target)})"
            for i in found
            if rank[layer_of(i.source)] < rank[layer_of(i.target)]
        }
    )


def package_cycles(found: list[Import]) -> list[list[str]]:
    """Strongly connected groups of packages (Tarjan), counting only modules below the
    surfaces: a surface may import any package, and nothing below imports a surface."""
    graph = defaultdict(set)
    for i in found:
        source, target = package_of(i.source), package_of(i.target)
        if source != target and not is_surface(i.source) and not is_surface(i.target):
            graph[source].add(target)
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
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
    return groups


def page_to_page(found: list[Import]) -> list[str]:
    return sorted(
        {
            f"{i.source}:{i.line} imports the page module {i.target}"
            for i in found
            if i.source not in ASSEMBLERS
            and is_surface(i.target)
            and i.target.rpartition(".")[2] in {"views", "cli", "admin"}
            and package_of(i.source) != package_of(i.target)
        }
    )


def test_every_module_has_a_layer():
    unplaced = [name for name in module_names() if layer_of(name) is None]
    assert not unplaced, f"add these modules to LAYERS in {__file__}: {unplaced}"


def test_no_import_runs_up_the_layers():
    problems = upward(imports())
    assert not problems, "imports that run up the layers:\n" + "\n".join(problems)


def test_packages_below_the_surfaces_form_no_cycle():
    cycles = package_cycles(imports())
    assert not cycles, "packages that depend on each other: " + "; ".join(" <-> ".join(c) for c in cycles)


def test_pages_do_not_import_other_packages_pages():
    problems = page_to_page(imports())
    assert not problems, "\n".join(problems)


def test_the_graph_sees_imports_inside_functions():
    """The contract would be vacuous if function-level imports went unseen."""
    found = imports()
    assert found, "no imports found: the walk over planner/ is broken"
    inside = [i for i in found if i.source == "planner.cli" and i.target.endswith(".cli") and i.target != "planner.cli"]
    assert inside, "planner/cli.py registers the domains' commands inside a function"


def test_the_checks_catch_what_they_are_for():
    """Each check on a made-up import it must refuse (and one it must let pass)."""
    up = Import("planner.plans.costs", "planner.schedule.queries", 1)
    down = Import("planner.schedule.queries", "planner.plans.models", 1)
    assert upward([up]) and not upward([down])
    assert package_cycles([up, down]) == [["planner.plans", "planner.schedule"]]
    assert package_cycles([down, Import("planner.plans.views", "planner.schedule.spans", 1)]) == []
    assert page_to_page([Import("planner.api.plans", "planner.plans.views", 1)])
    assert not page_to_page([Import("planner", "planner.plans.views", 1)])
