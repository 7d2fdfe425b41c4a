# Fixture: parameters that reach a request through helpers in the same module.
import os

import assemblyai as aai
import requests

BASE = "https://api.assemblyai.com/v2"
HEADERS = {"authorization": os.environ["ASSEMBLYAI_API_KEY"]}


# issue 11: def submit(params): requests.post(url, json=params), called with a dict literal
def submit(params):
    return requests.post(BASE + "/transcript", json=params, headers=HEADERS)  # want "aai-pii-redaction-missing"


submit({"audio_url": "https://example.com/a.mp3", "content_safety": True})
submit({"audio_url": "https://example.com/b.mp3", "content_safety": True, "redact_pii": True, "redact_pii_policies": ["person_name"]})


# Keyword arguments and defaults.
def transcribe(url, config=None):
    return aai.Transcriber().transcribe(url, config=config)  # want "aai-pii-policies-missing"


transcribe("c.mp3", config=aai.TranscriptionConfig(redact_pii=True, content_safety=True))


# A config built from a parameter, then mutated: the mutation counts.
def run(enable):
    config = aai.TranscriptionConfig(content_safety=True)
    config.set_redact_pii(enable, policies=[aai.PIIRedactionPolicy.person_name])
    return aai.Transcriber(config=config).transcribe("d.mp3")  # want "aai-pii-redaction-missing"


run(False)
run(True)


# A parameter reassigned before the request: the reassignment decides.
def merged(params):
    params = {**params, "redact_pii": True, "redact_pii_policies": ["email_address"], "content_safety": True}
    return requests.post(BASE + "/transcript", json=params, headers=HEADERS)


merged({"audio_url": "https://example.com/e.mp3"})


# A parameter mutated before the request.
def mutated(params):
    params["redact_pii"] = True
    params["redact_pii_policies"] = ["phone_number"]
    return requests.post(BASE + "/transcript", json=params, headers=HEADERS)


mutated({"audio_url": "https://example.com/f.mp3", "content_safety": True})


# Methods through self, and an __init__ field.
class Service:
    def __init__(self, webhook):
        self.transcriber = aai.Transcriber()
        self.webhook = webhook

    def send(self, cfg):
        return self.transcriber.submit("g.mp3", config=cfg)  # want "aai-webhook-auth-missing"

    def nightly(self):
        return self.send(aai.TranscriptionConfig(redact_pii=True, redact_pii_policies=["person_name"], content_safety=True, webhook_url="https://example.com/hook"))


# Never called in this module: unknown.
def exported(params):
    return requests.post(BASE + "/transcript", json=params, headers=HEADERS)


# A token helper.
def mint(client, ttl):
    return client.create_temporary_token(expires_in_seconds=ttl)  # want "aai-token-long-expiry"


mint(aai.streaming.v3.StreamingClient(aai.streaming.v3.StreamingClientOptions(api_key=os.environ["ASSEMBLYAI_API_KEY"])), 86_400)


# A transcriber from a local factory function (the pattern of a Django
# service module: get_transcriber() returns aai.Transcriber() or None).
def get_transcriber():
    if not os.environ.get("ASSEMBLYAI_API_KEY"):
        return None
    return aai.Transcriber()


def submit_for_transcription(file_url, webhook_url):
    transcriber = get_transcriber()
    config = aai.TranscriptionConfig(webhook_url=webhook_url, punctuate=True, content_safety=True)
    return transcriber.submit(file_url, config=config)  # want "aai-pii-redaction-missing" "aai-webhook-auth-missing"


# A local function that is not a transcriber factory: not a request.
def make_recorder():
    return Recorder()


def record(url):
    return make_recorder().submit(url)
