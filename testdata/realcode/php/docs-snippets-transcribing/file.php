<?php
// Reduction of AssemblyAI-Community/docs-snippets transcribing/file.php:
// an upload through file_get_contents and a stream context (not a
// transcription request), then the transcript with cURL.
function upload_file($api_token, $path) {
    $options = ['http' => ['method' => 'POST', 'header' => "Authorization: $api_token", 'content' => file_get_contents($path)]];
    return file_get_contents('https://api.assemblyai.com/v2/upload', false, stream_context_create($options));
}

function create_transcript($api_token, $audio_url) {
    $headers = array("authorization: " . $api_token, "content-type: application/json");
    $data = array("audio_url" => $audio_url);
    $curl = curl_init("https://api.assemblyai.com/v2/transcript");
    curl_setopt($curl, CURLOPT_POST, true);
    curl_setopt($curl, CURLOPT_POSTFIELDS, json_encode($data));
    curl_setopt($curl, CURLOPT_HTTPHEADER, $headers);
    return json_decode(curl_exec($curl), true); // want "aai-pii-redaction-missing" "aai-content-safety-missing" "aai-retention-no-deletion"
}

$api_token = "{your_api_token}";
