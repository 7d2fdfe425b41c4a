<?php
// Reduction of AssemblyAI/assemblyai-api-spec
// fern/snippets/guides/identifying-speakers-in-audio-recordings/php-3.php,
// which does not parse: a comma is missing between the two entries (and
// upload_url lacks its $). Nothing in the broken array can be trusted.
$data = array(
    "audio_url" => upload_url
    "speaker_labels" => True
);
$curl = curl_init("https://api.assemblyai.com/v2/transcript");
curl_setopt($curl, CURLOPT_POST, true);
curl_setopt($curl, CURLOPT_POSTFIELDS, json_encode($data));
$response = curl_exec($curl); // want "aai-retention-no-deletion" miss "aai-pii-redaction-missing" "aai-content-safety-missing"
