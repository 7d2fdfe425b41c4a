# Reduction of ColsonXu/video-query transcriptor.py: a module-level
# transcriber wrapped by a one-line helper.
import os

import assemblyai as aai
from dotenv import load_dotenv

load_dotenv()

aai.settings.api_key = os.getenv("ASSEMBLYAI_API_KEY")
transcriber = aai.Transcriber()


def transcribe(file):
    return transcriber.transcribe(file).text  # want "aai-pii-redaction-missing" "aai-content-safety-missing" "aai-retention-no-deletion"
