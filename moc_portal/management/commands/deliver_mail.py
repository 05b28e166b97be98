"""`python manage.py deliver_mail`: send the outbox's due mail now (cron, or by hand)."""

from django.core.management.base import BaseCommand

from moc_portal.core import outbox


class Command(BaseCommand):
    help = "Отправляет исходящие письма, срок отправки которых наступил."

    def handle(self, *args, **options):
        result = outbox.deliver_due(limit=1000)
        self.stdout.write(
            f"Отправлено: {result['sent']}, не удалось: {result['failed']}, "
            f"ещё не отправлено: {outbox.unsent_count()}."
        )
