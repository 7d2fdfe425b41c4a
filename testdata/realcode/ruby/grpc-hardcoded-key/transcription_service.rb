# Reduction of a gRPC transcription service found in public code (search
# corpus: "TranscriptionService < Transcription::TranscriptionService::Service"):
# a key pasted into the client constructor (a synthetic key here).
require 'assemblyai'

class TranscriptionService
  def transcribe(call)
    assembly_ai = AssemblyAI::Client.new(api_key: 'c5c5285779dea9a4833e676b2d04f46b') # want "assemblyai-api-key"
    call.each_remote_read { |chunk| assembly_ai.files.upload(file: chunk) }
  end
end
