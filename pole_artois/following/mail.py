"""The two messages of the feature, the confirmation and the digest, as Django e-mails: plain
text with an HTML alternative, in the follower's language, and in every one the one-click
unsubscribe of RFC 8058 (the mail server should sign these headers with DKIM)."""

import email.policy

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from pole_artois.core.dates import long_date
from pole_artois.core.site import absolute_url, site_host
from pole_artois.following.models import CONFIRMATION_MAX_AGE


class ListMessage(EmailMultiAlternatives):
    """A message whose `List-Unsubscribe` reaches the mail client as written. Python folds a
    header line longer than 78 characters, and a URL has no space to fold at: it would become an
    RFC 2047 encoded word, which RFC 2369 does not allow there and mail clients do not read.
    998 characters is the line limit of RFC 5322."""

    def message(self, *, policy=email.policy.default):
        return super().message(policy=policy.clone(max_line_length=998))


def _message(follower, subject, text, html, message_id):
    message = ListMessage(
        subject,
        text,
        to=[follower.email],
        headers={
            "List-Unsubscribe": f"<{follower.unsubscribe_url()}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
            # The same for every attempt at the same message.
            "Message-ID": f"<{message_id}@{site_host()}>",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def confirmation_message(subscription, requested_at):
    follower = subscription.follower
    with translation.override(follower.language):
        context = {
            "subscription": subscription,
            "target": subscription.target_title,
            "target_url": subscription.target_url(),
            "confirm_url": subscription.confirmation_url(),
            "unsubscribe_url": follower.unsubscribe_url(),
            "expires": long_date(
                timezone.localtime(requested_at + CONFIRMATION_MAX_AGE), "DATETIME_FORMAT"
            ),
            "language": follower.language,
        }
        subject = _("Confirm that you want to follow “%(target)s”") % {
            "target": subscription.target_title
        }
        text = render_to_string("following/email/confirm.txt", context)
        html = render_to_string("following/email/confirm.html", context)
    stamp = f"{requested_at:%Y%m%d%H%M%S}"
    return _message(follower, subject, text, html, f"confirm-{subscription.pk}-{stamp}")


def digest_content(follower, sections, period):
    """Subject, text and HTML of a digest (`sections`: (subscription, new events) pairs)."""
    with translation.override(follower.language):
        entries = [
            {
                "title": subscription.target_title,
                "url": subscription.target_url(),
                "events": [
                    {
                        "title": event.title,
                        "day": event.day,
                        "url": absolute_url(event.link),
                        "html": event.description,
                        "text": strip_tags(event.description).strip(),
                    }
                    for event in events
                ],
            }
            for subscription, events in sections
        ]
        context = {
            "sections": entries,
            "period": period,
            "unsubscribe_url": follower.unsubscribe_url(),
            "language": follower.language,
        }
        subject = _("Pôle métropolitain de l'Artois: what changed, week of %(date)s") % {
            "date": long_date(period)
        }
        return (
            subject,
            render_to_string("following/email/digest.txt", context),
            render_to_string("following/email/digest.html", context),
        )


def digest_message(delivery):
    return _message(
        delivery.follower, delivery.subject, delivery.text, delivery.html, f"digest-{delivery.pk}"
    )
