"""`python manage.py import_graph`: the imports between the house's floors, and any violation."""

from django.core.management.base import BaseCommand

from moc_portal import architecture


class Command(BaseCommand):
    help = "Показывает импорты между слоями проекта (ядро, приложения, обвязка) и нарушения правил."

    def handle(self, *args, **options):
        imports = list(architecture.all_imports())
        for (source, target), count in architecture.layer_graph(imports).items():
            self.stdout.write(f"{source:>15} -> {target:<15} {count}")
        problems = architecture.violations(imports)
        for item, reason in problems:
            self.stdout.write(f"VIOLATION {item.path}:{item.line} {item.target_module}: {reason}")
        self.stdout.write(f"{len(problems)} violation(s)")
