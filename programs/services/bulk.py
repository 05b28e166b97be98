"""Updating many rows at once, fast on PostgreSQL.

Django's bulk_update writes `SET f = CASE WHEN id = 1 THEN … WHEN id = 2 THEN … END` for
every field, and building those expressions costs more Python time than the database
spends on them: with 10,000 programs it was most of an import's time. On PostgreSQL the
same update is one `UPDATE … FROM (VALUES …)` per batch; other databases keep bulk_update.
"""

from django.db import connection

BATCH_SIZE = 1000


def update_in_bulk(model, objects, fields, batch_size=BATCH_SIZE):
    """Write `fields` of the model `objects` (which have primary keys); no signals, no save()."""
    objects = list(objects)
    if not objects or not fields:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_update(objects, fields, batch_size=batch_size)
        return
    pk = model._meta.pk
    model_fields = [pk, *(model._meta.get_field(name) for name in fields)]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in model_fields)
    assignments = ", ".join(
        f"{quote(field.column)} = v.{quote(field.column)}" for field in model_fields[1:]
    )
    # Casts give every VALUES column the table column's type (NULLs and strings included).
    row = "(" + ", ".join(f"%s::{field.db_type(connection)}" for field in model_fields) + ")"
    table = quote(model._meta.db_table)
    with connection.cursor() as cursor:
        for start in range(0, len(objects), batch_size):
            batch = objects[start : start + batch_size]
            params = [
                field.get_db_prep_save(getattr(obj, field.attname), connection)
                for obj in batch
                for field in model_fields
            ]
            cursor.execute(
                f"UPDATE {table} AS t SET {assignments} "
                f"FROM (VALUES {', '.join([row] * len(batch))}) AS v({columns}) "
                f"WHERE t.{quote(pk.column)} = v.{quote(pk.column)}",
                params,
            )


def insert_in_bulk(model, fields, rows):
    """INSERT plain tuples of values for `fields` into the model's table, many rows a query.

    For link rows (a program's levels, its schedule) where building a model instance per
    row costs more than the insert itself. Values are prepared by their fields, as a save
    would (a time becomes text on SQLite); foreign keys are given as ids.
    """
    rows = list(rows)
    if not rows:
        return
    max_params = connection.features.max_query_params or 65535
    batch_size = max(1, min(BATCH_SIZE, max_params // len(fields)))
    quote = connection.ops.quote_name
    model_fields = [model._meta.get_field(name) for name in fields]
    columns = ", ".join(quote(field.column) for field in model_fields)
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch_size):
            batch = rows[start : start + batch_size]
            cursor.execute(
                f"INSERT INTO {quote(model._meta.db_table)} ({columns}) "
                f"VALUES {', '.join([row] * len(batch))}",
                [
                    field.get_db_prep_save(value, connection)
                    for values in batch
                    for field, value in zip(model_fields, values, strict=True)
                ],
            )
