from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

# Copies of the vocabularies as they were when this migration was written.
DIRECTIONS = [
    ("tech", "Техническая", "Робототехника, программирование, конструирование, моделирование."),
    ("science", "Естественнонаучная", "Экология, химия, физика, биология, астрономия."),
    ("art", "Художественная", "Музыка, хореография, изобразительное и театральное искусство."),
    ("sport", "Физкультурно-спортивная", "Спортивные секции, шахматы, ОФП, туризм как спорт."),
    ("tourism", "Туристско-краеведческая", "Походы, краеведение, музейное дело, ориентирование."),
    ("social", "Социально-гуманитарная", "Языки, журналистика, волонтёрство, лидерство, ПДД."),
]
LEVELS = [
    ("start", "Стартовый (ознакомительный)"),
    ("base", "Базовый"),
    ("advanced", "Продвинутый (углублённый)"),
]
DISABILITY_TYPES = [
    ("hearing", "Нарушения слуха"),
    ("deaf", "Глухота"),
    ("vision", "Нарушения зрения"),
    ("blind", "Слепота"),
    ("speech", "Нарушения речи"),
    ("musculoskeletal", "Нарушения опорно-двигательного аппарата"),
    ("zpr", "Задержка психического развития (ЗПР)"),
    ("ras", "Расстройства аутистического спектра (РАС)"),
    ("intellectual", "Интеллектуальные нарушения"),
]


def seed_vocabularies(apps, schema_editor):
    Direction = apps.get_model("programs", "Direction")
    Level = apps.get_model("programs", "Level")
    DisabilityType = apps.get_model("programs", "DisabilityType")
    for order, (code, name, description) in enumerate(DIRECTIONS, start=1):
        Direction.objects.update_or_create(
            code=code, defaults={"name": name, "description": description, "order": order}
        )
    for model, items in ((Level, LEVELS), (DisabilityType, DISABILITY_TYPES)):
        for order, (code, name) in enumerate(items, start=1):
            model.objects.update_or_create(code=code, defaults={"name": name, "order": order})


# The search indexes exist only on PostgreSQL; SQLite searches the normalized text column.
# The expressions must match programs.search.postgres_search_filter exactly.
POSTGRES_INDEXES = [
    "CREATE INDEX IF NOT EXISTS program_search_fts_idx ON programs_program "
    "USING gin (to_tsvector('russian'::regconfig, COALESCE(search_text, '')))",
    "CREATE INDEX IF NOT EXISTS program_search_trgm_idx ON programs_program "
    "USING gin (search_text gin_trgm_ops)",
]


def create_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRES_INDEXES:
            schema_editor.execute(statement)


def drop_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS program_search_fts_idx")
        schema_editor.execute("DROP INDEX IF EXISTS program_search_trgm_idx")


class Migration(migrations.Migration):
    dependencies = [("programs", "0001_initial")]

    operations = [
        migrations.RunPython(seed_vocabularies, migrations.RunPython.noop),
        TrigramExtension(),
        migrations.RunPython(create_search_indexes, drop_search_indexes),
    ]
