# Reduction of talkpython/audio-ai-with-assemblyai-course
# code/03_feature_summary/src/services/ai_service.py: an async transcription
# with a config built next to it; transcripts are kept in the database.
import assemblyai


async def transcribe_episode(mp3_url: str):
    transcriber = assemblyai.Transcriber()
    config = assemblyai.TranscriptionConfig(
        punctuate=True,
        format_text=True,
        speaker_labels=False,
        disfluencies=False,
    )
    transcript_future = transcriber.transcribe_async(mp3_url, config)  # want "aai-pii-redaction-missing" "aai-content-safety-missing" "aai-retention-no-deletion"
    return transcript_future
