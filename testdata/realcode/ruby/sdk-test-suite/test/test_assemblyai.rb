# Reduction of AssemblyAI/assemblyai-ruby-sdk test/test_assemblyai.rb: the
# SDK's integration test reads the key from the environment, submits and
# deletes a transcript.
require "minitest/autorun"
require "assemblyai"

class TestAssemblyAI < Minitest::Test
  def client
    AssemblyAI::Client.new(api_key: ENV.fetch("ASSEMBLYAI_API_KEY"), environment: AssemblyAI::Environment::DEFAULT)
  end

  def test_submit_and_delete
    transcript = client.transcripts.submit(audio_url: "https://assembly.ai/espn.m4a") # want "aai-pii-redaction-missing" "aai-content-safety-missing"
    client.transcripts.delete(transcript_id: transcript.id)
  end
end
