# Reduction of AssemblyAI-Community/docs-snippets hate-speech/file.rb:
# content safety on, no PII redaction, polling with HTTParty.
require "net/http"
require "httparty"

def create_transcript(api_token, audio_url)
  url = "https://api.assemblyai.com/v2/transcript"
  headers = { "authorization" => api_token, "content-type" => "application/json" }
  data = { "audio_url" => audio_url, "content_safety" => true }
  uri = URI.parse(url)
  http = Net::HTTP.new(uri.host, uri.port)
  http.use_ssl = true
  request = Net::HTTP::Post.new(uri.request_uri, headers) # want "aai-pii-redaction-missing" "aai-retention-no-deletion"
  request.body = data.to_json
  response = http.request(request)
  polling_endpoint = "https://api.assemblyai.com/v2/transcript/#{response.parsed_response['id']}"
  HTTParty.get(polling_endpoint, headers: headers).parsed_response
end
