# Reduction of iarslankhalid/speech-recognition-app Extras/utrances.py: a
# pasted key (synthetic here) and speaker labels.
import assemblyai as aai

aai.settings.api_key = "da34c705155397f757c763a5491ad136"  # want "assemblyai-api-key"

audio_url = "https://github.com/AssemblyAI-Examples/audio-examples/raw/main/20230607_me_canadian_wildfires.mp3"
config = aai.TranscriptionConfig(
  speaker_labels=True,
)
transcript = aai.Transcriber().transcribe(audio_url, config)  # want "aai-pii-redaction-missing" "aai-content-safety-missing" "aai-retention-no-deletion"
