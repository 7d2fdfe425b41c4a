# Reduction of AssemblyAI-Community/docs-snippets pii/file.rb: Net::HTTP with
# the data hash set as the body after the request is built.
require "net/http"
require "json"

def create_transcript(api_token, audio_url)
  url = "https://api.assemblyai.com/v2/transcript"
  headers = { "authorization" => api_token, "content-type" => "application/json" }
  data = {
    "audio_url" => audio_url,
    "redact_pii" => true,
    "redact_pii_policies" => ["us_social_security_number", "credit_card_number"]
  }
  uri = URI.parse(url)
  http = Net::HTTP.new(uri.host, uri.port)
  http.use_ssl = true
  request = Net::HTTP::Post.new(uri.request_uri, headers) # want "aai-content-safety-missing" "aai-retention-no-deletion"
  request.body = data.to_json
  http.request(request)
end

api_token = "{your_api_token}"
create_transcript(api_token, "https://example.com/foo.wav")
