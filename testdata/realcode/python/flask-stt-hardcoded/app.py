# Reduction of TheAyushThakur7/STT_Backend app.py: a Flask upload route with
# the key pasted into aai.settings (synthetic here).
import assemblyai as aai
from flask import Flask, jsonify, request

app = Flask(__name__)

aai.settings.api_key = "c270b66fbd59fdd860c2d3a80960fa21"  # want "assemblyai-api-key"


@app.route("/transcribe", methods=["POST"])
def transcribe():
    audio_file = request.files["audio"]
    transcriber = aai.Transcriber()
    transcript = transcriber.transcribe(audio_file)  # want "aai-pii-redaction-missing" "aai-content-safety-missing" "aai-retention-no-deletion"
    return jsonify({"transcription": transcript.text})
