"""`python manage.py import_graph`: the imports between the floors, violations and cycles."""

from django.core.management.base import BaseCommand

from moc_portal import architecture


class Command(BaseCommand):
    help = "Показывает импорты между слоями проекта, нарушения правил и циклы импортов."

    def handle(self, *args, **options):
        imports = list(architecture.all_imports())
        for (source, target), count in architecture.layer_graph(imports).items():
            self.stdout.write(f"{source:>15} -> {target:<15} {count}")
        problems = architecture.violations(imports)
        for item, reason in problems:
            self.stdout.write(f"VIOLATION {item.path}:{item.line} {item.target_module}: {reason}")
        self.stdout.write(f"{len(problems)} violation(s)")
        groups = architecture.cycles(imports)
        for group in groups:
            self.stdout.write("CYCLE (import each other) " + ", ".join(group))
        self.stdout.write(f"{len(groups)} cycle(s)")
