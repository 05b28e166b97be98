"""Aggregates Django 5.2 lacks on every backend we serve."""

from django.db.models import Aggregate, CharField, Value


class JoinedText(Aggregate):
    """The texts of a group joined by `separator` in no particular order: STRING_AGG on
    PostgreSQL, GROUP_CONCAT on SQLite (Django's own StringAgg arrives, for every backend, in
    6.0). Callers sort the parts themselves."""

    function = "STRING_AGG"
    output_field = CharField()

    def __init__(self, expression, separator=",", **extra):
        super().__init__(expression, Value(separator, output_field=CharField()), **extra)

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="GROUP_CONCAT", **extra_context)
