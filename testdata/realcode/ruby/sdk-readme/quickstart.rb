# Reduction of AssemblyAI/assemblyai-ruby-sdk README.md (Quick start,
# "Transcribe an audio file with a public URL").
require 'assemblyai'

client = AssemblyAI::Client.new(api_key: 'YOUR_API_KEY')

transcript = client.transcripts.transcribe( # want "aai-pii-redaction-missing" "aai-content-safety-missing" "aai-retention-no-deletion"
  audio_url: 'https://assembly.ai/espn.m4a'
)
puts transcript.text
