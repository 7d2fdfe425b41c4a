# Reduction of Sealgram/SpeechHacks speech.py: a placeholder where the key
# goes (not a key), and a REST request with the defaults.
import requests

endpoint = "https://api.assemblyai.com/v2/transcript"
json = {
    "audio_url": "https://bit.ly/3yxKEIY"
}
headers = {
    "authorization": "API-TOKEN",
    "content-type": "application/json"
}
response = requests.post(endpoint, json=json, headers=headers)  # want "aai-pii-redaction-missing" "aai-content-safety-missing" "aai-retention-no-deletion"
print(response.json())
