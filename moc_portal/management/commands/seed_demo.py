"""`python manage.py seed_demo`: demo catalogue, monitoring, МОЦ settings and staff accounts."""

import argparse
import os

from django.core.management.base import BaseCommand, CommandError
from django.utils.crypto import get_random_string

from moc_portal import demo
from moc_portal.core.page_cache import content_changed


def _count(minimum):
    def parse(value):
        try:
            number = int(value)
        except ValueError:
            number = None
        if number is None or number < minimum:
            raise argparse.ArgumentTypeError(f"нужно целое число не меньше {minimum}")
        return number

    return parse


class Command(BaseCommand):
    help = (
        "Заполняет пустую базу демонстрационными данными: организации и программы "
        "Краснохолмского округа, настройки МОЦ и учётные записи methodist, coordinator, orgrep."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--programs",
            type=_count(0),
            default=demo.DEFAULT_PROGRAMS,
            help="число программ (по умолчанию %(default)s)",
        )
        parser.add_argument(
            "--organizations",
            type=_count(1),
            default=demo.DEFAULT_ORGANIZATIONS,
            help="число организаций (по умолчанию %(default)s)",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=1,
            help="зерно генератора: одно зерно — одни данные (по умолчанию %(default)s)",
        )
        parser.add_argument(
            "--password",
            help="пароль демо-учётных записей (иначе переменная DEMO_PASSWORD или случайный)",
        )
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument(
            "--if-empty",
            action="store_true",
            help="если данные уже есть, не создавать новые, только обновить учётные записи",
        )
        mode.add_argument(
            "--replace",
            action="store_true",
            help="удалить существующие организации и программы и создать демо-данные заново",
        )

    def handle(self, *args, **options):
        password = options["password"] or os.environ.get("DEMO_PASSWORD") or get_random_string(12)
        try:
            result = demo.seed_demo(
                programs=options["programs"],
                organizations=options["organizations"],
                seed=options["seed"],
                password=password,
                if_empty=options["if_empty"],
                replace=options["replace"],
            )
        except demo.DemoDataError as error:
            raise CommandError(str(error)) from error
        demo.analyze_after_bulk_load()
        content_changed()  # bulk inserts send no signal
        self._report(result, password)

    def _report(self, result, password):
        if result.generated:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Созданы демо-данные: организаций — {result.organizations}, "
                    f"программ — {result.programs}."
                )
            )
        else:
            self.stdout.write(
                f"В базе уже есть данные (организаций — {result.organizations}, "
                f"программ — {result.programs}), новые не создавались."
            )
        self.stdout.write("Демо-учётные записи сотрудников (вход: /admin/):")
        for account in result.accounts:
            line = f"  {account.login} — {account.group}"
            if account.login == demo.REPRESENTATIVE_LOGIN and result.represented_organization:
                line += f", представитель: {result.represented_organization}"
            self.stdout.write(line)
        self.stdout.write(f"Пароль: {password}")
