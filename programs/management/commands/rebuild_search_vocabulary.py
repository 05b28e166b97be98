"""`python manage.py rebuild_search_vocabulary`: recount the search vocabulary from scratch.

Saving through `programs.services` keeps the vocabulary in step; run this after changing
programs by other means (SQL, `QuerySet.update`, bulk inserts).
"""

from django.core.management.base import BaseCommand

from programs.search_vocabulary import rebuild_search_vocabulary


class Command(BaseCommand):
    help = "Пересчитать поисковый словарь по опубликованным программам."

    def handle(self, *args, **options):
        count = rebuild_search_vocabulary()
        self.stdout.write(f"Слов в поисковом словаре: {count}.")
