"""The import rules of the house are a fact, checked on every run."""

import pytest

from moc_portal import architecture


def test_no_module_breaks_the_import_rules():
    problems = [
        f"{item.path}:{item.line} imports {item.target_module} — {reason}"
        for item, reason in architecture.violations()
    ]
    assert problems == []


def _imports(source_module, target_module):
    return [architecture.Import("x.py", 1, source_module, target_module)]


def test_a_kernel_module_importing_an_app_is_a_violation():
    assert architecture.violations(_imports("moc_portal.core.email", "programs.models"))


def test_an_app_importing_the_wiring_is_a_violation():
    assert architecture.violations(_imports("programs.views", "moc_portal.views"))


def test_events_and_best_practices_do_not_import_each_other():
    assert architecture.violations(_imports("events.models", "best_practices.models"))
    assert architecture.violations(_imports("best_practices.views", "events.selectors"))


def test_monitoring_reads_a_section_app_only_through_its_selectors():
    assert not architecture.violations(_imports("monitoring.services.x", "events.selectors"))
    assert architecture.violations(_imports("monitoring.services.x", "events.services"))


@pytest.mark.parametrize("section", ["events.views", "best_practices.filters", "monitoring.views"])
@pytest.mark.parametrize("module", ["models", "selectors", "permissions"])
def test_a_section_app_may_read_the_catalogue_through_models_selectors_and_permissions(
    section, module
):
    assert not architecture.violations(_imports(section, f"programs.{module}"))
    assert not architecture.violations(_imports(section, f"programs.{module}.catalogue"))


@pytest.mark.parametrize("section", ["events.views", "best_practices.filters", "monitoring.views"])
@pytest.mark.parametrize(
    "target", ["programs.filters", "programs.admin.shared", "programs.search", "programs"]
)
def test_a_section_app_importing_other_catalogue_modules_is_a_violation(section, target):
    assert architecture.violations(_imports(section, target))


def test_a_migration_importing_a_live_module_is_a_violation():
    assert architecture.violations(
        _imports("monitoring.migrations.0002_x", "monitoring.starting_indicators")
    )


def test_the_wiring_may_import_apps():
    assert not architecture.violations(_imports("moc_portal.demo", "programs.models"))


def test_relative_imports_are_resolved_to_their_package(tmp_path, monkeypatch):
    package = tmp_path / "programs" / "sub"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    module = package / "thing.py"
    module.write_text("from ..models import Program\nfrom . import other\n")
    monkeypatch.setattr(architecture, "ROOT", tmp_path)
    targets = {item.target_module for item in architecture.imports_of(module)}
    assert targets == {"programs.models", "programs.sub.other"}


def test_a_migration_may_import_the_kernels_field_helpers():
    assert not architecture.violations(
        _imports("events.migrations.0001_x", "moc_portal.core.uploads")
    )
    assert architecture.violations(_imports("events.migrations.0001_x", "moc_portal.views"))


def test_no_modules_import_each_other():
    assert architecture.cycles() == []


def test_a_cycle_through_a_function_level_import_is_listed():
    imports = [
        *_imports("monitoring.services.reports", "monitoring.tasks"),
        *_imports("monitoring.tasks", "monitoring.services.reports"),
        *_imports("monitoring.tasks", "monitoring.models"),
        *_imports("programs.models", "programs.services"),
        *_imports("programs.services", "programs.search_vocabulary"),
        *_imports("programs.search_vocabulary", "programs.models"),
        *_imports("events.views", "events.models"),
    ]
    assert architecture.cycles(imports) == [
        ["monitoring.services.reports", "monitoring.tasks"],
        ["programs.models", "programs.search_vocabulary", "programs.services"],
    ]


def test_from_a_package_import_a_submodule_targets_the_submodule(tmp_path, monkeypatch):
    package = tmp_path / "monitoring" / "services"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "reports.py").write_text("")
    module = tmp_path / "monitoring" / "tasks.py"
    module.write_text("from .services import reports, build\n")
    monkeypatch.setattr(architecture, "ROOT", tmp_path)
    targets = {item.target_module for item in architecture.imports_of(module)}
    assert targets == {"monitoring.services.reports", "monitoring.services"}


@pytest.mark.parametrize("app", architecture.APPS)
@pytest.mark.parametrize("module", ["models", "selectors", "services", "permissions", "admin"])
def test_every_app_has_the_same_shape(app, module):
    path = architecture.ROOT / app / module
    assert path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


# Derived data is kept by each app's services (one write path); a model's own save() and
# delete() stay Django's, so no bulk path or admin hook has to remember what they did. The
# kernel's singleton is the one exception: pinning pk 1 and dropping its cached row is what
# "one row" means, not business logic.
ALLOWED_OVERRIDES = {"SingletonModel.save", "SingletonModel.delete"}


def overridden_writes():
    from django.apps import apps

    found = set()
    for model in apps.get_models():
        if model.__module__.split(".")[0] not in (*architecture.APPS, "moc_portal"):
            continue
        for klass in model.__mro__:
            if not klass.__module__.startswith((*architecture.APPS, "moc_portal")):
                continue
            for method in ("save", "delete"):
                if method in vars(klass):
                    found.add(f"{klass.__name__}.{method}")
    return found


def test_no_model_keeps_derived_data_in_save_or_delete():
    assert overridden_writes() - ALLOWED_OVERRIDES == set()


def test_a_save_override_is_found(monkeypatch):
    from programs.models import Level

    monkeypatch.setattr(Level, "save", lambda self, *args, **kwargs: None, raising=False)
    assert "Level.save" in overridden_writes()


# A module a maintainer can read in one sitting; migrations are generated and kept as written.
MAX_MODULE_LINES = 400


def long_modules():
    found = {}
    for path in architecture.project_files():
        if "migrations" in path.parts:
            continue
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_MODULE_LINES:
            found[str(path.relative_to(architecture.ROOT))] = lines
    return found


def test_no_module_is_longer_than_400_lines():
    assert long_modules() == {}


def test_a_long_module_is_found(tmp_path, monkeypatch):
    package = tmp_path / "programs"
    package.mkdir()
    (package / "views.py").write_text("x = 1\n" * (MAX_MODULE_LINES + 1))
    (package / "short.py").write_text("x = 1\n" * MAX_MODULE_LINES)
    monkeypatch.setattr(architecture, "ROOT", tmp_path)
    assert long_modules() == {"programs/views.py": MAX_MODULE_LINES + 1}
