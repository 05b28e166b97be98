"""`python manage.py create_methodist NAME [--email E]`: the first methodist of an installation.

The password is read from the MOC_METHODIST_PASSWORD environment variable when it is set
(scripts), otherwise asked twice at the terminal; it is never an argument (shell history).
"""

import getpass
import os

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from moc_portal.roles import create_methodist


class Command(BaseCommand):
    help = "Создаёт учётную запись методиста (сотрудник в группе «Методисты»)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="")

    def handle(self, *args, username, email, **options):
        password = os.environ.get("MOC_METHODIST_PASSWORD") or self._ask_password()
        try:
            create_methodist(username, password, email=email)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Методист «{username}» создан; вход: /admin/")

    def _ask_password(self):
        password = getpass.getpass("Пароль: ")
        if password != getpass.getpass("Пароль ещё раз: "):
            raise CommandError("Пароли не совпадают.")
        return password
