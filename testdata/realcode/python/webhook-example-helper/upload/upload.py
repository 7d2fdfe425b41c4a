# Reduction of AssemblyAI-Solutions/assemblyai_webhook_example upload/upload.py:
# main() builds the request with a webhook and hands it to a helper that
# posts it (issue 11: a helper's parameter decides the request).
import os

import requests

ASSEMBLY_API_KEY = os.environ.get("ASSEMBLY_API_KEY")
WEBHOOK_URL = os.environ.get("WEBHOOK_URL")


def createNewTranscriptRequest(request_data):
    endpoint = "https://api.assemblyai.com/v2/transcript"
    headers = {"authorization": ASSEMBLY_API_KEY, "content-type": "application/json"}
    response = requests.post(endpoint, json=request_data, headers=headers)  # want "aai-pii-redaction-missing" "aai-webhook-auth-missing" "aai-content-safety-missing" "aai-retention-no-deletion"
    return response.json()


def main():
    for upload_url in ["https://cdn.example.com/a.wav", "https://cdn.example.com/b.wav"]:
        request_data = {
            "audio_url": upload_url,
            "webhook_url": WEBHOOK_URL,
        }
        transcript_response = createNewTranscriptRequest(request_data)
        print("Uploaded: " + transcript_response["id"])
