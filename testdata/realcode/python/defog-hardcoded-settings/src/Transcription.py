# Reduction of vrindarathi23/defog src/Transcription.py: the key pasted into
# aai.settings (synthetic here), speaker labels and no redaction.
import assemblyai as aai

aai.settings.api_key = "6d4a376ae880a901ff38222a011e1ff5"  # want "assemblyai-api-key"

transcriber = aai.Transcriber()
config = aai.TranscriptionConfig(speaker_labels=True)
transcript = transcriber.transcribe("test.mp4", config)  # want "aai-pii-redaction-missing" "aai-content-safety-missing" "aai-retention-no-deletion"

for utterance in transcript.utterances:
    print(f"Speaker {utterance.speaker}: {utterance.text}")
