# Reduction of a Rails service found in public code (search corpus:
# "class AssemblyTranscriptionService", app/services): the client kept in an
# instance variable from initialize, speaker labels and language detection.
require "assemblyai"

class AssemblyTranscriptionService
  POLL_INTERVAL = 5

  def initialize(analysis)
    @analysis = analysis
    @client = AssemblyAI::Client.new(api_key: ENV.fetch("ASSEMBLYAI_API_KEY"))
  end

  def call(upload_url)
    transcript = @client.transcripts.transcribe( # want "aai-pii-redaction-missing" "aai-content-safety-missing" "aai-retention-no-deletion"
      audio_url: upload_url,
      speaker_labels: true,
      language_detection: true
    )
    @analysis.update!(assembly_transcript_id: transcript.id)
  end
end
