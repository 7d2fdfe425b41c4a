# Fixture: requests whose transcriber and client come from app.aai and app.http.
from app.aai import transcriber, redacting
from app.aai.transcribers import make_transcriber
from ..http import client as http
import app.aai.transcribers as t


def run(url):
    redacting.transcribe(url)
    transcriber.transcribe(url)  # want "aai-pii-redaction-missing" "aai-content-safety-missing"
    make_transcriber().transcribe(url)  # want "aai-pii-redaction-missing" "aai-content-safety-missing"
    t.transcriber.submit(url)  # want "aai-pii-redaction-missing" "aai-content-safety-missing"
    http.post("/transcript", json={"audio_url": url, "content_safety": True})  # want "aai-pii-redaction-missing"
    unknown_client.post("/transcript", json={"audio_url": url})


def cleanup(transcript_id):
    # issue 11: the deletion through a client imported from another module
    http.delete(f"/transcript/{transcript_id}")
