# Reduction of AssemblyAI/cookbook
# core-transcription/transcribe_batch_of_files/submitter.py: every file is
# submitted with a webhook on an ngrok URL and no auth header.
import os

import assemblyai as aai
import ngrok

listener = ngrok.connect(8000, authtoken_from_env=True)
public_url = listener.url()

aai.settings.api_key = "YOUR-API-KEY"
transcriber = aai.Transcriber()

for file in os.listdir("audio"):
    config = aai.TranscriptionConfig(
        webhook_url=f"{public_url}/?filename={file}"
    )
    transcriber.submit(f"audio/{file}", config=config)  # want "aai-pii-redaction-missing" "aai-webhook-auth-missing" "aai-content-safety-missing" "aai-retention-no-deletion"
