"""Posting the methodist's change form the way a browser would: what the page shows, changed."""

from django.urls import reverse


def change_url(consultation):
    return reverse("admin:consultations_consultation_change", args=[consultation.pk])


def opened_form(client, consultation):
    """The change form's data as the page rendered it (with the locking token)."""
    response = client.get(change_url(consultation))
    assert response.status_code == 200
    form = response.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if name == "publish":
            if value:
                data[name] = "on"
            continue
        data[name] = "" if value is None else value
    return data


def save(client, consultation, data=None, **changes):
    data = dict(data if data is not None else opened_form(client, consultation))
    for name, value in changes.items():
        if value is False:
            data.pop(name, None)
        elif value is True:
            data[name] = "on"
        else:
            data[name] = value
    return client.post(change_url(consultation), data)
