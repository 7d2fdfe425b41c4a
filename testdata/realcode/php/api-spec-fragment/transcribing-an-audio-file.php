// Reduction of AssemblyAI/assemblyai-api-spec
// fern/snippets/guides/transcribing-an-audio-file/php-2.php and php-3.php:
// documentation fragments without <?php, the data array in one and the
// cURL call in the next.
$data = array(
    "audio_url" => $upload_url
);
$url = $base_url . "/v2/transcript";
$curl = curl_init($url);
curl_setopt($curl, CURLOPT_POST, true);
curl_setopt($curl, CURLOPT_POSTFIELDS, json_encode($data));
curl_setopt($curl, CURLOPT_HTTPHEADER, $headers);
curl_setopt($curl, CURLOPT_RETURNTRANSFER, true);
$response = curl_exec($curl); // want "aai-pii-redaction-missing" "aai-content-safety-missing" "aai-retention-no-deletion"
curl_close($curl);
