# Reduction of fullstackpython/blog-code-examples
# accurate-twilio-voice-call-recording-transcriptions-assemblyai/transcribe.py:
# a REST POST of a call recording with the key from the environment.
import os

import requests

endpoint = "https://api.assemblyai.com/v2/transcript"

json = {
  "audio_url": os.getenv("RECORDING_URL")
}

headers = {
    "authorization": os.getenv("ASSEMBLYAI_KEY"),
    "content-type": "application/json"
}

response = requests.post(endpoint, json=json, headers=headers)  # want "aai-pii-redaction-missing" "aai-content-safety-missing" "aai-retention-no-deletion"
print(response.json())
