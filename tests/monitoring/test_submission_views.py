from decimal import Decimal
from io import BytesIO

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from monitoring.models import Submission
from monitoring.services.submissions import stored_figures
from monitoring.services.workbook.layout import FIRST_ROW, SHEET_TITLE
from tests.factories import make_organization, make_period, make_submission
from tests.monitoring.complete_figures import as_form_data

pytestmark = pytest.mark.django_db

# Every required figure, the breakdown adding up, as the entry form posts them.
REQUIRED = as_form_data()
# Session, user, permissions, groups, organizations, periods, submissions, site settings.
MY_SUBMISSIONS_QUERY_BOUND = 12


def staff_with(django_user_model, username, *codenames):
    user = django_user_model.objects.create_user(username, is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return user


@pytest.fixture
def methodist(django_user_model):
    return staff_with(
        django_user_model, "methodist", "submit_for_any_organization", "review_submission"
    )


def second_client(user):
    """Another browser, logged in as `user`."""
    other = Client()
    other.force_login(user)
    return other


def client_for(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def rep_client(client, representative):
    return client_for(client, representative)


def page_url(period, organization, name="submission"):
    return reverse(f"monitoring:{name}", args=[period.code, organization.slug])


def form_data(version=0, action="save", **values):
    return {"version": str(version), "action": action, **values}


def figures(organization, period):
    submission = Submission.objects.filter(organization=organization, period=period).first()
    return stored_figures(submission) if submission else {}


def status(organization, period):
    return Submission.objects.get(organization=organization, period=period).status


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


# --- Who may come in ------------------------------------------------------------------------


def test_anonymous_users_are_sent_to_the_admin_login(client, organization, period):
    url = page_url(period, organization)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"/admin/login/?next={url}"


def test_users_who_are_not_staff_are_refused(client, django_user_model, organization, period):
    client.force_login(django_user_model.objects.create_user("parent"))
    assert client.get(page_url(period, organization)).status_code == 403


def test_a_representative_cannot_open_another_organizations_report(rep_client, period):
    other = make_organization()
    assert rep_client.get(page_url(period, other)).status_code == 403
    assert rep_client.post(page_url(period, other), form_data()).status_code == 403


def test_a_methodist_may_fill_any_organizations_report(client, methodist, organization, period):
    client_for(client, methodist)
    response = client.post(page_url(period, organization), form_data(children_total="7"))
    assert response.status_code == 302
    assert figures(organization, period) == {("children_total", None): Decimal(7)}


def test_an_unknown_period_is_not_found(rep_client, organization):
    url = reverse("monitoring:submission", args=["2031-01", organization.slug])
    assert rep_client.get(url).status_code == 404


def test_an_impossible_month_is_not_found(rep_client, organization):
    # The URL converter takes only real months: 2026-13 is no month, so no page.
    assert rep_client.get(f"/monitoring/2026-13/{organization.slug}/").status_code == 404


# --- The form -------------------------------------------------------------------------------


def test_the_form_has_a_field_per_entered_indicator_and_direction(rep_client, organization, period):
    form = rep_client.get(page_url(period, organization)).context["form"]
    assert "children_total" in form.fields and "children_total__social" in form.fields
    assert "programs_total" not in form.fields


def test_the_form_shows_last_months_value(rep_client, organization, period):
    make_submission(organization, make_period(2026, 9), values={"children_total": 1150})
    response = rep_client.get(page_url(period, organization))
    assert response.context["form"]["children_total"].help_text == "В прошлом месяце: 1150"
    assert "В прошлом месяце: </span>1150" in response.content.decode()


def test_the_form_is_filled_with_the_saved_draft(rep_client, organization, period):
    make_submission(organization, period, status="draft", values={"group_size_average": "12.5"})
    response = rep_client.get(page_url(period, organization))
    assert 'value="12,5"' in response.content.decode()


def test_saving_a_draft_stores_the_figures_and_returns_to_the_form(
    rep_client, organization, period
):
    url = page_url(period, organization)
    response = rep_client.post(url, form_data(children_total="1 200", group_size_average="12,5"))
    assert response.status_code == 302 and response.url == url
    assert figures(organization, period) == {
        ("children_total", None): Decimal(1200),
        ("group_size_average", None): Decimal("12.5"),
    }
    assert status(organization, period) == Submission.Status.DRAFT


def test_a_draft_may_leave_required_figures_empty(rep_client, organization, period):
    response = rep_client.post(page_url(period, organization), form_data(events_total="3"))
    assert response.status_code == 302


def test_sending_stores_the_figures_and_marks_the_report_sent(rep_client, organization, period):
    rep_client.post(page_url(period, organization), form_data(action="submit", **REQUIRED))
    assert status(organization, period) == Submission.Status.SUBMITTED
    assert figures(organization, period)[("children_total", None)] == Decimal(120)


def test_sending_without_a_required_figure_saves_nothing_and_keeps_the_input(
    rep_client, organization, period
):
    values = {**REQUIRED, "teachers_total": ""}
    response = rep_client.post(page_url(period, organization), form_data(action="submit", **values))
    assert response.status_code == 200
    assert response.context["form"].errors["teachers_total"] == [
        "Не заполнен обязательный показатель «Число педагогов дополнительного образования»."
    ]
    assert 'value="120"' in response.content.decode()
    assert figures(organization, period) == {}


def test_a_validation_error_keeps_what_was_typed(rep_client, organization, period):
    data = form_data(children_total="100", children_ovz="150", events_total="сорок")
    response = rep_client.post(page_url(period, organization), data)
    content = response.content.decode()
    assert response.status_code == 200
    assert 'value="150"' in content and 'value="сорок"' in content
    assert set(response.context["form"].errors) == {"children_ovz", "events_total"}
    assert figures(organization, period) == {}


def test_a_negative_number_is_refused_by_the_form(rep_client, organization, period):
    response = rep_client.post(page_url(period, organization), form_data(children_total="-5"))
    assert "children_total" in response.context["form"].errors
    assert figures(organization, period) == {}


def test_a_field_with_an_error_is_marked_for_screen_readers(rep_client, organization, period):
    response = rep_client.post(page_url(period, organization), form_data(children_total="x"))
    content = response.content.decode()
    assert 'aria-invalid="true"' in content
    assert 'id="id_children_total_error"' in content


def test_a_sent_report_is_shown_without_a_form(rep_client, organization, period):
    make_submission(organization, period, status="submitted", values={"children_total": 5})
    response = rep_client.get(page_url(period, organization))
    assert response.context["form"] is None
    assert 'name="action" value="save"' not in response.content.decode()


def test_saving_a_sent_report_is_refused(rep_client, organization, period):
    make_submission(organization, period, status="submitted", values={"children_total": 5})
    response = rep_client.post(page_url(period, organization), form_data(children_total="9"))
    assert response.status_code == 409
    assert figures(organization, period) == {("children_total", None): Decimal(5)}


def test_a_closed_period_is_shown_without_a_form(rep_client, organization):
    period = make_period(2026, 8, is_closed=True)
    assert rep_client.get(page_url(period, organization)).context["form"] is None


# --- Two people at once ---------------------------------------------------------------------


def test_the_second_of_two_saves_from_one_version_is_refused_with_409(
    rep_client, methodist, organization, period
):
    url = page_url(period, organization)
    version = rep_client.get(url).context["form"]["version"].value()
    other = second_client(methodist)
    assert other.post(url, form_data(version, children_total="80")).status_code == 302

    response = rep_client.post(url, form_data(version, children_total="95"))

    assert response.status_code == 409
    assert figures(organization, period) == {("children_total", None): Decimal(80)}
    [message] = messages_of(response)
    assert message.startswith("Отчёт уже изменил(а) methodist в ")
    assert message.endswith("Обновите страницу: ваши данные не сохранены, они остались в форме.")


def test_a_refused_save_keeps_the_input_and_shows_the_other_value(
    rep_client, methodist, organization, period
):
    url = page_url(period, organization)
    second_client(methodist).post(url, form_data(0, children_total="80"))
    content = rep_client.post(url, form_data(0, children_total="95")).content.decode()
    assert 'value="95"' in content
    assert "Сейчас в отчёте: 80" in content


# --- The review -----------------------------------------------------------------------------


def review(client, organization, period, **data):
    return client.post(page_url(period, organization, "submission_review"), data)


def test_a_methodist_sees_the_review_form_on_a_sent_report(client, methodist, organization, period):
    make_submission(organization, period, status="submitted")
    response = client_for(client, methodist).get(page_url(period, organization))
    assert response.context["review_form"] is not None


def test_a_methodist_accepts_a_sent_report(client, methodist, organization, period):
    make_submission(organization, period, status="submitted")
    response = review(
        client_for(client, methodist), organization, period, action="accept", version=0
    )
    assert response.status_code == 302
    assert status(organization, period) == Submission.Status.ACCEPTED


def test_returning_without_a_comment_is_refused(client, methodist, organization, period):
    make_submission(organization, period, status="submitted")
    data = {"action": "return", "version": 0, "comment": " "}
    response = review(client_for(client, methodist), organization, period, **data)
    assert response.context["review_form"].errors["comment"] == ["Напишите, что нужно исправить."]
    assert status(organization, period) == Submission.Status.SUBMITTED


def test_a_returned_report_shows_the_comment_to_the_representative(
    client, methodist, rep_client, organization, period
):
    make_submission(organization, period, status="submitted")
    data = {"action": "return", "version": 0, "comment": "Проверьте число детей с ОВЗ"}
    review(second_client(methodist), organization, period, **data)
    response = rep_client.get(page_url(period, organization))
    assert "Проверьте число детей с ОВЗ" in response.content.decode()
    assert response.context["form"] is not None


def test_a_representative_cannot_review(rep_client, organization, period):
    make_submission(organization, period, status="submitted")
    response = review(rep_client, organization, period, action="accept", version=0)
    assert response.status_code == 403
    assert status(organization, period) == Submission.Status.SUBMITTED


# --- The Excel template ---------------------------------------------------------------------


def download(client, organization, period):
    return client.get(page_url(period, organization, "submission_template"))


def fill(content, values):
    workbook = load_workbook(BytesIO(content))
    sheet = workbook[SHEET_TITLE]
    rows = {sheet.cell(row, 1).value: row for row in range(FIRST_ROW, sheet.max_row + 1)}
    for name, value in values.items():  # form field names: "children_total__tech"
        sheet.cell(rows[name.replace("__", ":")], 7).value = value
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(client, organization, period, content, name="report.xlsx"):
    return client.post(
        page_url(period, organization, "submission_upload"),
        {"file": SimpleUploadedFile(name, content)},
        follow=True,
    )


def test_the_template_downloads_as_an_xlsx_file(rep_client, organization, period):
    response = download(rep_client, organization, period)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"] == (
        f'attachment; filename="monitoring-2026-10-{organization.slug}.xlsx"'
    )


def test_another_organizations_template_cannot_be_downloaded(rep_client, period):
    assert download(rep_client, make_organization(), period).status_code == 403


def test_a_filled_template_is_saved_as_a_draft(rep_client, organization, period):
    content = fill(
        download(rep_client, organization, period).content, {**REQUIRED, "events_total": 9}
    )
    response = upload(rep_client, organization, period, content)
    assert response.redirect_chain == [(page_url(period, organization), 302)]
    assert figures(organization, period)[("events_total", None)] == Decimal(9)
    assert status(organization, period) == Submission.Status.DRAFT


def test_an_upload_with_errors_lists_them_and_saves_nothing(rep_client, organization, period):
    values = {**REQUIRED, "teachers_total": "абв", "children_ovz": 500}
    content = fill(download(rep_client, organization, period).content, values)
    response = upload(rep_client, organization, period, content)
    # Post/redirect/get: the errors are shown on the report's own page, whose form posts there.
    assert response.redirect_chain == [(page_url(period, organization), 302)]
    assert len(response.context["upload_errors"]) == 2
    assert "— не число" in response.content.decode()
    assert response.context["form"] is not None
    assert response.request["PATH_INFO"] == page_url(period, organization)  # the form's target
    assert figures(organization, period) == {}
    # Shown once: a reload of the page no longer lists them.
    assert rep_client.get(page_url(period, organization)).context["upload_errors"] is None


NOT_XLSX_MESSAGE = (
    "Этот файл не подходит: можно загрузить XLSX. "
    "Тип определяется по содержимому, а не по имени файла."
)


def test_an_upload_of_a_file_that_is_not_xlsx_is_refused(rep_client, organization, period):
    response = upload(rep_client, organization, period, b"not a workbook")
    assert response.context["upload_errors"] == [NOT_XLSX_MESSAGE]
    assert figures(organization, period) == {}


def test_a_csv_is_refused_whatever_its_name_says(rep_client, organization, period):
    for name in ("report.csv", "report.xlsx"):
        response = upload(rep_client, organization, period, b"a;b", name=name)
        assert response.context["upload_errors"] == [NOT_XLSX_MESSAGE]
    assert figures(organization, period) == {}


def test_a_template_downloaded_before_someone_elses_save_is_refused(
    rep_client, methodist, organization, period
):
    template = download(rep_client, organization, period).content
    second_client(methodist).post(page_url(period, organization), form_data(0, children_total="80"))
    response = upload(rep_client, organization, period, fill(template, REQUIRED))
    assert response.redirect_chain == [(page_url(period, organization), 302)]
    assert "после того как был скачан этот шаблон" in messages_of(response)[0]
    assert figures(organization, period) == {("children_total", None): Decimal(80)}


# --- My reports -----------------------------------------------------------------------------


def test_my_reports_lists_only_the_representatives_organizations(rep_client, organization, period):
    other = make_organization(short_name="Школа № 7")
    response = rep_client.get(reverse("monitoring:my_submissions"))
    listed = [row[0] for row in response.context["overview"]]
    assert listed == [organization]
    assert other.short_name not in response.content.decode()


def test_my_reports_shows_each_open_periods_status(rep_client, organization, period):
    make_submission(organization, period, status="returned")
    make_period(2026, 8, is_closed=True)
    response = rep_client.get(reverse("monitoring:my_submissions"))
    [(_, cells)] = response.context["overview"]
    statuses = {p.code: s.status if s else None for p, s in cells}
    assert statuses["2026-10"] == Submission.Status.RETURNED
    assert "2026-08" not in statuses


def test_my_reports_take_a_bounded_number_of_queries(
    client, methodist, period, django_assert_max_num_queries
):
    for _ in range(5):
        make_submission(make_organization(), period, status="draft")
    client_for(client, methodist)
    with django_assert_max_num_queries(MY_SUBMISSIONS_QUERY_BOUND):
        response = client.get(reverse("monitoring:my_submissions"))
    assert len(response.context["overview"]) == 5
