# Fixture: Python SDK transcription requests.
import assemblyai as aai
from assemblyai import Transcriber
from assemblyai import TranscriptionConfig as TC

aai.settings.api_key = os.environ["ASSEMBLYAI_API_KEY"]

POLICIES = [aai.PIIRedactionPolicy.person_name, aai.PIIRedactionPolicy.phone_number]


def bare(url):
    return aai.Transcriber().transcribe(url)  # want "aai-pii-redaction-missing" "aai-content-safety-missing"


def keyword_config(url):
    config = aai.TranscriptionConfig(redact_pii=True, redact_pii_policies=POLICIES, content_safety=True)
    return aai.Transcriber().transcribe(url, config=config)


def transcriber_config(url):
    config = TC(speaker_labels=True, content_safety=True)
    transcriber = Transcriber(config=config)
    return transcriber.transcribe(url)  # want "aai-pii-redaction-missing"


def setter_statement(url):
    config = aai.TranscriptionConfig(content_safety=True)
    config.set_redact_pii(True, policies=POLICIES)
    return Transcriber(config=config).submit(url)


def setter_chain(url):
    config = aai.TranscriptionConfig().set_redact_pii(policies=POLICIES).set_content_safety()
    return aai.Transcriber().transcribe_async(url, config)


def setter_without_policies(url):
    config = aai.TranscriptionConfig(content_safety=True).set_redact_pii(True)
    return aai.Transcriber().transcribe(url, config=config)  # want "aai-pii-policies-missing"


def setter_overwritten(url):
    config = aai.TranscriptionConfig(content_safety=True)
    config.set_redact_pii = True  # want "aai-pii-setter-overwritten"
    return aai.Transcriber().transcribe(url, config=config)


def kwargs_spread(urls):
    base = dict(redact_pii=True, redact_pii_policies=POLICIES)
    config = aai.TranscriptionConfig(**base, content_safety=True)
    return aai.Transcriber().transcribe_group(urls, config=config)


def commented_out(url):
    config = aai.TranscriptionConfig(
        # redact_pii=True,
        content_safety=True,
    )
    return aai.Transcriber().submit_group([url], config=config)  # want "aai-pii-redaction-missing"


def unknown(url, config):
    return aai.Transcriber(config=config).transcribe(url)


class Service:
    def __init__(self):
        self.transcriber = aai.Transcriber(config=aai.TranscriptionConfig(redact_pii=False, content_safety=True))

    def run(self, url):
        return self.transcriber.transcribe(url)  # want "aai-pii-redaction-missing"
