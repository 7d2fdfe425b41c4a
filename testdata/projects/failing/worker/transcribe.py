"""Transcribes recorded calls as they are: no PII redaction, no content
safety, and the transcripts stay on AssemblyAI's servers."""

import os

import assemblyai as aai

aai.settings.api_key = os.environ["ASSEMBLYAI_API_KEY"]


def transcribe(audio_url: str) -> str:
    transcript = aai.Transcriber().transcribe(audio_url)
    return transcript.text or ""
