"""`python manage.py forget_practice_contacts`: erase authors' contacts past the retention."""

from django.core.management.base import BaseCommand

from best_practices.services.privacy import forget_old_contacts
from moc_portal.core.text import plural


class Command(BaseCommand):
    help = (
        "Удаляет контакты авторов практик, рассмотренных раньше, чем срок хранения "
        "персональных данных из настроек сайта."
    )

    def handle(self, *args, **options):
        count = forget_old_contacts()
        self.stdout.write(f"Контакты удалены: {plural(count, 'практика', 'практики', 'практик')}.")
