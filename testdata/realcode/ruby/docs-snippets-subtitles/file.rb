# Reduction of AssemblyAI-Community/docs-snippets subtitles/file.rb: the
# request at top level, a key placeholder in the header.
require 'net/http'
require 'httparty'

url = "https://api.assemblyai.com/v2/transcript"
headers = { "authorization" => "{your_api_token}", "content-type" => "application/json" }
data = { "audio_url" => "https://bit.ly/3yxKEIY" }
uri = URI.parse(url)
http = Net::HTTP.new(uri.host, uri.port)
http.use_ssl = true
request = Net::HTTP::Post.new(uri.request_uri, headers) # want "aai-pii-redaction-missing" "aai-content-safety-missing" "aai-retention-no-deletion"
request.body = data.to_json
response = http.request(request)
srt = HTTParty.get("https://api.assemblyai.com/v2/transcript/#{response['id']}/srt", headers: headers)
