"""«One answer per organization per browser», kept in the browser itself: a signed cookie
listing the organizations answered about in a campaign. It holds no identifier of the person
and nothing about them is stored on our side; clearing cookies gets round it, which the
per-address rate limit and the methodists' view of bursts are there for."""

SALT = "quality.survey.answered"
COOKIE_PREFIX = "moc_survey_"  # and the campaign's number; the privacy policy lists it
MAX_AGE = 400 * 24 * 60 * 60  # browsers cap a cookie's life at 400 days


def cookie_name(campaign):
    return f"{COOKIE_PREFIX}{campaign.pk}"


def answered_organizations(request, campaign):
    """The ids of organizations this browser already answered about in the campaign."""
    value = request.get_signed_cookie(cookie_name(campaign), default="", salt=SALT)
    return {int(part) for part in value.split(".") if part.isdigit()}


def remember_answer(http_response, request, campaign, organization_id):
    answered = answered_organizations(request, campaign) | {organization_id}
    http_response.set_signed_cookie(
        cookie_name(campaign),
        ".".join(str(pk) for pk in sorted(answered)),
        salt=SALT,
        max_age=MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return http_response
