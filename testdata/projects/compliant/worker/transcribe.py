"""Transcribes recorded calls with PII redaction and content safety, then
deletes the transcript from AssemblyAI once its text is stored."""

import os

import assemblyai as aai

aai.settings.api_key = os.environ["ASSEMBLYAI_API_KEY"]

config = aai.TranscriptionConfig(
    redact_pii=True,
    redact_pii_policies=[
        aai.PIIRedactionPolicy.person_name,
        aai.PIIRedactionPolicy.phone_number,
        aai.PIIRedactionPolicy.email_address,
        aai.PIIRedactionPolicy.credit_card_number,
    ],
    content_safety=True,
    webhook_url="https://transcriber.example.com/webhook",
    webhook_auth_header_name="X-Webhook-Secret",
    webhook_auth_header_value=os.environ["WEBHOOK_SECRET"],
)


def transcribe(audio_url: str) -> str:
    transcript = aai.Transcriber(config=config).transcribe(audio_url)
    text = transcript.text or ""
    aai.Transcript.delete_by_id(transcript.id)
    return text
