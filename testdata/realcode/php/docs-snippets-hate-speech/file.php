<?php
// Reduction of AssemblyAI-Community/docs-snippets hate-speech/file.php:
// content safety on, PII kept; polling with a second cURL handle (a GET).
function create_transcript($api_token, $audio_url) {
    $url = "https://api.assemblyai.com/v2/transcript";
    $headers = array("authorization: " . $api_token, "content-type: application/json");
    $data = array("audio_url" => $audio_url, "content_safety" => true);
    $curl = curl_init($url);
    curl_setopt($curl, CURLOPT_POST, true);
    curl_setopt($curl, CURLOPT_POSTFIELDS, json_encode($data));
    curl_setopt($curl, CURLOPT_HTTPHEADER, $headers);
    $response = json_decode(curl_exec($curl), true); // want "aai-pii-redaction-missing" "aai-retention-no-deletion"
    $polling_endpoint = "https://api.assemblyai.com/v2/transcript/" . $response['id'];
    $polling_response = curl_init($polling_endpoint);
    curl_setopt($polling_response, CURLOPT_HTTPHEADER, $headers);
    return json_decode(curl_exec($polling_response), true);
}
