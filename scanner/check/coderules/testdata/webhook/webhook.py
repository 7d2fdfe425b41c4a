# Fixture: webhooks in Python configs and REST bodies.
import os

import assemblyai as aai
import requests

POLICIES = [aai.PIIRedactionPolicy.person_name]


def setter_without_auth(url):
    config = aai.TranscriptionConfig(redact_pii=True, redact_pii_policies=POLICIES, content_safety=True)
    config.set_webhook("https://example.com/hook")
    return aai.Transcriber().submit(url, config=config)  # want "aai-webhook-auth-missing"


def setter_with_auth(url):
    config = aai.TranscriptionConfig(redact_pii=True, redact_pii_policies=POLICIES, content_safety=True).set_webhook(
        "https://example.com/hook", "X-Webhook-Secret", os.environ["WEBHOOK_SECRET"]
    )
    return aai.Transcriber().submit(url, config=config)


def setter_empty_value(url):
    config = aai.TranscriptionConfig(redact_pii=True, redact_pii_policies=POLICIES, content_safety=True)
    config.set_webhook("https://example.com/hook", "X-Webhook-Secret", "")
    return aai.Transcriber().submit(url, config=config)  # want "aai-webhook-auth-missing"


def keywords_plain_http(url):
    config = aai.TranscriptionConfig(
        redact_pii=True,
        redact_pii_policies=POLICIES,
        content_safety=True,
        webhook_url="http://example.com/hook",  # want "aai-webhook-insecure-url"
        webhook_auth_header_name="X-Webhook-Secret",
        webhook_auth_header_value=os.environ["WEBHOOK_SECRET"],
    )
    return aai.Transcriber(config=config).submit(url)


def rest(url):
    body = {"audio_url": url, "redact_pii": True, "redact_pii_policies": ["person_name"], "content_safety": True, "webhook_url": "https://example.com/hook"}
    return requests.post("https://api.assemblyai.com/v2/transcript", json=body, headers={"authorization": os.environ["ASSEMBLYAI_API_KEY"]})  # want "aai-webhook-auth-missing"
