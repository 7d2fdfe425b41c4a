# Fixture: transcribers built once and imported elsewhere.
import assemblyai as aai

from app.settings import CONFIG

transcriber = aai.Transcriber()
redacting = aai.Transcriber(config=aai.TranscriptionConfig(redact_pii=True, redact_pii_policies=[aai.PIIRedactionPolicy.person_name], content_safety=True))


def make_transcriber():
    return aai.Transcriber(config=aai.TranscriptionConfig(speaker_labels=True))
