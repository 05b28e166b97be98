"""«Предложить практику»: the public form, its consent, spam guards, e-mails and revision."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from best_practices.models import MATERIAL_KINDS, Practice, PracticeSettings, Status
from best_practices.services.workflow import transition
from moc_portal.core import outbox
from moc_portal.core.uploads import UploadRefused, validate_upload
from moc_portal.models import ConsentRecord, OutgoingMail, SiteSettings
from programs.models import Direction
from tests.pages import fields_in_error, message_levels
from tests.uploads import docx, pdf

from .factories import make_methodist, make_practice

pytestmark = pytest.mark.django_db

SUBMIT = reverse("best_practices:submit")


def refusal(upload):
    """What the kernel's upload check says of this file as a practice material."""
    upload.seek(0)
    with pytest.raises(UploadRefused) as refused:
        validate_upload(upload, MATERIAL_KINDS)
    return refused.value


@pytest.fixture
def form_data():
    return {
        "title": "Мобильный кванториум для сёл",
        "direction": Direction.objects.get(code="tech").pk,
        "category": "rural",
        "authors": "Смирнов Олег Ильич, педагог\nКузнецова Ирина, методист",
        "organization_name": "МБОУ Слободская СОШ",
        "age_min": "10",
        "age_max": "14",
        "year": "2026",
        "annotation": "Выездные занятия по робототехнике.",
        "problem": "В сёлах нет технических кружков.",
        "description": "Педагог приезжает с набором конструкторов раз в неделю.",
        "results": "Охват вырос на 60 детей.",
        "resources": "Автомобиль, 10 наборов.",
        "video_links": "https://rutube.ru/video/abc/",
        "contact_name": "Смирнов Олег Ильич",
        "contact_position": "педагог дополнительного образования",
        "contact_email": "smirnov@example.ru",
        "contact_phone": "+7 900 123-45-67",
        "consent": "on",
        "website": "",
    }


def test_the_form_is_rendered_by_crispy_with_an_unticked_consent(client):
    page = client.get(SUBMIT).content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert 'id="div_id_title"' in page  # crispy's Bootstrap 5 wrapper
    consent = page[page.index('name="consent"') - 200 : page.index('name="consent"') + 200]
    assert "checked" not in consent
    assert SiteSettings.load().consent_text[:40] in page
    assert "visually-hidden-field" in page  # the honeypot


def test_a_submission_is_saved_with_materials_and_the_author_sees_a_reference(
    client, form_data, mailoutbox
):
    make_methodist(email="metodist@example.ru")
    response = client.post(
        SUBMIT, {**form_data, "files": [pdf(), docx()]}, REMOTE_ADDR="203.0.113.7", follow=True
    )
    practice = Practice.objects.get()
    assert practice.status == Status.SUBMITTED
    assert practice.title == "Мобильный кванториум для сёл"
    assert practice.slug == "mobilnyj-kvantorium-dlya-syol"
    assert practice.transitions.get().to_status == Status.SUBMITTED
    materials = list(practice.materials.all())
    assert [m.title for m in materials] == ["Презентация", "Методичка", "Видео"]
    stored = [m.file.name for m in materials if m.file]
    assert all(name.startswith("private/practices/") for name in stored)
    assert not any("Презентация" in name for name in stored)  # names are generated
    assert stored[0].endswith(".pdf") and stored[1].endswith(".docx")
    assert practice.reference in response.content.decode()


def test_the_consent_is_stored_with_time_ip_text_and_version(client, form_data):
    client.post(SUBMIT, form_data, REMOTE_ADDR="203.0.113.7")
    consent = Practice.objects.get().consent
    site = SiteSettings.load()
    assert consent.ip_address == "203.0.113.7"
    assert consent.text == site.consent_text
    assert consent.text_version == site.consent_version
    assert consent.accepted_at is not None


def test_without_consent_nothing_is_saved_and_the_typed_text_stays(client, form_data):
    response = client.post(SUBMIT, {**form_data, "consent": ""})
    assert response.status_code == 200
    assert Practice.objects.count() == 0
    assert ConsentRecord.objects.count() == 0
    assert fields_in_error(response) == {"consent"}
    assert "Мобильный кванториум для сёл" in response.content.decode()  # the typed title


def test_the_author_and_the_methodists_get_e_mails(client, form_data, mailoutbox):
    make_methodist(email="metodist@example.ru")
    client.post(SUBMIT, form_data)
    practice = Practice.objects.get()
    outbox.deliver_due()
    to_author = next(m for m in mailoutbox if m.to == ["smirnov@example.ru"])
    assert practice.reference in to_author.subject
    assert practice.reference in to_author.body
    to_staff = next(m for m in mailoutbox if m.to == ["metodist@example.ru"])
    assert practice.title in to_staff.subject
    assert "http" in to_staff.body and f"/admin/best_practices/practice/{practice.pk}/" in (
        to_staff.body
    )


def test_the_notification_addresses_setting_overrides_the_methodists(client, form_data, mailoutbox):
    make_methodist(email="metodist@example.ru")
    row = PracticeSettings.load()
    row.notification_emails = "bank@example.ru\n"
    row.save()
    client.post(SUBMIT, form_data)
    outbox.deliver_due()
    recipients = [m.to for m in mailoutbox]
    assert ["bank@example.ru"] in recipients
    assert ["metodist@example.ru"] not in recipients


def test_the_submission_does_not_touch_the_mail_server_and_its_mails_wait_in_the_outbox(
    client, form_data, monkeypatch
):
    def refuse(*args, **kwargs):
        raise OSError("connection refused")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
    response = client.post(SUBMIT, form_data)
    assert response.status_code == 302
    assert Practice.objects.count() == 1
    done = client.get(response.url)
    practice = Practice.objects.get()
    assert (done.context["reference"], done.context["email"]) == (
        practice.reference,
        "smirnov@example.ru",
    )
    page = done.content.decode()
    assert practice.reference in page and "smirnov@example.ru" in page
    [mail] = OutgoingMail.objects.all()
    assert (mail.to, mail.status) == (["smirnov@example.ru"], OutgoingMail.Status.WAITING)

    assert outbox.deliver_due() == {"sent": 0, "failed": 1}
    mail.refresh_from_db()
    assert "connection refused" in mail.last_error and mail.next_attempt_at is not None


def test_a_filled_honeypot_is_refused(client, form_data):
    response = client.post(SUBMIT, {**form_data, "website": "http://spam.example"})
    assert response.status_code == 200
    assert Practice.objects.count() == 0
    assert fields_in_error(response) == {"website"}


def test_the_rate_limit_stops_a_flood_from_one_address(client, form_data):
    row = PracticeSettings.load()
    row.submissions_per_hour = 2
    row.save()
    for number in range(2):
        practice = {**form_data, "title": f"Практика {number}"}  # the same one twice is one
        assert client.post(SUBMIT, practice, REMOTE_ADDR="198.51.100.1").status_code == 302
    refused = client.post(SUBMIT, form_data, REMOTE_ADDR="198.51.100.1")
    assert refused.status_code == 429
    assert fields_in_error(refused) == {"__all__"}  # the quota, on the form as a whole
    assert "Мобильный кванториум для сёл" in refused.content.decode()
    assert client.post(SUBMIT, form_data, REMOTE_ADDR="198.51.100.2").status_code == 302
    assert Practice.objects.count() == 3


def test_a_refused_file_is_named_beside_the_field_and_the_form_keeps_the_text(client, form_data):
    fake = SimpleUploadedFile("отчёт.pdf", b"<html><script>alert(1)</script></html>")
    response = client.post(SUBMIT, {**form_data, "files": [pdf(), fake]})
    assert response.status_code == 200
    assert Practice.objects.count() == 0
    errors = response.context["form"].errors["files"]
    reason = refusal(fake)
    assert reason.code == "wrong_type"
    assert errors == [f"«отчёт.pdf»: {reason.messages[0]}"]  # the file named, the kernel's reason
    page = response.content.decode()
    assert "В сёлах нет технических кружков." in page
    assert "smirnov@example.ru" in page


def test_organization_is_chosen_or_typed(client, form_data):
    response = client.post(SUBMIT, {**form_data, "organization_name": ""})
    assert response.status_code == 200
    assert fields_in_error(response) == {"organization"}


def test_age_range_must_be_ordered(client, form_data):
    response = client.post(SUBMIT, {**form_data, "age_min": "15", "age_max": "7"})
    assert response.status_code == 200
    assert fields_in_error(response) == {"__all__"}  # the pair, not one field
    assert Practice.objects.count() == 0


def test_a_video_link_must_be_a_web_address(client, form_data):
    response = client.post(SUBMIT, {**form_data, "video_links": "javascript:alert(1)"})
    assert fields_in_error(response) == {"video_links"}
    assert Practice.objects.count() == 0


def test_the_done_page_without_a_submission_leads_to_the_form(client):
    assert client.get(reverse("best_practices:submitted")).url == SUBMIT


def test_a_returned_practice_is_revised_by_the_author_through_the_e_mailed_link(
    client, form_data, mailoutbox
):
    practice = make_practice(Status.SUBMITTED)
    transition(practice, Status.RETURNED, actor=make_methodist(), comment="Добавьте цифры")
    outbox.deliver_due()
    mail = next(m for m in mailoutbox if m.to == [practice.contact_email])
    revise = reverse("best_practices:revise", kwargs={"token": practice.edit_token})
    assert revise in mail.body and "Добавьте цифры" in mail.body

    page = client.get(revise)
    assert "Добавьте цифры" in page.content.decode()
    response = client.post(revise, {**form_data, "results": "Охват 120 детей"})
    assert response.status_code == 302
    practice.refresh_from_db()
    assert practice.status == Status.SUBMITTED
    assert practice.results == "<p>Охват 120 детей</p>"  # typed text, stored as HTML
    assert practice.transitions.last().actor is None
    # The link works only while the practice waits for the revision.
    assert client.get(revise).status_code == 404


def test_an_unknown_revision_link_is_not_found(client):
    assert client.get(reverse("best_practices:revise", kwargs={"token": "x"})).status_code == 404


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "logo.pdf",
            b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
            "по содержимому",
        ),
        ("setup.pdf", b"MZ\x90\x00" + b"\x00" * 100, "по содержимому"),
        ("empty.pdf", b"", "Файл пустой"),
        ("bomb.docx", None, "подозрительно большой"),
    ],
)
def test_hostile_files_through_the_form_are_refused_beside_the_field(
    client, form_data, name, content, message
):
    from tests.uploads import docx_bytes

    if content is None:
        content = docx_bytes({"word/media/zeros.bin": b"\x00" * (4 * 1024 * 1024)})
    response = client.post(SUBMIT, {**form_data, "files": [SimpleUploadedFile(name, content)]})
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["files"])
    assert Practice.objects.count() == 0


def test_an_oversized_file_through_the_form_is_refused(client, form_data):
    site = SiteSettings.load()
    site.max_upload_mb = 1
    site.save()
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 10))
    response = client.post(SUBMIT, {**form_data, "files": [big]})
    reason = refusal(big)
    assert reason.code == "too_large"  # the site's 1 MB, not the default limit
    assert response.context["form"].errors["files"] == [f"«big.pdf»: {reason.messages[0]}"]
    assert Practice.objects.count() == 0


def test_a_revision_sent_after_the_status_changed_is_refused_politely(
    client, form_data, monkeypatch
):
    practice = make_practice(Status.RETURNED)
    revise = reverse("best_practices:revise", kwargs={"token": practice.edit_token})

    def methodist_rejects_meanwhile(request, purpose):
        Practice.objects.filter(pk=practice.pk).update(status=Status.REJECTED)

    monkeypatch.setattr("best_practices.views.record_consent", methodist_rejects_meanwhile)
    response = client.post(revise, form_data, follow=True)
    assert response.redirect_chain == [(reverse("best_practices:list"), 302)]
    assert message_levels(response) == ["error"]
    practice.refresh_from_db()
    assert practice.status == Status.REJECTED
    assert practice.title != form_data["title"]


def test_the_submit_form_sends_files_and_names_its_encoding_once(client):
    html = client.get(SUBMIT).content.decode()
    form_tag = html[html.index("<form", html.index("<main")) :].split(">", 1)[0]
    assert form_tag.count("enctype=") == 1, form_tag
    assert 'enctype="multipart/form-data"' in form_tag


def test_a_double_submit_is_one_practice_with_one_set_of_mails(client, form_data):
    make_methodist(email="metodist@example.ru")
    first = client.post(SUBMIT, form_data, REMOTE_ADDR="203.0.113.7")
    second = client.post(SUBMIT, form_data, REMOTE_ADDR="203.0.113.7")
    assert first.status_code == second.status_code == 302
    assert Practice.objects.count() == 1
    assert sorted(mail.to[0] for mail in OutgoingMail.objects.all()) == [
        "metodist@example.ru",
        "smirnov@example.ru",
    ]
    assert Practice.objects.get().reference in client.get(second.url).content.decode()
