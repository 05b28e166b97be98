"""The import with real Навигатор links (id and slug, Cyrillic, punycode and Latin hosts) and
places of study with «Широта»/«Долгота» or «Координаты»; organizations' settlements."""

from decimal import Decimal

import pytest
from django.urls import reverse

from moc_portal.models import SiteSettings
from programs.models import Organization, Place, Program, Settlement
from programs.services.imports import import_organizations, import_programs
from tests.programs.test_import import HEADER, csv_bytes, errors_of, xlsx

pytestmark = pytest.mark.django_db

LINKS = {
    "https://р19.навигатор.дети/program/8216-yunyi-operator-bpla-letnyaya-smena": "8216",
    "https://xn--19-6kc.xn--80aafey1amqq.xn--d1acj3b/program/31337-robototehnika": "31337",
    "https://navigator.krao.ru/program/12345-shahmaty-dlya-nachinayushchih": "12345",
    "https://dopobr73.ru/program/777-yunyy-eколог": "777",
    "new.dop.mosreg.ru/program/4242-tantsy?utm=x": "4242",
}


def row(title, link="", *extra):
    return [title, "ДДТ Красный Холм", "техническая", "базовый", 7, 12, link, *extra]


def test_real_navigator_links_keep_the_number_and_the_whole_link(organization):
    header = [*HEADER, "Ссылка на Навигатор", "Адрес", "Широта", "Долгота"]
    rows = [
        row(f"Программа {n}", link, f"ул. Мира, {n}", "58,05", "37.11")
        for n, link in enumerate(LINKS, start=1)
    ]
    result = import_programs(xlsx([header, *rows]), filename="navigator.xlsx")
    assert errors_of(result) == []
    stored = dict(Program.objects.values_list("navigator_id", "navigator_url"))
    assert set(stored) == set(LINKS.values())
    link = "https://р19.навигатор.дети/program/8216-yunyi-operator-bpla-letnyaya-smena"
    assert stored["8216"] == link
    assert stored["4242"].startswith("https://new.dop.mosreg.ru/program/4242-tantsy")
    place = Program.objects.get(navigator_id="8216").places.get()
    assert (place.latitude, place.longitude) == (Decimal("58.05"), Decimal("37.11"))
    assert place.organization == organization


def test_the_program_page_links_to_the_stored_link_or_base_and_id(client, organization):
    header = [*HEADER, "Навигатор"]
    link = "https://navigator.krao.ru/program/12345-shahmaty"
    import_programs(
        xlsx([header, row("Со ссылкой", link), row("С номером", "555")]), filename="x.xlsx"
    )
    Program.objects.update(status=Program.Status.PUBLISHED)
    site = SiteSettings.load()
    site.navigator_base_url = "https://р69.навигатор.дети"
    site.gosuslugi_url = "https://www.gosuslugi.ru/600173/1"
    site.save()
    html = client.get(Program.objects.get(navigator_id="12345").get_absolute_url()).content.decode()
    assert f'href="{link}"' in html
    assert "https://www.gosuslugi.ru/600173/1" in html
    html = client.get(Program.objects.get(navigator_id="555").get_absolute_url()).content.decode()
    assert "навигатор.дети/program/555" in html


def test_one_coordinates_column_and_a_known_place_is_reused(organization):
    Place.objects.create(organization=organization, address="ул. Мира, 5")
    header = [*HEADER, "Навигатор", "Адрес", "Координаты"]
    content = csv_bytes(
        [
            header,
            row("Первая", "", "ул. Мира, 5", "58.0524, 37.1158"),
            row("Вторая", "", "ул.  Мира, 5", ""),
        ]
    )
    result = import_programs(content, filename="x.csv")
    assert errors_of(result) == []
    place = Place.objects.get()
    assert (place.latitude, place.longitude) == (Decimal("58.0524"), Decimal("37.1158"))
    assert Program.objects.filter(places=place).count() == 2


@pytest.mark.parametrize(
    "latitude, longitude, column",
    [("95", "37", "Широта"), ("abc", "37", "Широта"), ("58", "", "Долгота")],
)
def test_bad_coordinates_are_errors_with_nothing_saved(organization, latitude, longitude, column):
    header = [*HEADER, "Навигатор", "Адрес", "Широта", "Долгота"]
    result = import_programs(
        xlsx([header, row("Кружок", "", "ул. Мира, 1", latitude, longitude)]), filename="x.xlsx"
    )
    assert [error[1] for error in errors_of(result)] == [column]
    assert not Program.objects.exists() and not Place.objects.exists()


def test_not_a_navigator_link_is_an_error(organization):
    header = [*HEADER, "Навигатор"]
    result = import_programs(
        xlsx([header, row("Кружок", "https://example.org/some/long/path/that/is/not/a/program")]),
        filename="x.xlsx",
    )
    assert [error[1] for error in errors_of(result)] == ["Навигатор"]


def test_organizations_import_settlements_and_points():
    content = xlsx(
        [
            ["Краткое наименование", "Тип", "Населённый пункт", "Широта", "Долгота"],
            ["ДДТ", "Организация дополнительного образования", "Красный Холм", "58,06", "37,11"],
            ["Школа", "Общеобразовательная организация", "Хабоцкое", "", ""],
            ["Клуб", "Учреждение культуры", "красный  холм", "", ""],
        ]
    )
    result = import_organizations(content, filename="orgs.xlsx")
    assert errors_of(result) == []
    assert sorted(Settlement.objects.values_list("slug", flat=True)) == [
        "habockoe",  # the transliteration of the portal's slugs (Django's admin urlify)
        "krasnyj-holm",
    ]
    ddt = Organization.objects.get(short_name="ДДТ")
    assert (ddt.latitude, ddt.longitude) == (Decimal("58.06"), Decimal("37.11"))
    assert Organization.objects.get(short_name="Клуб").settlement == ddt.settlement


def test_catalogue_counts_an_imported_place(client, organization):
    header = [*HEADER, "Навигатор", "Адрес", "Широта", "Долгота"]
    content = xlsx([header, row("Кружок", "", "ул. Мира, 1", "58.06", "37.11")])
    import_programs(content, filename="x.xlsx")
    Program.objects.update(status=Program.Status.PUBLISHED)
    response = client.get(reverse("programs:list"), {"near": "58.06,37.12", "sort": "distance"})
    [program] = response.context["result"].page.object_list
    assert 0.5 < program.distance < 0.7  # 0.01° of longitude at 58° N is about 590 m
