# Reduction of MohannadKarim06/End-to-End-AI-Powered-Meeting-Notes-Automator
# app/api/transciber_routes.py: a module-level Transcriber used by a helper.
import os

import assemblyai as aai

aai.settings.api_key = os.getenv("ASSEMBLY_API_KEY")

transcriber = aai.Transcriber()


def transcriber_api(tmp_path):
    transcript = transcriber.transcribe(tmp_path)  # want "aai-pii-redaction-missing" "aai-content-safety-missing" "aai-retention-no-deletion"
    return transcript.text
