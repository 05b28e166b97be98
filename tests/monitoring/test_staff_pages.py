"""Staff pages per role: Russian error pages in the site's design with a way back, and a
navigation that offers each role only what it may open."""

import html

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from moc_portal.roles import COORDINATORS, METHODISTS
from monitoring.models import RuleTerm

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("monitoring:dashboard")
MY_REPORTS = reverse("monitoring:my_submissions")


def member_of(django_user_model, group, username):
    user = django_user_model.objects.create_user(username, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


def nav_of(client):
    html = client.get(reverse("home")).content.decode()
    return html[html.index('id="main-nav"') : html.index("</nav>")]


def test_a_representative_sees_my_reports_not_the_dashboard(client, representative):
    client.force_login(representative)
    nav = nav_of(client)
    assert f'href="{MY_REPORTS}"' in nav
    assert f'href="{DASHBOARD}"' not in nav


@pytest.mark.parametrize("group", [COORDINATORS, METHODISTS])
def test_coordinators_and_methodists_see_the_dashboard(client, django_user_model, group):
    client.force_login(member_of(django_user_model, group, "staff"))
    nav = nav_of(client)
    assert f'href="{DASHBOARD}"' in nav
    assert f'href="{MY_REPORTS}"' not in nav


def test_visitors_see_no_staff_links(client):
    nav = nav_of(client)
    assert f'href="{DASHBOARD}"' not in nav and f'href="{MY_REPORTS}"' not in nav


def test_the_403_page_is_russian_says_why_and_leads_back(client, representative):
    client.force_login(representative)
    response = client.get(DASHBOARD)
    assert response.status_code == 403
    text = response.content.decode()
    assert "<h1" in text and "Доступ закрыт" in text
    assert "Панель мониторинга доступна координаторам и методистам." in text
    assert f'href="{MY_REPORTS}"' in text  # the way back for this role
    assert 'lang="ru"' in text and "Forbidden" not in text


def test_the_404_page_is_russian_and_says_our_reason(client, representative):
    client.force_login(representative)
    response = client.get(reverse("monitoring:submission", args=["2026-10", "no-such-org"]))
    assert response.status_code == 404
    text = response.content.decode()
    assert "Страница не найдена" in text and "Not Found" not in text
    assert "No Organization matches" not in text  # Django's English reason stays unsaid
    assert f'href="{MY_REPORTS}"' in text


def test_the_500_page_is_russian_in_the_sites_design(settings):
    settings.ROOT_URLCONF = "tests.monitoring.broken_urls"
    client = Client(raise_request_exception=False)
    response = client.get("/broken/")
    assert response.status_code == 500
    text = response.content.decode()
    assert "Что-то пошло не так" in text
    assert "css/portal.css" in text  # the site's stylesheet: the site's look
    assert 'href="/"' in text


def test_coordinators_see_the_periodic_tasks_the_readme_points_them_to(client, django_user_model):
    client.force_login(member_of(django_user_model, COORDINATORS, "coordinator"))
    index = client.get(reverse("admin:index")).content.decode()
    assert reverse("admin:django_celery_beat_periodictask_changelist") in index
    response = client.get(reverse("admin:django_celery_beat_periodictask_changelist"))
    assert response.status_code == 200


def test_methodists_edit_the_rules_in_the_admin(client, django_user_model):
    client.force_login(member_of(django_user_model, METHODISTS, "methodist"))
    response = client.get(reverse("admin:monitoring_validationrule_changelist"))
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "children_total:*" not in page and "{left}" not in page
    summed = RuleTerm.objects.filter(scope=RuleTerm.Scope.ALL_DIRECTIONS).first()
    assert str(summed) in page  # a rule's terms read by name
