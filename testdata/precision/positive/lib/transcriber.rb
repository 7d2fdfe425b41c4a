require "assemblyai"

client = AssemblyAI::Client.new(api_key: "5ac91e10ddcbb534d959e722356746be")
transcript = client.transcripts.transcribe(audio_url: "https://example.com/a.mp3")
puts transcript.text
